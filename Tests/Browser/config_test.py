"""Configuratie in headless Chromium: the status dots, the booked statuses, the VAT mapping used by
the next booking, and "VAT-instellingen verwijderen" with its confirmation.

The shop has its settings pushed and Moneybird connected and mapped (`koppel ledger map`, which
keeps the ledger's reference data for the tab), and no orders yet: order 1 is pushed after the
VAT mapping changed, booked by `koppel sync`, and read back from the sandbox.
"""
import json
import urllib.request

from browserkit import DashboardTestCase, Shop, SANDBOX, ADMINISTRATION, SANDBOX_TOKEN_FILE, WAIT
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select


def moneybird(path):
    """GET from the sandbox's Moneybird API as koppel calls it; its JSON."""
    with open(SANDBOX_TOKEN_FILE) as file:
        token = file.read().strip()
    request = urllib.request.Request(f"{SANDBOX}/api/v2/{ADMINISTRATION}/{path}.json",
                                     headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=WAIT) as response:
        return json.loads(response.read())


class ConfigurationPage(DashboardTestCase):
    """The tab's helpers; each test class below has a shop of its own (no tests here)."""

    def open_configuration(self):
        self.log_in()
        self.open_tab("config")
        return self.visible("config-dots")

    def nl21_row(self):
        return self.driver.find_element(By.CSS_SELECTOR, "#vat-rows tr[data-scope='NL'][data-rate='2100']")

    def saved(self, text):
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "status"), text))
        self.assertNotIn("error", self.driver.find_element(By.ID, "status").get_attribute("class"))



class VATMappingInABrowser(ConfigurationPage):
    @classmethod
    def setUpClass(cls):
        cls.shop = Shop.create("Kaashandel Jansen", orders=(), statuses="2,3,5", sync=False)

    def test_vat_mapping_is_used_by_the_next_booking(self):
        self.open_configuration()
        shop_dot = self.driver.find_element(By.CSS_SELECTOR, "#shop-dot .dot")
        self.assertIn("green", shop_dot.get_attribute("class"))
        # `koppel ledger map` read the ledger with the stored token: its last call went well.
        self.assertIn("green", self.driver.find_element(By.CSS_SELECTOR, "#ledger-dot .dot").get_attribute("class"))
        self.assertIn("toegang geldig", self.driver.find_element(By.ID, "ledger-dot").text)
        self.assertIn("Instellingen versie 1", self.driver.find_element(By.ID, "shop-dot").text)
        self.assertIn("Vaste debiteur", self.driver.find_element(By.ID, "config-debtors").text)
        self.assertIn("nooit voor ICP", self.driver.find_element(By.ID, "config-debtors").text)
        rows = self.driver.find_elements(By.CSS_SELECTOR, "#vat-rows tr")
        scopes = {row.get_attribute("data-scope") for row in rows}
        self.assertEqual(len(scopes), 29, sorted(scopes))
        self.screenshot("configuratie")

        # NL 21% to another tax rate and revenue account of the sandbox than `ledger map` chose.
        row = self.nl21_row()
        code = Select(row.find_element(By.CSS_SELECTOR, "select[id^='vat-code-']"))
        account = Select(row.find_element(By.CSS_SELECTOR, "select[id^='vat-account-']"))
        code.select_by_visible_text("België 21% (OSS) (21.0)")
        account.select_by_visible_text("Omzet hoog tarief (8010)")
        chosen_code = code.first_selected_option.get_attribute("value")
        chosen_account = account.first_selected_option.get_attribute("value")
        self.driver.find_element(By.CSS_SELECTOR, "#vat-form button[type=submit]").click()
        self.saved("De btw-instellingen zijn opgeslagen.")
        self.driver.execute_script("document.getElementById('config-vat').scrollIntoView()")
        self.screenshot("configuratie-btw")

        self.shop.push("opencart3-order-1.json")
        self.shop.sync()
        _, invoice_id = self.shop.order_row(1)
        self.assertIsNotNone(invoice_id, "order 1 was not booked")
        details = moneybird(f"sales_invoices/{invoice_id}")["details"]
        at21 = [d for d in details if d["tax_rate_id"] == chosen_code]
        self.assertTrue(at21, details)
        self.assertTrue(all(d["ledger_account_id"] == chosen_account for d in at21), details)

        # A phone's width: the same tab, stacked.
        self.driver.set_window_size(390, 844)
        self.driver.refresh()
        self.visible("dashboard")
        self.open_tab("config")
        self.visible("config-dots")
        self.assertIn("green", self.driver.find_element(By.CSS_SELECTOR, "#ledger-dot .dot").get_attribute("class"))
        # Nothing wider than the phone: no sideways scrolling.
        width, inner = self.driver.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth]")
        self.assertLessEqual(width, inner)
        self.screenshot("configuratie-telefoon")



class StatusesAndVATResetInABrowser(ConfigurationPage):
    """A shop of its own: deleting the VAT settings must not touch the booking test's."""

    @classmethod
    def setUpClass(cls):
        cls.shop = Shop.create("Kaasmakerij Bakker", orders=(), statuses="2,3,5", sync=False)

    def test_statuses_and_deleting_the_vat_settings(self):
        self.open_configuration()
        # Booked: Processing, Shipped, Complete (ledger map); also Pending now, and Refunded credited.
        self.assertTrue(self.driver.find_element(By.ID, "status-booked-5").is_selected())
        self.driver.find_element(By.ID, "status-booked-1").click()
        self.driver.find_element(By.ID, "status-cancelled-11").click()
        self.driver.find_element(By.CSS_SELECTOR, "#statuses-form button[type=submit]").click()
        self.saved("De orderstatussen zijn opgeslagen.")
        self.assertTrue(self.visible("status-booked-1").is_selected())
        self.assertTrue(self.driver.find_element(By.ID, "status-cancelled-11").is_selected())
        status, text = self.fetch("GET", f"connections/{self.shop.license}/configuration")
        self.assertEqual(status, 200, text)
        statuses = json.loads(text)["statuses"]
        self.assertEqual(statuses, {"booked": [1, 2, 3, 5], "cancelled": [11]})

        # Both booked and credited: refused in Dutch, nothing stored.
        self.driver.find_element(By.ID, "status-cancelled-1").click()
        self.driver.find_element(By.CSS_SELECTOR, "#statuses-form button[type=submit]").click()
        self.wait.until(EC.text_to_be_present_in_element(
            (By.ID, "status"), "Een status kan niet tegelijk geboekt en gecrediteerd worden."))
        self.assertIn("error", self.driver.find_element(By.ID, "status").get_attribute("class"))

        # "Vernieuwen" reads the ledger's lists again.
        self.driver.find_element(By.ID, "vat-refresh").click()
        self.saved("De gegevens uit de boekhouding zijn vernieuwd.")

        # "VAT-instellingen verwijderen": dismissed, nothing changes; confirmed, nothing is mapped.
        self.assertNotEqual(Select(self.nl21_row().find_element(By.TAG_NAME, "select")).first_selected_option
                            .get_attribute("value"), "")
        self.driver.find_element(By.ID, "vat-delete").click()
        self.wait.until(EC.alert_is_present()).dismiss()
        self.assertNotEqual(Select(self.nl21_row().find_element(By.TAG_NAME, "select")).first_selected_option
                            .get_attribute("value"), "")
        self.driver.find_element(By.ID, "vat-delete").click()
        alert = self.wait.until(EC.alert_is_present())
        self.assertIn("btw-instellingen verwijderen", alert.text)
        alert.accept()
        self.saved("De btw-instellingen zijn verwijderd")
        self.wait.until(lambda d: Select(self.nl21_row().find_element(By.TAG_NAME, "select"))
                        .first_selected_option.get_attribute("value") == "")
        missing = self.driver.find_element(By.ID, "config-missing").text
        self.assertIn("Btw-code en omzetrekening voor NL 21%.", missing)
