"""Shared parts of the browser tests: Chromium, the running stack (scripts/test-browser starts
nginx, koppel-fcgi, koppel-web and the Moneybird sandbox), and shops of their own.

Every test class makes its own shop with `Shop.create` (its own connection, API key, user and
orders, booked into the shared sandbox administration under its own reference prefix), so no
test file depends on what another did to the stack.
"""
import json
import os
import secrets
import sqlite3
import subprocess
import time
import unittest
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

URL = os.environ["KOPPEL_URL"]              # the dashboard as the browser opens it (localhost)
ENDPOINT = os.environ["KOPPEL_ENDPOINT"]    # nginx for pushes (127.0.0.1)
BIN = os.environ["KOPPEL_BIN"]
RUN = os.environ["KOPPEL_RUN"]
SANDBOX = os.environ["KOPPEL_SANDBOX"]
ADMINISTRATION = os.environ["KOPPEL_ADMINISTRATION"]
SANDBOX_TOKEN_FILE = os.environ["KOPPEL_SANDBOX_TOKEN_FILE"]
SCREENSHOTS = os.environ["KOPPEL_SCREENSHOTS"]
DATABASE = os.environ["KOPPEL_DATABASE"]
FIXTURES = os.path.join(os.path.dirname(__file__), "..", "Fixtures", "opencart")
# Generous: a reprocess books through the sandbox; nothing here waits on a fixed sleep.
WAIT = 20


def koppel(*arguments, stdin=None):
    """Runs the koppel CLI against the stack's database; its stdout, stripped. Fails loudly."""
    done = subprocess.run(
        [os.path.join(BIN, "koppel"), *arguments], input=stdin, capture_output=True, text=True)
    if done.returncode != 0:
        raise AssertionError(f"koppel {' '.join(arguments)} failed ({done.returncode}): {done.stderr}")
    return done.stdout.strip()


def sandbox(method, path, body=None):
    """A request to the sandbox's own helper routes (/sandbox/...); its JSON or None."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(SANDBOX + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=WAIT) as response:
        text = response.read()
    return json.loads(text) if text else None


def _call(method, path, body=None, headers=None):
    """One request to /app/api/ through nginx: (status, JSON or None, response headers)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(ENDPOINT + "/app/api/" + path, data=data, method=method,
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=WAIT) as response:
            status, text, answer_headers = response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        status, text, answer_headers = error.code, error.read(), error.headers
    return status, (json.loads(text) if text else None), answer_headers


def accept_terms(email, password):
    """Accepts the current Algemene Voorwaarden and AVG for this account through the API (a login of
    its own), as the Configuratie tab's dialog does: before it no configuration change is taken."""
    status, answer, headers = _call("POST", "login", {"email": email, "password": password})
    if status != 200:
        raise AssertionError(f"login of {email}: {status} {answer}")
    session = {"Cookie": headers.get("Set-Cookie", "").split(";", 1)[0], "X-CSRF-Token": answer["csrf_token"]}
    status, terms, _ = _call("GET", "terms", headers=session)
    if status != 200:
        raise AssertionError(f"terms: {status} {terms}")
    versions = {"voorwaarden": terms["voorwaarden"]["version"], "avg": terms["avg"]["version"]}
    status, answer, _ = _call("POST", "terms", versions, session)
    if status != 200 or not answer["accepted"]:
        raise AssertionError(f"accepting the terms: {status} {answer}")
    _call("POST", "logout", headers=session)


def database():
    return sqlite3.connect(DATABASE)


class Shop:
    """One connection with its owner's account, its settings pushed and its ledger connected."""

    def __init__(self, name, license, api_key_file, email, password):
        self.name, self.license, self.api_key_file = name, license, api_key_file
        self.email, self.password = email, password

    @classmethod
    def create(cls, name, orders=(), statuses="2,3,5", sync=True, accept_terms=True, ledger_url=None,
               ledger_token_file=None, ledger="moneybird", connect=True):
        """`orders` are fixture file names under Tests/Fixtures/opencart (opencart3-order-1.json, ...).
        The owner accepts the Algemene Voorwaarden and the AVG (else no configuration change is
        taken) unless `accept_terms` is False. The ledger is the shared sandbox unless `ledger_url`
        (with `ledger_token_file`) names another; `connect=False` leaves it unconnected (and
        unmapped) for the page to connect, e.g. with `ledger="minox"`."""
        license = koppel("connection", "add", "--name", name, "--shop", "opencart", "--ledger", ledger)
        api_key_file = os.path.join(RUN, f"api-key-{license}")
        with open(os.open(api_key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as file:
            file.write(secrets.token_hex(16) + "\n")
        with open(api_key_file) as file:
            koppel("connection", "set-api-key", license, stdin=file.read())
        shop = cls(name, license, api_key_file, f"eigenaar-{license.lower()}@winkel.example",
                   "Wachtwoord-" + secrets.token_hex(8))
        shop.push(settings="opencart3-settings.json")
        if connect:
            with open(ledger_token_file or SANDBOX_TOKEN_FILE) as file:
                koppel("ledger", "connect", license, "--base-url", ledger_url or SANDBOX, "--administration",
                       ADMINISTRATION, stdin=file.read())
            koppel("ledger", "map", license, "--statuses", statuses)
        if orders:
            shop.push(*orders)
        if sync:
            shop.sync()
        koppel("user", "add", shop.email, stdin=shop.password + "\n")
        koppel("user", "attach", shop.email, license)
        if accept_terms:
            shop.accept_terms()
        return shop

    def accept_terms(self):
        accept_terms(self.email, self.password)

    def push(self, *orders, settings=None):
        arguments = ["push", "--endpoint", ENDPOINT, "--license", self.license, "--api-key-file", self.api_key_file]
        if settings:
            arguments += ["--settings", os.path.join(FIXTURES, settings), "--vat-custom-field", "1"]
        koppel(*arguments, *(os.path.join(FIXTURES, order) for order in orders))

    def sync(self):
        """A full pass of this connection's booking. The booking worker runs beside the tests: when
        it holds the connection's lock, the pass is asked again until it is this one's."""
        for _ in range(WAIT * 10):
            output = koppel("sync", "--connection", self.license)
            if "another sync of this connection is running" not in output:
                return output
            time.sleep(0.1)
        raise AssertionError(f"the booking of {self.license} stayed locked: {output}")

    def reconcile(self):
        return koppel("reconcile", "--connection", self.license, "--no-mail", "--reports", os.path.join(RUN, "reports"))

    def order_row(self, shop_order_id):
        """(order id, ledger id or None) of one of this shop's orders."""
        with database() as db:
            return db.execute(
                "SELECT o.id, b.ledger_id FROM shop_order o JOIN connection c ON c.id = o.connection_id "
                "LEFT JOIN booked_document b ON b.order_id = o.id "
                "WHERE c.license_key = ? AND o.order_reference = ?", (self.license, str(shop_order_id))).fetchone()


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1100,900"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


class DashboardTestCase(unittest.TestCase):
    """A fresh browser per test; `self.shop` is set by the subclass's setUpClass."""
    shop = None

    def setUp(self):
        self.driver = browser()
        self.wait = WebDriverWait(self.driver, WAIT)

    def tearDown(self):
        self.driver.quit()

    def visible(self, element_id):
        return self.wait.until(EC.visibility_of_element_located((By.ID, element_id)))

    def fetch(self, method, path, csrf=True, body=None):
        """A request from the page itself, as a script on it would send it: status and text."""
        return self.driver.execute_async_script(
            """
            const [method, path, csrf, body, done] = arguments;
            const headers = {};
            if (csrf) headers["X-CSRF-Token"] = state.csrf;
            if (body !== null) headers["Content-Type"] = "application/json";
            fetch("/app/api/" + path, {method, headers, credentials: "same-origin",
                                       body: body === null ? undefined : JSON.stringify(body)})
              .then(async (r) => done([r.status, await r.text()]));
            """,
            method, path, csrf, body)

    def log_in(self, email=None, password=None):
        self.driver.get(URL + "/")
        self.visible("email").send_keys(email or self.shop.email)
        field = self.driver.find_element(By.ID, "password")
        field.send_keys(password or self.shop.password)
        field.send_keys(Keys.ENTER)  # the keyboard submits the form
        try:
            self.visible("dashboard")
        except TimeoutException:
            status = self.driver.find_element(By.ID, "status").text
            raise AssertionError(f"no dashboard after login at {self.driver.current_url}; the page says: {status!r}")

    def open_tab(self, name):
        """Clicks a tab by its data-tab name (booked, errors, open, config, reports, profile)."""
        self.driver.find_element(By.ID, "tab-" + name).click()
        return self.visible("panel-" + name)

    def screenshot(self, name):
        os.makedirs(SCREENSHOTS, exist_ok=True)
        self.driver.save_screenshot(os.path.join(SCREENSHOTS, name + ".png"))
