"""Profiel, "Wachtwoord vergeten?" and "Koppel met Moneybird" in headless Chromium.

Each test signs in as an account of its own on the class's shop. The reset mail goes through a
real SMTP server on loopback (Tests/MailTests/smtp-server.py, Debian's python3-aiosmtpd) set with
`koppel mail set`; the OAuth flow goes through the Moneybird sandbox's authorize and token
endpoints, the browser following every redirect.
"""
import json
import os
import re
import secrets
import subprocess
import sys
import time

from browserkit import DashboardTestCase, Shop, URL, WAIT, accept_terms, database, koppel
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

SMTP_SERVER = os.path.join(os.path.dirname(__file__), "..", "MailTests", "smtp-server.py")


class ProfileInABrowser(DashboardTestCase):
    @classmethod
    def setUpClass(cls):
        cls.shop = Shop.create("Kaashandel Profiel", orders=["opencart3-order-1.json"])

    def account(self):
        """A fresh account on the class's shop: (e-mail, password)."""
        email = f"profiel-{secrets.token_hex(4)}@winkel.example"
        password = "Wachtwoord-" + secrets.token_hex(8)
        koppel("user", "add", email, stdin=password + "\n")
        koppel("user", "attach", email, self.shop.license)
        accept_terms(email, password)  # else "Koppel met Moneybird" waits for the dialog
        return email, password

    def status_says(self, text):
        self.wait.until(lambda d: text in d.find_element(By.ID, "status").text,
                        f"the status never said {text!r}")

    def fill(self, values):
        for element_id, value in values.items():
            field = self.visible(element_id)
            field.clear()
            field.send_keys(value)

    def test_change_the_password_and_log_in_with_it(self):
        email, password = self.account()
        self.log_in(email, password)
        self.open_tab("profile")
        card = self.visible("profile-connections")
        self.wait.until(lambda d: "gelukt" in card.text)
        for text in (self.shop.license, "Kaashandel Profiel", "OpenCart", "Moneybird", "Actief"):
            self.assertIn(text, card.text)
        self.assertEqual(self.driver.find_element(By.ID, "profile-email").get_attribute("value"), email)
        self.screenshot("profiel")

        new = "Nieuw-" + secrets.token_hex(8)
        self.fill({"profile-current": password, "profile-new": new, "profile-repeat": new})
        self.driver.find_element(By.CSS_SELECTOR, "#profile-password-form button[type=submit]").click()
        self.status_says("Je wachtwoord is gewijzigd")
        self.driver.find_element(By.ID, "logout").click()
        self.visible("login")
        # The old password no longer works; the new one does.
        self.fill({"email": email, "password": password})
        self.driver.find_element(By.CSS_SELECTOR, "#login button[type=submit]").click()
        self.status_says("onjuist")
        self.log_in(email, new)

    def test_forgotten_password_by_mail(self):
        email, password = self.account()
        spool = os.path.join(os.environ["KOPPEL_RUN"], "smtp-spool-" + secrets.token_hex(4))
        os.makedirs(spool)
        server = subprocess.Popen([sys.executable, SMTP_SERVER, "--mode", "plain", "--spool", spool],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            port = int(server.stdout.readline())
            koppel("mail", "set", "--url", f"smtp://127.0.0.1:{port}", "--from", "koppel@winkel.example",
                   "--security", "none")
            self.driver.get(URL + "/")
            self.visible("forgot-password").click()
            self.fill({"reset-email": email})
            self.screenshot("wachtwoord-vergeten")
            self.driver.find_element(By.CSS_SELECTOR, "#reset-request button[type=submit]").click()
            self.status_says("herstellink")
            mail = self.wait_for_mail(spool)
            self.assertEqual(mail["rcpt_tos"], [email])
            text = "\n".join(part.get("text") or "" for part in mail["message"]["parts"])
            link = re.search(re.escape(URL) + r"/#herstel=[A-Za-z0-9_-]+", text).group(0)

            # Opened from the mail: a page of its own.
            self.driver.get("about:blank")
            self.driver.get(link)
            self.visible("reset-confirm")
            # The token left the address bar at once.
            self.assertNotIn("herstel", self.driver.current_url)
            new = "Hersteld-" + secrets.token_hex(8)
            self.fill({"reset-new": new, "reset-repeat": new})
            self.driver.find_element(By.CSS_SELECTOR, "#reset-confirm button[type=submit]").click()
            self.status_says("Je wachtwoord is ingesteld")
            self.log_in(email, new)

            # The link works once.
            self.driver.find_element(By.ID, "logout").click()
            self.visible("login")
            self.driver.get("about:blank")
            self.driver.get(link)
            self.fill({"reset-new": "Nog-een-keer-12345", "reset-repeat": "Nog-een-keer-12345"})
            self.driver.find_element(By.CSS_SELECTOR, "#reset-confirm button[type=submit]").click()
            self.status_says("verlopen of al gebruikt")
            self.log_in(email, new)
        finally:
            server.stdin.close()
            server.wait(timeout=WAIT)

    def wait_for_mail(self, spool):
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            path = os.path.join(spool, "1.json")
            if os.path.exists(path):
                with open(path) as file:
                    return json.load(file)
            time.sleep(0.1)
        raise AssertionError("no reset mail arrived")

    def test_connect_moneybird_with_the_button(self):
        email, password = self.account()
        # Marked as connected long ago: the button's connect must store a new time.
        with database() as db:
            db.execute("UPDATE connection_ledger SET connected_at = 1 WHERE connection_id = "
                       "(SELECT id FROM connection WHERE license_key = ?)", (self.shop.license,))
        self.log_in(email, password)
        self.open_tab("config")
        button = self.visible("ledger-authorize")
        self.assertIn("Gekoppeld met Moneybird", self.driver.find_element(By.ID, "ledger-state").text)
        # To the sandbox's authorize page and back, by redirects the browser follows.
        button.click()
        self.status_says("Moneybird is gekoppeld")
        self.visible("panel-config")
        self.assertNotIn("boekhouding=", self.driver.current_url)
        self.assertIn("Gekoppeld met Moneybird", self.visible("ledger-state").text)
        self.screenshot("koppelen-moneybird")
        with database() as db:
            after = db.execute(
                "SELECT l.connected_at FROM connection_ledger l JOIN connection c ON c.id = l.connection_id "
                "WHERE c.license_key = ?", (self.shop.license,)).fetchone()[0]
        self.assertGreater(after, 1)
        # koppel books with the tokens the button brought.
        self.shop.push("opencart3-order-3.json")
        self.shop.sync()
        self.assertIsNotNone(self.shop.order_row(3)[1])
