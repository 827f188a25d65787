"""Geboekt, Fouten, Open and Rapporten in headless Chromium, sessions and CSRF.

The shop's orders 1 and 3 are booked, order 2 is in error (paid in GBP), order 1 is among the
errors too because its booking was deleted from the ledger, order 4 is open (Pending). The test
logs in, looks at every tab, books order 1 again with "Opnieuw verwerken", checks that changes
without the CSRF token and forged or expired sessions are refused, and logs out.
"""
import json

from browserkit import DashboardTestCase, Shop, URL, database, sandbox, ADMINISTRATION
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC


class DashboardInABrowser(DashboardTestCase):
    @classmethod
    def setUpClass(cls):
        cls.shop = Shop.create("Bakkerij de Vries", orders=[f"opencart3-order-{n}.json" for n in (1, 2, 3, 4)])
        # Order 1's invoice is deleted in Moneybird; the reconciler puts the order among the errors.
        _, invoice = cls.shop.order_row(1)
        sandbox("DELETE", f"/sandbox/{ADMINISTRATION}/sales_invoices/{invoice}")
        cls.shop.reconcile()

    def log_in(self):
        super().log_in()
        self.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#booked-rows tr"))

    def test_tabs_reprocess_and_logout(self):
        self.log_in()
        self.assertEqual(self.driver.find_element(By.ID, "user-email").text, self.shop.email)
        self.assertFalse(self.driver.find_element(By.ID, "login").is_displayed())
        booked = [row.text for row in self.driver.find_elements(By.CSS_SELECTOR, "#booked-rows tr")]
        self.assertEqual(sorted(row.split()[0] for row in booked), ["#1", "#3"], booked)
        self.screenshot("geboekt")

        # To Fouten with the keyboard: the arrow key moves between tabs.
        self.driver.find_element(By.ID, "tab-booked").send_keys(Keys.ARROW_RIGHT)
        self.visible("panel-errors")
        self.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#error-list li")) == 2)
        errors = self.driver.find_element(By.ID, "error-list").text
        self.assertIn("De bestelling is in een andere valuta dan de euro.", errors)
        self.assertIn("De boeking in de boekhouding wijkt af van de bestelling.", errors)
        self.screenshot("fouten")

        button = self.driver.find_element(By.CSS_SELECTOR, "button[aria-label='Bestelling 1 opnieuw verwerken']")
        button.click()
        # Queued for the booking worker; the card follows the order until it is booked and leaves Fouten.
        self.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#error-list li")) == 1)
        self.assertIn("Bestelling #1: Geboekt.", self.driver.find_element(By.ID, "status").text)
        self.assertNotIn("Bestelling #1 ", self.driver.find_element(By.ID, "error-list").text)

        self.driver.find_element(By.ID, "tab-open").click()
        self.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#open-rows tr"))
        open_rows = self.driver.find_element(By.ID, "open-rows").text
        self.assertIn("#4", open_rows)
        self.assertIn("Deze status wordt (nog) niet geboekt.", open_rows)
        self.assertIn("worden niet geboekt (Configuratie › Orderstatussen).", open_rows)  # the detail, in Dutch
        # Open's screenshot is backlog_test's, with the progress of a migration.

        # To Rapporten with the keyboard (past Configuratie): the night's run, its summary and its CSV.
        self.driver.find_element(By.ID, "tab-open").send_keys(Keys.ARROW_RIGHT)
        self.visible("panel-config")
        self.driver.find_element(By.ID, "tab-config").send_keys(Keys.ARROW_RIGHT)
        self.visible("panel-reports")
        self.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#report-list li")) == 1)
        report = self.driver.find_element(By.ID, "report-list").text
        self.assertIn("Controle van", report)
        self.assertIn("Periode:", report)
        link = self.driver.find_element(By.CSS_SELECTOR, "#report-list a[download]")
        href = link.get_attribute("href")
        self.assertTrue(href.endswith("_afwijkingen.csv"), href)
        status, body = self.fetch("GET", href.split("/app/api/", 1)[1])
        self.assertEqual(status, 200, body)
        self.assertIn("bestelnummer", body.splitlines()[0])
        self.screenshot("rapporten")

        # A change without the CSRF token is refused; with it, it is done.
        status, body = self.fetch("POST", "logout", csrf=False)
        self.assertEqual(status, 403, body)
        self.assertEqual(json.loads(body)["error"]["code"], "csrf_token_invalid")
        self.assertEqual(self.fetch("GET", "session")[0], 200)

        self.driver.find_element(By.ID, "logout").click()
        self.visible("login")
        self.assertFalse(self.driver.find_element(By.ID, "dashboard").is_displayed())
        self.assertEqual(self.fetch("GET", "session")[0], 401)

    def test_forged_and_expired_sessions_are_refused(self):
        self.log_in()
        # The cookie's path is /app: look at it from there.
        self.driver.get(URL + "/app/api/session")
        cookie = self.driver.get_cookie("koppel_session")
        self.assertIsNotNone(cookie)
        self.assertTrue(cookie["httpOnly"])
        self.assertTrue(cookie["secure"])
        self.assertEqual(cookie["sameSite"], "Strict")
        self.assertEqual(self.driver.execute_script("return document.cookie"), "")  # not readable by scripts
        self.assertEqual(self.fetch("GET", "session", csrf=False)[0], 200)

        # Idle for more than two hours: the server no longer knows the session.
        with database() as db:
            db.execute("UPDATE web_session SET last_seen_at = last_seen_at - 7201 WHERE user_id = "
                       "(SELECT id FROM app_user WHERE email = ?)", (self.shop.email,))
        status, body = self.fetch("GET", "session", csrf=False)
        self.assertEqual(status, 401, body)
        self.assertEqual(json.loads(body)["error"]["code"], "not_signed_in")

        # A made-up cookie value opens nothing.
        self.driver.delete_all_cookies()
        self.driver.add_cookie({
            "name": "koppel_session", "value": "bm90LWEtc2Vzc2lvbi1qdXN0LWEtZ3Vlc3MtMDEyMzQ1Njc4OQ", "path": "/app",
            "secure": True, "httpOnly": True, "sameSite": "Strict"})
        self.assertEqual(self.fetch("GET", "session", csrf=False)[0], 401)

        # The page shows the login again.
        self.driver.get(URL + "/")
        self.visible("login")

    def test_a_phone_sees_the_login(self):
        self.driver.set_window_size(390, 844)
        self.driver.get(URL + "/")
        form = self.visible("login")
        self.assertLessEqual(form.size["width"], 390)
        self.screenshot("inloggen-telefoon")

