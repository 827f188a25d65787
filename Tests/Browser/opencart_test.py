"""Configuratie's OpenCart section in headless Chromium: the license and koppel's address to enter
in the extension, and the shop's API key replaced with the account's password (never shown back);
then a push signed with the new key is accepted and one signed with the old key is 401."""
import os
import subprocess
import time

from browserkit import BIN, ENDPOINT, FIXTURES, RUN, URL, WAIT, DashboardTestCase, Shop
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

NEW_KEY = "Fiets(Sleutel)=2026#Nieuw!"


def push_settings(license, key_file):
    """`koppel push` of the shop's settings signed with the key in `key_file`: (exit status, output)."""
    done = subprocess.run(
        [os.path.join(BIN, "koppel"), "push", "--endpoint", ENDPOINT, "--license", license, "--api-key-file", key_file,
         "--settings", os.path.join(FIXTURES, "opencart3-settings.json"), "--vat-custom-field", "1"],
        capture_output=True, text=True)
    return done.returncode, done.stdout + done.stderr


class OpenCartKeyInABrowser(DashboardTestCase):
    @classmethod
    def setUpClass(cls):
        cls.shop = Shop.create("Fietsenwinkel De Sleutel", sync=False)

    def status_says(self, text, error):
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "status"), text))
        self.assertEqual("error" in self.driver.find_element(By.ID, "status").get_attribute("class"), error)

    def save_key(self, key, password):
        for field_id, value in (("shop-key", key), ("shop-key-password", password)):
            field = self.driver.find_element(By.ID, field_id)
            field.clear()
            field.send_keys(value)
        self.driver.find_element(By.ID, "shop-key-save").click()

    def test_the_owner_replaces_the_key_the_shop_signs_with(self):
        self.log_in()
        self.open_tab("config")
        facts = self.visible("shop-facts")
        self.assertEqual(self.driver.find_element(By.ID, "shop-license").text, self.shop.license)
        self.assertEqual(self.driver.find_element(By.ID, "shop-endpoint").text, URL)
        self.assertIn("ingesteld (wordt nooit getoond)", facts.text)
        with open(self.shop.api_key_file) as file:
            old_key = file.read().strip()
        self.assertNotIn(old_key, self.driver.page_source)
        opener = self.driver.find_element(By.ID, "shop-key-open")
        self.assertEqual(opener.text, "API-sleutel vervangen")
        opener.click()
        self.assertEqual(self.driver.switch_to.active_element.get_attribute("id"), "shop-key")
        self.assertIn("15 tot 64 tekens", self.driver.find_element(By.ID, "shop-key-rules").text)
        self.screenshot("configuratie-opencart")

        self.save_key("te-kort", self.shop.password)
        self.status_says("15 tot 64 tekens", True)
        self.save_key(NEW_KEY, "Verkeerd-wachtwoord-1")
        self.status_says("wachtwoord is onjuist", True)
        self.save_key(NEW_KEY, self.shop.password)
        self.status_says("De API-sleutel is opgeslagen", False)
        self.assertEqual(self.driver.find_element(By.ID, "shop-key").get_attribute("value"), "")
        self.assertNotIn(NEW_KEY, self.driver.page_source)

        new_key_file = os.path.join(RUN, f"api-key-new-{self.shop.license}")
        with open(os.open(new_key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as file:
            file.write(NEW_KEY + "\n")
        # koppel-fcgi keeps a connection's row a few seconds: the new key opens within the margin.
        deadline = time.monotonic() + WAIT
        while True:
            status, output = push_settings(self.shop.license, new_key_file)
            if status == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        self.assertEqual(status, 0, output)
        status, output = push_settings(self.shop.license, self.shop.api_key_file)
        self.assertNotEqual(status, 0, output)
        self.assertIn("\"unauthorized\"", output)  # 401
        self.shop.api_key_file = new_key_file
