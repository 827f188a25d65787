"""Configuratie for a shop that books into Factuursturen: "Koppel met Factuursturen" is a form (user
name, API key, the dashboard password again); a key the sandbox refuses is said in Dutch and not
stored, the right one connects; then the three settings are saved and "Vernieuwen" reads the taxes."""
import os

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from browserkit import DashboardTestCase, Shop, SANDBOX_TOKEN_FILE

USERNAME = os.environ["KOPPEL_FACTUURSTUREN_USER"]


class FactuursturenTest(DashboardTestCase):
    @classmethod
    def setUpClass(cls):
        cls.shop = Shop.create("Factuursturen winkel", ledger="factuursturen", connect=False, sync=False)

    def status_says(self, text):
        self.wait.until(lambda driver: text in driver.find_element(By.ID, "status").text)

    def fill(self, key):
        form = self.visible("ledger-token-form")
        for element_id, value in (("ledger-username", USERNAME), ("ledger-key", key),
                                  ("ledger-token-password", self.shop.password)):
            field = form.find_element(By.ID, element_id)
            field.clear()
            field.send_keys(value)
        form.find_element(By.ID, "ledger-token-save").click()

    def test_connect_factuursturen_with_an_api_key_and_choose_its_settings(self):
        with open(SANDBOX_TOKEN_FILE) as file:
            key = file.read().strip()
        self.log_in()
        self.open_tab("config")
        self.assertIn("Nog niet gekoppeld met Factuursturen", self.visible("ledger-state").text)
        self.assertEqual(self.visible("ledger-token-save").text, "Koppel met Factuursturen")
        self.assertEqual(self.driver.find_elements(By.ID, "ledger-authorize"), [])

        # A key Factuursturen refuses: said in Dutch, nothing stored.
        self.fill("fs-ingetrokken-sleutel")
        self.status_says("Factuursturen weigert deze gebruikersnaam of API-sleutel")
        self.assertIn("Nog niet gekoppeld", self.driver.find_element(By.ID, "ledger-state").text)
        self.driver.execute_script("document.getElementById('status').scrollIntoView()")
        self.screenshot("koppelen-factuursturen")

        self.fill(key)
        self.status_says("Factuursturen is gekoppeld")
        self.wait.until(lambda driver: f"Gekoppeld met Factuursturen, gebruikersnaam {USERNAME}"
                        in driver.find_element(By.ID, "ledger-state").text)
        self.assertEqual(self.driver.find_element(By.ID, "ledger-key").get_attribute("value"), "")
        self.assertNotIn(key, self.driver.page_source)

        # The three settings, in Dutch; e-mail chosen and saved.
        send = self.wait.until(lambda driver: driver.find_element(By.ID, "ledger-setting-send_method"))
        self.assertEqual(self.driver.find_element(By.CSS_SELECTOR, "label[for=ledger-setting-send_method]").text,
                         "Verzending van de factuur")
        Select(send).select_by_value("email")
        self.driver.find_element(By.ID, "ledger-setting-register_payment").click()
        self.driver.find_element(By.CSS_SELECTOR, "#ledger-settings-form button[type=submit]").click()
        self.status_says("De instellingen voor Factuursturen zijn opgeslagen")
        self.wait.until(lambda driver: Select(driver.find_element(By.ID, "ledger-setting-send_method"))
                        .first_selected_option.get_attribute("value") == "email")
        self.assertFalse(self.driver.find_element(By.ID, "ledger-setting-register_payment").is_selected())

        # "Vernieuwen" reads Factuursturen's taxes for the VAT table.
        self.driver.find_element(By.ID, "vat-refresh").click()
        self.status_says("vernieuwd")
        self.driver.execute_script("document.getElementById('config-ledger').scrollIntoView()")
        self.screenshot("configuratie-factuursturen")
