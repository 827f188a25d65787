"""The dashboard in headless Chromium against a running stack (scripts/test-browser sets it up).

Orders 1 and 3 are booked, order 2 is in error (paid in GBP), order 1 is among the errors too
because its booking was deleted from the ledger, order 4 is open (Pending). The test logs in, looks at every tab, books
order 1 again with "Opnieuw verwerken", checks that changes without the CSRF token and forged or
expired sessions are refused, and logs out.
"""
import json
import os
import sqlite3
import sys
import time
import unittest

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

URL = os.environ["KOPPEL_URL"]
EMAIL = os.environ["KOPPEL_EMAIL"]
PASSWORD = os.environ["KOPPEL_PASSWORD"]
SCREENSHOTS = os.environ["KOPPEL_SCREENSHOTS"]
DATABASE = os.environ["KOPPEL_DATABASE"]
# Generous: a reprocess books through the sandbox; nothing here waits on a fixed sleep.
WAIT = 20


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1100,900"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


class DashboardInABrowser(unittest.TestCase):
    def setUp(self):
        self.driver = browser()
        self.wait = WebDriverWait(self.driver, WAIT)

    def tearDown(self):
        self.driver.quit()

    def visible(self, element_id):
        return self.wait.until(EC.visibility_of_element_located((By.ID, element_id)))

    def fetch(self, method, path, csrf=True):
        """A request from the page itself, as a script on it would send it: status and JSON."""
        return self.driver.execute_async_script(
            """
            const [method, path, csrf, done] = arguments;
            const headers = {};
            if (csrf) headers["X-CSRF-Token"] = state.csrf;
            fetch("/app/api/" + path, {method, headers, credentials: "same-origin"})
              .then(async (r) => done([r.status, await r.text()]));
            """,
            method, path, csrf)

    def log_in(self):
        self.driver.get(URL + "/")
        self.visible("email").send_keys(EMAIL)
        password = self.driver.find_element(By.ID, "password")
        password.send_keys(PASSWORD)
        password.send_keys(Keys.ENTER)  # the keyboard submits the form
        try:
            self.visible("dashboard")
        except TimeoutException:
            status = self.driver.find_element(By.ID, "status").text
            raise AssertionError(f"no dashboard after login at {self.driver.current_url}; the page says: {status!r}")
        self.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#booked-rows tr"))

    def screenshot(self, name):
        os.makedirs(SCREENSHOTS, exist_ok=True)
        self.driver.save_screenshot(os.path.join(SCREENSHOTS, name + ".png"))

    def test_tabs_reprocess_and_logout(self):
        self.log_in()
        self.assertEqual(self.driver.find_element(By.ID, "user-email").text, EMAIL)
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
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "status"), "De bestelling is geboekt."))
        self.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#error-list li")) == 1)
        self.assertNotIn("Bestelling #1 ", self.driver.find_element(By.ID, "error-list").text)

        self.driver.find_element(By.ID, "tab-open").click()
        self.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#open-rows tr"))
        open_rows = self.driver.find_element(By.ID, "open-rows").text
        self.assertIn("#4", open_rows)
        self.assertIn("Deze status wordt (nog) niet geboekt.", open_rows)
        self.screenshot("open")

        # To Rapporten with the keyboard: the night's run, its summary and its CSV.
        self.driver.find_element(By.ID, "tab-open").send_keys(Keys.ARROW_RIGHT)
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
        with sqlite3.connect(DATABASE) as db:
            db.execute("UPDATE web_session SET last_seen_at = last_seen_at - 7201")
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


if __name__ == "__main__":
    started = time.monotonic()
    result = unittest.main(exit=False, verbosity=2).result
    print(f"browser tests: {time.monotonic() - started:.1f} s")
    sys.exit(0 if result.wasSuccessful() else 1)
