"""Configuratie for a shop that books into Minox: "Koppel met Minox" through the Minox sandbox's
OAuth, the tenant's administration chosen in the page, Minox's journals read with "Vernieuwen"
and the journal chosen; then koppel books the next order into that journal."""
import json
import os
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from browserkit import DashboardTestCase, Shop, SANDBOX_TOKEN_FILE, WAIT, koppel

MINOX = os.environ["KOPPEL_MINOX_SANDBOX"]


def minox_lines(tenant_administration):
    """Every transaction line of this year in the Minox sandbox's administration."""
    import datetime
    tenant, administration = tenant_administration.split("/")
    with open(SANDBOX_TOKEN_FILE) as file:
        token = file.read().strip()
    year = datetime.date.today().year
    lines = []
    for booked in (year - 1, year, year + 1):
        request = urllib.request.Request(
            f"{MINOX}/api/1/tenant/{tenant}/administration/{administration}/year/{booked}/transaction_lines",
            headers={"Authorization": "Bearer " + token})
        with urllib.request.urlopen(request, timeout=WAIT) as response:
            lines += json.loads(response.read())["collection"]
    return lines


class MinoxTest(DashboardTestCase):
    @classmethod
    def setUpClass(cls):
        cls.shop = Shop.create("Minox winkel", ledger="minox", connect=False, sync=False)

    def status_says(self, text):
        self.wait.until(lambda driver: text in driver.find_element(By.ID, "status").text)

    def test_connect_minox_choose_the_administration_and_the_journal(self):
        self.log_in()
        self.open_tab("config")
        button = self.visible("ledger-authorize")
        self.assertEqual(button.text, "Koppel met Minox")
        self.assertIn("Nog niet gekoppeld met Minox", self.driver.find_element(By.ID, "ledger-state").text)
        self.assertIn("Koppel eerst de boekhouding", self.visible("config-ledger").text)
        # To the sandbox's authorize page and back; its login reaches two tenants: choose one.
        button.click()
        self.status_says("meer administraties")
        choice = self.visible("ledger-choice")
        labels = [label.text for label in choice.find_elements(By.TAG_NAME, "label")]
        self.assertEqual(len(labels), 2, labels)
        self.assertTrue(any("Tweede Tenant B.V. (100002/7)" in label for label in labels), labels)
        self.assertNotIn("boekhouding=", self.driver.current_url)
        self.screenshot("koppelen-minox")
        choice.find_element(By.CSS_SELECTOR, "input[value='100001/1']").click()
        choice.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.status_says("Minox is gekoppeld")
        self.wait.until(lambda driver: "Gekoppeld met Minox, administratie 100001/1"
                        in driver.find_element(By.ID, "ledger-state").text)

        # The journal is still to be chosen; "Vernieuwen" reads Minox's journals.
        self.wait.until(lambda driver: "(journal)" in driver.find_element(By.ID, "config-missing").text)
        self.driver.find_element(By.ID, "vat-refresh").click()
        self.status_says("vernieuwd")
        journal = self.wait.until(lambda driver: self._journal_with_choices())
        Select(journal).select_by_value("VK")
        self.driver.find_element(By.CSS_SELECTOR, "#ledger-settings-form button[type=submit]").click()
        self.status_says("De instellingen voor Minox zijn opgeslagen")
        self.wait.until(lambda driver: "(journal)" not in driver.find_element(By.ID, "config-missing").text)
        self.assertEqual(Select(self.driver.find_element(By.ID, "ledger-setting-journal")).first_selected_option
                         .get_attribute("value"), "VK")
        self.assertIn("Boekhouding (Minox)", self.driver.find_element(By.ID, "ledger-dot").text)
        self.driver.execute_script("document.getElementById('config-ledger').scrollIntoView()")
        self.screenshot("configuratie-minox")

        # koppel books the next order into the journal chosen here (the rest mapped by the CLI).
        koppel("ledger", "map", self.shop.license, "--statuses", "2,3,5")
        self.shop.push("opencart3-order-3.json")
        self.shop.sync()
        _, ledger_id = self.shop.order_row(3)
        self.assertIsNotNone(ledger_id)
        booked = [line for line in minox_lines("100001/1") if line.get("batch_id") == ledger_id]
        self.assertTrue(booked, f"no lines of {ledger_id} in Minox")
        self.assertEqual({str(line["journal"]["id"]) for line in booked if "journal" in line}, {"VK"})

    def _journal_with_choices(self):
        select = self.driver.find_element(By.ID, "ledger-setting-journal")
        values = [option.get_attribute("value") for option in select.find_elements(By.TAG_NAME, "option")]
        return select if "VK" in values and "MEM" in values else False
