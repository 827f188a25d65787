"""De Algemene Voorwaarden en de AVG in headless Chromium: the first time the owner opens
Configuratie a modal dialog asks for both; focus stays in it, Escape closes it without accepting,
and until both boxes are ticked and accepted no configuration change is taken (403)."""
import json

from browserkit import DashboardTestCase, Shop, database
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC


class TermsBeforeConfiguration(DashboardTestCase):
    @classmethod
    def setUpClass(cls):
        cls.shop = Shop.create("Theehuis de Voorwaarde", accept_terms=False, sync=False)

    def focused_id(self):
        return self.driver.execute_script("return document.activeElement && document.activeElement.id")

    def inside_dialog(self):
        return self.driver.execute_script(
            "return !!document.activeElement.closest('#terms-dialog')")

    def change_statuses(self):
        return self.fetch("PUT", f"connections/{self.shop.license}/configuration/statuses",
                          body={"booked": [2, 3, 5], "cancelled": [7]})

    def accepted_rows(self):
        with database() as db:
            return db.execute(
                "SELECT t.document, t.version FROM terms_acceptance t JOIN app_user u ON u.id = t.user_id "
                "WHERE u.email = ? ORDER BY t.document", (self.shop.email,)).fetchall()

    def test_the_dialog_asks_for_both_and_escape_accepts_nothing(self):
        self.log_in()
        self.open_tab("config")
        dialog = self.visible("terms-dialog")
        self.assertTrue(self.driver.execute_script("return arguments[0].matches(':modal')", dialog))
        self.assertEqual(self.focused_id(), "terms-voorwaarden")
        self.assertIn("Algemene Voorwaarden en AVG", dialog.text)
        self.screenshot("configuratie-voorwaarden")
        # Focus stays in the dialog, forwards and backwards.
        body = self.driver.switch_to.active_element
        for _ in range(9):
            body = self.driver.switch_to.active_element
            body.send_keys(Keys.TAB)
            self.assertTrue(self.inside_dialog(), f"focus left the dialog: {self.focused_id()!r}")
        for _ in range(9):
            self.driver.switch_to.active_element.send_keys(Keys.SHIFT, Keys.TAB)
            self.assertTrue(self.inside_dialog(), f"focus left the dialog: {self.focused_id()!r}")
        # Both boxes ticked, then Escape: closed, nothing accepted.
        self.driver.find_element(By.ID, "terms-voorwaarden").click()
        self.driver.find_element(By.ID, "terms-avg").click()
        self.driver.switch_to.active_element.send_keys(Keys.ESCAPE)
        self.wait.until(EC.invisibility_of_element_located((By.ID, "terms-dialog")))
        self.assertEqual(self.accepted_rows(), [])
        self.assertIn("niet geaccepteerd", self.visible("terms-notice").text)
        self.assertEqual(self.focused_id(), "terms-open")
        # Reading goes on; a change is refused in Dutch.
        self.visible("config-dots")
        status, text = self.change_statuses()
        self.assertEqual(status, 403, text)
        error = json.loads(text)["error"]
        self.assertEqual(error["code"], "terms_not_accepted")
        self.assertIn("Accepteer eerst", error["message"])

        # Again from the notice: one box is not enough.
        self.driver.find_element(By.ID, "terms-open").click()
        self.visible("terms-dialog")
        self.driver.find_element(By.ID, "terms-voorwaarden").click()
        self.driver.find_element(By.ID, "terms-accept").click()
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "terms-problem"), "Vink beide vakjes aan"))
        self.assertEqual(self.focused_id(), "terms-avg")
        self.assertEqual(self.accepted_rows(), [])
        self.driver.find_element(By.ID, "terms-avg").click()
        self.driver.find_element(By.ID, "terms-accept").click()
        self.wait.until(EC.invisibility_of_element_located((By.ID, "terms-dialog")))
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "status"), "geaccepteerd"))
        self.assertEqual(self.driver.find_elements(By.ID, "terms-notice"), [])
        self.assertEqual([row[0] for row in self.accepted_rows()], ["avg", "voorwaarden"])
        status, text = self.change_statuses()
        self.assertEqual(status, 200, text)
        # Configuratie again: no dialog any more.
        self.open_tab("booked")
        self.open_tab("config")
        self.visible("config-dots")
        self.assertEqual(self.driver.find_elements(By.ID, "terms-dialog"), [])
        self.assertEqual(self.driver.find_elements(By.ID, "terms-notice"), [])
