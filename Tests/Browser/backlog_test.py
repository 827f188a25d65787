"""Open's progress of a bulk migration in headless Chromium: 200 historical orders pushed at once,
the booking worker beside the tests books them through a sandbox of their own that answers a
little slowly (the shared one keeps Moneybird's rate limit), and the tab's bar moves until
nothing waits."""
import copy
import json
import os
import re
import secrets
import subprocess
import time

from browserkit import ADMINISTRATION, BIN, FIXTURES, RUN, DashboardTestCase, Shop
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

ORDERS = 200


def historical_orders(folder):
    """OpenCart 3's order 1 again as orders 5001..5200, placed a year and more ago: file names."""
    with open(os.path.join(FIXTURES, "opencart3-order-1.json")) as file:
        fixture = json.load(file)
    os.makedirs(folder, exist_ok=True)
    names = []
    for index in range(ORDERS):
        rows = copy.deepcopy(fixture)
        order_id = str(5001 + index)
        placed = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(time.time() - (400 + index) * 86400))
        rows["order"].update(order_id=order_id, date_added=placed, date_modified=placed)
        for table in ("order_product", "order_option", "order_total", "order_history"):
            for row in rows.get(table) or []:
                if "order_id" in row:
                    row["order_id"] = order_id
        name = os.path.join(folder, f"historisch-{order_id}.json")
        with open(name, "w") as file:
            json.dump(rows, file)
        names.append(name)
    return names


class BacklogInABrowser(DashboardTestCase):
    @classmethod
    def setUpClass(cls):
        token = secrets.token_hex(12)
        cls.folder = os.path.join(RUN, "historie")
        os.makedirs(cls.folder, exist_ok=True)
        cls.token_file = os.path.join(cls.folder, "token")
        with open(os.open(cls.token_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as file:
            file.write(token + "\n")
        cls.output = open(os.path.join(cls.folder, "sandbox.out"), "w+")
        cls.sandbox = subprocess.Popen(
            [os.path.join(BIN, "koppel-sandbox"), "--port", "0", "--database", os.path.join(cls.folder, "sandbox.sqlite"),
             "--administration", ADMINISTRATION, "--api-token", token, "--latency-ms", "30", "--rate-limit", "1000000"],
            stdout=cls.output, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        address = None
        while address is None and time.monotonic() < deadline:
            cls.output.seek(0)
            found = re.search(r"listening on (\S+)", cls.output.read())
            address = found and found.group(1)
            time.sleep(0.1)
        if address is None:
            cls.sandbox.terminate()
            raise AssertionError("the slow sandbox did not start")
        try:
            cls.shop = Shop.create("Antiekhandel Historie", sync=False, ledger_url="http://" + address,
                                   ledger_token_file=cls.token_file)
        except BaseException:
            cls.tearDownClass()  # unittest skips it when setUpClass fails: no sandbox is left running
            raise

    @classmethod
    def tearDownClass(cls):
        cls.sandbox.terminate()
        cls.sandbox.wait()
        cls.output.close()

    def progress(self):
        return int(self.driver.find_element(By.ID, "backlog-bar").get_attribute("value"))

    def test_the_bar_moves_until_nothing_waits(self):
        self.log_in()
        self.shop.push(*historical_orders(os.path.join(self.folder, "orders")))
        self.open_tab("open")
        text = self.visible("backlog-text")
        self.assertRegex(text.text, r"^\d+ van 200 historische bestellingen verwerkt$")
        # Above the table: how many wait to be booked and when the last will be, at Moneybird's limit.
        self.assertRegex(
            self.visible("open-waiting").text,
            r"^(1 bestelling wacht|\d+ bestellingen wachten); de laatste wordt (rond \d\d:\d\d|op .+) geboekt "
            r"\(150 verzoeken per 5 minuten, \d+,\d per bestelling\)\.$")
        first = self.progress()
        # Asked again every 2 s: the bar moves while the worker books.
        WebDriverWait(self.driver, 60).until(lambda d: self.progress() > first)
        WebDriverWait(self.driver, 60).until(
            lambda d: d.find_element(By.ID, "backlog-eta").text.startswith("Nog "))
        self.assertEqual(self.driver.find_element(By.ID, "backlog-bar").get_attribute("max"), str(ORDERS))
        self.screenshot("open")
        # Until nothing waits: the bar goes, the tab says so.
        WebDriverWait(self.driver, 240).until(EC.invisibility_of_element_located((By.ID, "backlog")))
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "status"), "Alle binnengekomen bestellingen zijn verwerkt"))
        status, text = self.fetch("GET", f"connections/{self.shop.license}/backlog")
        self.assertEqual(status, 200, text)
        self.assertEqual(json.loads(text)["remaining"], 0)
