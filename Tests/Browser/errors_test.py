"""Fouten and Geboekt in headless Chromium: "Meer info", "Probleem melden", "Opnieuw verwerken" of
one order and of every error (queued for the booking worker, with progress), the ledger links and
the CSV export.

The shop's orders 1, 2 and 3 are booked but order 2 (paid in GBP), which is in error; the
invoices of orders 1 and 3 are deleted from the ledger, so the reconciler puts them among the
errors too. Rapporten come in pages. The tests run in the order of their names: each goes on from
what the one before left.
"""
import json

from browserkit import DashboardTestCase, Shop, SANDBOX_TOKEN_FILE, ADMINISTRATION, sandbox
from selenium.webdriver.common.by import By


class ErrorsInABrowser(DashboardTestCase):
    @classmethod
    def setUpClass(cls):
        cls.shop = Shop.create("Fietsenwinkel Jansen", orders=[f"opencart3-order-{n}.json" for n in (1, 2, 3)])
        for number in (1, 3):
            _, invoice = cls.shop.order_row(number)
            sandbox("DELETE", f"/sandbox/{ADMINISTRATION}/sales_invoices/{invoice}")
        cls.shop.reconcile()

    def open_errors(self, count):
        self.log_in()
        self.open_tab("errors")
        self.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#error-list li")) == count)

    def card(self, shop_order_id):
        order_id, _ = self.shop.order_row(shop_order_id)
        return self.driver.find_element(By.ID, f"error-{order_id}")

    def test_1_meer_info_and_the_problem_bundle(self):
        self.open_errors(3)
        card = self.card(2)
        card.find_element(By.CSS_SELECTOR, "summary").click()
        self.wait.until(lambda d: "Geschiedenis van de boeking" in card.text)
        text = card.text
        for expected in ("Klant", "Regels", "Totalen", "Versie 1 ontvangen", "Nog steeds een fout"):
            self.assertIn(expected, text)
        self.assertTrue(card.find_elements(By.CSS_SELECTOR, "table.lines tbody tr"), text)
        self.driver.execute_script("arguments[0].scrollIntoView()", card)
        self.screenshot("fouten-meer-info")

        link = card.find_element(By.CSS_SELECTOR, "a[download]")
        self.assertEqual(link.text, "Probleem melden")
        status, body = self.fetch("GET", link.get_attribute("href").split("/app/api/", 1)[1])
        self.assertEqual(status, 200, body)
        bundle = json.loads(body)
        self.assertEqual(bundle["connection"]["license_key"], self.shop.license)
        self.assertEqual(bundle["order"]["order_reference"], "2")
        with open(self.shop.api_key_file) as file:
            api_key = file.read().strip()
        with open(SANDBOX_TOKEN_FILE) as file:
            ledger_token = file.read().strip()
        self.assertNotIn(api_key, body)
        self.assertNotIn(ledger_token, body)

    def test_2_reprocess_moves_the_order_to_booked(self):
        self.open_errors(3)
        self.card(1).find_element(By.CSS_SELECTOR, "button[aria-label='Bestelling 1 opnieuw verwerken']").click()
        # Queued for the booking worker: the card follows it and leaves Fouten once it is booked.
        self.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#error-list li")) == 2)
        self.assertIn("Bestelling #1: Geboekt.", self.driver.find_element(By.ID, "status").text)
        self.assertNotIn("Bestelling #1 ", self.driver.find_element(By.ID, "error-list").text)

    def test_3_alles_opnieuw_verwerken_shows_its_progress(self):
        self.open_errors(2)
        self.driver.find_element(By.ID, "errors-reprocess-all").click()
        self.wait.until(lambda d: "Klaar: 2 van 2 verwerkt." in d.find_element(By.ID, "errors-progress").text)
        bar = self.driver.find_element(By.ID, "errors-progress-bar")
        self.assertEqual((bar.get_attribute("value"), bar.get_attribute("max")), ("2", "2"))
        # Order 3 is booked again; order 2 (GBP) stays in error.
        self.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#error-list li")) == 1)
        self.assertIn("Bestelling #2 ", self.driver.find_element(By.ID, "error-list").text)
        self.assertIn("1 van 2 bestellingen geboekt.", self.driver.find_element(By.ID, "status").text)

    def test_4_geboekt_links_into_moneybird_and_exports_csv(self):
        self.log_in()
        links = self.driver.find_elements(By.CSS_SELECTOR, "#booked-rows a[href^='https://moneybird.com/']")
        self.assertEqual(len(links), 2)
        for link in links:
            self.assertRegex(link.get_attribute("href"), rf"^https://moneybird\.com/{ADMINISTRATION}/sales_invoices/\d+$")
        self.screenshot("geboekt")

        export = self.driver.find_element(By.ID, "booked-csv")
        self.assertEqual(export.text, "Exporteer CSV")
        status, body = self.fetch("GET", export.get_attribute("href").split("/app/api/", 1)[1])
        self.assertEqual(status, 200, body)
        # fetch's text() drops the byte order mark; the Swift tests check it.
        lines = [line for line in body.lstrip("\ufeff").split("\r\n") if line]
        self.assertTrue(lines[0].startswith("Bestelling;Referentie;Factuurdatum"), lines[0])
        self.assertEqual(sorted(line.split(";")[0] for line in lines[1:]), ["1", "3"], lines)

    def test_5_rapporten_come_in_pages(self):
        self.shop.reconcile()
        self.shop.reconcile()
        self.log_in()
        # Two runs a page here (20 by default): the third comes with "Meer laden".
        self.driver.execute_script("state.reportsPageSize = 2")
        self.open_tab("reports")
        self.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#report-list li")) == 2)
        more = self.visible("reports-more")
        self.assertEqual(more.text, "Meer laden")
        more.click()
        self.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#report-list li")) == 3)
        self.assertFalse(self.driver.find_element(By.ID, "reports-more").is_displayed())
