"""Configuratie for a shop that books into Asperion: "Koppel met Asperion" is a form (administration
number, license code, the dashboard password again); a number that is none is said in Dutch and
nothing stored; the code is stored without asking Asperion (manual 003: it cannot be checked in
advance) and never shown back. Then a payment code per payment method the shop pushed, the invoice
date and the hour of the daily file are saved. No orders are pushed: the booking worker has nothing
of this shop's to book while the page works."""
import json
import os
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from browserkit import DashboardTestCase, Shop, WAIT, database

TENANT = os.environ["KOPPEL_ASPERION_TENANT"]
ASPERION = os.environ["KOPPEL_ASPERION_SANDBOX"]
LICENSE_FILE = os.environ["KOPPEL_ASPERION_LICENSE_FILE"]


def asperion_requests():
    """Requests the Asperion sandbox served (uploads and /v1), from its own counter."""
    with urllib.request.urlopen(ASPERION + "/sandbox/stats", timeout=WAIT) as response:
        return json.loads(response.read())["total"]


class AsperionTest(DashboardTestCase):
    @classmethod
    def setUpClass(cls):
        cls.shop = Shop.create("Asperion winkel", ledger="asperion", connect=False, sync=False)

    def status_says(self, text):
        self.wait.until(lambda driver: text in driver.find_element(By.ID, "status").text)

    def fill(self, administration, code):
        form = self.visible("ledger-license-form")
        for element_id, value in (("ledger-administration", administration), ("ledger-license-code", code),
                                  ("ledger-license-password", self.shop.password)):
            field = form.find_element(By.ID, element_id)
            field.clear()
            field.send_keys(value)
        form.find_element(By.ID, "ledger-license-save").click()

    def stored_settings(self):
        with database() as db:
            row = db.execute(
                "SELECT s.settings FROM connection_ledger_settings s JOIN connection c ON c.id = s.connection_id "
                "WHERE c.license_key = ?", (self.shop.license,)).fetchone()
        return json.loads(row[0]) if row else None

    def code_field(self, method):
        return self.driver.find_element(By.CSS_SELECTOR, f"#ledger-setting-payment_codes input[data-method='{method}']")

    def test_connect_asperion_with_a_license_code_and_map_the_payment_methods(self):
        with open(LICENSE_FILE) as file:
            code = file.read().strip()
        requests_before = asperion_requests()
        self.log_in()
        self.open_tab("config")
        self.assertIn("Nog niet gekoppeld met Asperion", self.visible("ledger-state").text)
        self.assertEqual(self.visible("ledger-license-save").text, "Koppel met Asperion")
        self.assertEqual(self.driver.find_elements(By.ID, "ledger-authorize"), [])
        self.assertIn("Controleer dat je de juiste code invult", self.driver.find_element(By.ID, "ledger-license-help").text)

        # A name instead of the number: said in Dutch, nothing stored.
        self.fill("Fietsen BV", code)
        self.status_says("Het administratienummer bestaat alleen uit cijfers")
        self.assertIn("Nog niet gekoppeld", self.driver.find_element(By.ID, "ledger-state").text)
        self.assertIsNone(self.stored_settings())

        self.fill(TENANT, code)
        self.status_says("De licentiecode is opgeslagen voor administratie " + TENANT)
        self.wait.until(lambda driver: f"Gekoppeld met Asperion, administratie {TENANT}"
                        in driver.find_element(By.ID, "ledger-state").text)
        self.assertEqual(self.driver.find_element(By.ID, "ledger-license-code").get_attribute("value"), "")
        self.assertEqual(self.driver.find_element(By.ID, "ledger-administration").get_attribute("value"), TENANT)
        self.assertNotIn(code, self.driver.page_source)
        self.assertEqual(asperion_requests(), requests_before)
        self.driver.execute_script("document.getElementById('ledger-connect').scrollIntoView()")
        self.screenshot("koppelen-asperion")

        # A row per payment method the shop pushed; the invoice date and the hour as choices.
        self.wait.until(lambda driver: driver.find_elements(By.CSS_SELECTOR, "#ledger-setting-payment_codes tbody tr"))
        rows = self.driver.find_elements(By.CSS_SELECTOR, "#ledger-setting-payment_codes tbody tr")
        self.assertEqual([row.get_attribute("data-method") for row in rows], ["cod", "free_checkout"])
        self.assertEqual(self.driver.find_element(By.CSS_SELECTOR, "label[for=ledger-setting-run_hour]").text,
                         "Tijdstip van het dagelijkse bestand")
        self.assertEqual(Select(self.driver.find_element(By.ID, "ledger-setting-invoice_date"))
                         .first_selected_option.text, "Besteldatum")

        # A code Asperion cannot take: the row is named, nothing stored.
        self.code_field("free_checkout").send_keys("GRATIS BETAALD")
        self.driver.find_element(By.CSS_SELECTOR, "#ledger-settings-form button[type=submit]").click()
        self.status_says("voor betaalmethode free_checkout niet aan")
        self.assertEqual(self.stored_settings()["paymentCodes"], {})

        self.code_field("free_checkout").clear()
        self.code_field("cod").send_keys("REMBOURS")
        Select(self.driver.find_element(By.ID, "ledger-setting-invoice_date")).select_by_visible_text(
            "Exportdatum: de dag waarop het bestand gemaakt wordt")
        Select(self.driver.find_element(By.ID, "ledger-setting-run_hour")).select_by_visible_text("05:00")
        self.driver.find_element(By.CSS_SELECTOR, "#ledger-settings-form button[type=submit]").click()
        self.status_says("De instellingen voor Asperion zijn opgeslagen")
        # Drawn again from what koppel stored.
        self.wait.until(lambda driver: self.code_field("cod").get_attribute("value") == "REMBOURS")
        self.assertEqual(self.code_field("free_checkout").get_attribute("value"), "")
        self.assertEqual(Select(self.driver.find_element(By.ID, "ledger-setting-invoice_date"))
                         .first_selected_option.get_attribute("value"), "export_date")
        self.assertEqual(Select(self.driver.find_element(By.ID, "ledger-setting-run_hour"))
                         .first_selected_option.get_attribute("value"), "5")
        self.assertEqual(self.stored_settings(), {"paymentCodes": {"cod": "REMBOURS"}, "invoiceDate": "export_date", "runHour": 5})
        self.driver.execute_script("document.getElementById('config-ledger').scrollIntoView()")
        self.screenshot("configuratie-asperion")
