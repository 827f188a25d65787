"""Configuratie's shop section of a Mijnwebwinkel connection in headless Chromium, with the shop a
Mijnwebwinkel sandbox process of this file's own: the shop's name and when orders were last fetched
instead of OpenCart's license and API key, and the store token replaced with the account's password,
checked against the shop first (a refused token is not stored) and never shown back."""
import os
import secrets
import subprocess

from browserkit import BIN, RUN, WAIT, DashboardTestCase, Shop, accept_terms, database, koppel
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

STORE_TOKEN = "store-browser-" + secrets.token_hex(6)
PARTNER_TOKEN = "partner-browser-" + secrets.token_hex(6)


def token_file(name, token):
    path = os.path.join(RUN, name)
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as file:
        file.write(token + "\n")
    return path


class MijnwebwinkelShopInABrowser(DashboardTestCase):
    @classmethod
    def setUpClass(cls):
        cls.shop_process = subprocess.Popen(
            [os.path.join(BIN, "koppel-sandbox"), "--shop", "mijnwebwinkel", "--port", "0",
             "--store-token", STORE_TOKEN, "--partner-token", PARTNER_TOKEN],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = cls.shop_process.stdout.readline()
        if not line.startswith("listening on 127.0.0.1:"):
            cls.shop_process.terminate()
            raise AssertionError(f"koppel-sandbox --shop mijnwebwinkel said: {line!r}")
        shop_url = "http://" + line.strip().removeprefix("listening on ")
        license = koppel("connection", "add", "--name", "Mijnwebwinkel Demowinkel", "--shop", "mijnwebwinkel",
                         "--ledger", "moneybird", "--store-token-file", token_file("mww-store", STORE_TOKEN),
                         "--partner-token-file", token_file("mww-partner", PARTNER_TOKEN), "--shop-url", shop_url)
        cls.shop = Shop("Mijnwebwinkel Demowinkel", license, None, f"eigenaar-{license.lower()}@winkel.example",
                        "Wachtwoord-" + secrets.token_hex(8))
        koppel("user", "add", cls.shop.email, stdin=cls.shop.password + "\n")
        koppel("user", "attach", cls.shop.email, license)
        accept_terms(cls.shop.email, cls.shop.password)

    @classmethod
    def tearDownClass(cls):
        cls.shop_process.terminate()
        cls.shop_process.wait(timeout=WAIT)

    def fetched_at(self):
        with database() as db:
            row = db.execute(
                "SELECT r.at FROM connection_run r JOIN connection c ON c.id = r.connection_id "
                "WHERE c.license_key = ? AND r.job = 'fetch'", (self.shop.license,)).fetchone()
        return None if row is None else row[0]

    def status_says(self, text, error):
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "status"), text))
        self.assertEqual("error" in self.driver.find_element(By.ID, "status").get_attribute("class"), error)

    def save_token(self, token, password):
        for field_id, value in (("store-token", token), ("store-token-password", password)):
            field = self.driver.find_element(By.ID, field_id)
            field.clear()
            field.send_keys(value)
        self.driver.find_element(By.ID, "store-token-save").click()

    def test_the_owner_sees_the_shop_and_replaces_its_store_token(self):
        self.log_in()
        self.open_tab("config")
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "shop-store-name"), "Koppel Demowinkel"))
        # The stack's booking worker (`sync --follow`) fetches every shop once a minute, so it may have
        # fetched this one already. Read only after the page: no fetch on record now means none was when
        # the page asked, and then the page must say so.
        shown = self.driver.find_element(By.ID, "shop-last-fetch").text
        if self.fetched_at() is None:
            self.assertEqual(shown, "nog niet")
        else:
            self.assertNotEqual(shown, "")
        self.assertEqual(self.driver.find_elements(By.ID, "shop-license"), [])
        self.assertNotIn(STORE_TOKEN, self.driver.page_source)
        opener = self.driver.find_element(By.ID, "store-token-open")
        self.assertEqual(opener.text, "Winkeltoken vervangen")
        opener.click()
        self.assertEqual(self.driver.switch_to.active_element.get_attribute("id"), "store-token")
        self.screenshot("configuratie-mijnwebwinkel")

        self.save_token("store-verkeerd-2026", self.shop.password)
        self.status_says("weigert deze winkeltoken", True)
        self.save_token(STORE_TOKEN, "Verkeerd-wachtwoord-1")
        self.status_says("wachtwoord is onjuist", True)
        self.save_token(STORE_TOKEN, self.shop.password)
        self.status_says("De winkeltoken is opgeslagen", False)
        self.assertEqual(self.driver.find_element(By.ID, "store-token").get_attribute("value"), "")
        self.assertNotIn(STORE_TOKEN, self.driver.page_source)

        # The fetch runs with the stored token; the page then says when.
        koppel("fetch", "--connection", self.shop.license)
        self.open_tab("booked")
        self.open_tab("config")
        self.wait.until(lambda driver: driver.find_element(By.ID, "shop-last-fetch").text not in ("", "nog niet"))
