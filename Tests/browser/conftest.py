"""The web console and login page in a real browser: headless Chromium from Debian, driven by
Selenium through Debian's /usr/bin/chromedriver (nothing is downloaded; scripts/browser-deps
installs both). One dataloop-mock server for the session on a free port (dataloop_mock's
MockServer), reset before each test; one browser for the session, its cookies cleared before
each test.

Env: DATALOOP_MOCK_BIN (default .build/debug/dataloop-mock), CHROMEDRIVER (default
/usr/bin/chromedriver), CHROMIUM (default /usr/bin/chromium), UPDATE_SCREENSHOT=1 to rewrite
the screenshots in docs/.
"""
import os
import shutil
from pathlib import Path

import pytest
import requests
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from dataloop_mock import MockServer

REPO_ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("DATALOOP_MOCK_BIN") or REPO_ROOT / ".build" / "debug" / "dataloop-mock")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def replaced(element):
    """A wait condition: `element`'s page has been replaced. Like EC.staleness_of, but
    chromedriver sometimes reports a node of the old page as "does not belong to the
    document" (a generic error) instead of a stale reference: that is replaced too."""
    def check(_driver):
        try:
            element.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise
    return check


@pytest.fixture(scope="session")
def mock(tmp_path_factory):
    """A dataloop-mock on a free port, stopped with SIGTERM at the end (its output in the
    session's temporary folder)."""
    with MockServer(binary=BINARY, workdir=tmp_path_factory.mktemp("server")) as server:
        yield server


@pytest.fixture(scope="session")
def server_url(mock):
    return mock.url


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (Debian's) through Debian's chromedriver."""
    for path in (CHROMEDRIVER, CHROMIUM):
        if not shutil.which(path):
            pytest.exit(f"{path} is missing: run scripts/browser-deps", 2)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1600"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def site(mock, server_url, browser):
    """The server reset to its seeded fixtures and a browser with no session: a Site."""
    mock.reset()
    browser.delete_all_cookies()
    return Site(server_url, browser)


class Site:
    """The pages as a person uses them."""

    def __init__(self, url, driver):
        self.url, self.driver = url, driver

    def open(self, path):
        self.driver.get(self.url + path)
        return self.driver

    def login(self, email, password=None):
        """Fill in the login form and submit it; returns the driver on the resulting page."""
        return self.login_at("", email, password)

    def login_at(self, base, email, password=None):
        """The same on the console at `base` ("" or "/ns/NAME")."""
        d = self.open(base + "/login")
        Select(d.find_element(By.ID, "email")).select_by_value(email)
        d.find_element(By.ID, "password").send_keys(password if password is not None else email.split("@")[0] + "-pass")
        return self.click_and_wait(d.find_element(By.ID, "submit"))

    def click_and_wait(self, element):
        """Click a link or button that loads another page, and wait for that page: the click
        can return before the answer (or its redirect) has replaced the current one."""
        d = self.driver
        old_page = d.find_element(By.TAG_NAME, "html")
        element.click()
        WebDriverWait(d, 20).until(replaced(old_page))
        WebDriverWait(d, 20).until(lambda drv: drv.execute_script("return document.readyState") == "complete")
        return d

    def session_cookie(self, name="dm_session"):
        return self.driver.get_cookie(name)

    # The console, as a person uses it.

    def flash(self):
        """The message the last form post left (#flash), or None."""
        found = self.driver.find_elements(By.ID, "flash")
        return found[0].text.strip() if found else None

    def flash_is_error(self):
        return "error" in self.driver.find_element(By.ID, "flash").get_attribute("class").split()

    def active_org_select(self):
        return Select(self.driver.find_element(By.ID, "active-org"))

    def active_org(self):
        """The name of the org selected in the menu's dropdown ("Provider Inc (owner)" -> "Provider Inc")."""
        return self.active_org_select().first_selected_option.text.rsplit(" (", 1)[0]

    def menu_orgs(self):
        return [o.text for o in self.active_org_select().options]

    def switch_org(self, name):
        """Pick an org in the dropdown: it submits itself (a small script) and the page reloads."""
        select = self.active_org_select()
        value = next(o.get_attribute("value") for o in select.options if o.text.rsplit(" (", 1)[0] == name)
        old_page = self.driver.find_element(By.TAG_NAME, "html")
        select.select_by_value(value)
        WebDriverWait(self.driver, 20).until(replaced(old_page))
        WebDriverWait(self.driver, 20).until(lambda drv: drv.execute_script("return document.readyState") == "complete")
        return self.driver

    def nav(self, page):
        """Follow a link of the left-side menu: overview, projects, members, clients, orgs."""
        return self.click_and_wait(self.driver.find_element(By.ID, f"nav-{page}"))

    def card(self, project):
        return self.driver.find_element(By.CSS_SELECTOR, f'article.project[data-project="{project}"]')

    def open_menu(self, container):
        """Open an ellipsis menu (a <details>) inside `container`; returns its items."""
        details = container.find_element(By.CSS_SELECTOR, "details.menu")
        if details.get_attribute("open") is None:
            details.find_element(By.TAG_NAME, "summary").click()
        return details.find_element(By.CSS_SELECTOR, ".menu-items")

    def card_action(self, project, label):
        """The paying-account action `label` of a project card (its menu opened)."""
        items = self.open_menu(self.card(project))
        return next(b for b in items.find_elements(By.CSS_SELECTOR, "button.action") if b.text == label)

    def orgs(self):
        """{org name: its <section>} on the all-organizations page."""
        return {s.get_attribute("data-org"): s for s in self.driver.find_elements(By.CSS_SELECTOR, "section.org")}

    def browser_cookies(self):
        """The browser's cookies for `requests` (to post as this browser would)."""
        return {c["name"]: c["value"] for c in self.driver.get_cookies()}


class Api:
    """The platform API beside the pages: what a test checks after a click."""

    def __init__(self, url, namespace=None):
        self.url = url + (f"/ns/{namespace}" if namespace else "")
        self.tokens = {}

    def token(self, email):
        if email not in self.tokens:
            resp = requests.post(self.url + "/token?default", timeout=10, json={
                "type": "user_credentials", "username": email, "password": email.split("@")[0] + "-pass"})
            assert resp.status_code == 200, resp.text
            self.tokens[email] = resp.json()["id_token"]
        return self.tokens[email]

    def call(self, method, path, email, **kwargs):
        return requests.request(method, self.url + "/api/v1" + path, timeout=10,
                                headers={"Authorization": "Bearer " + self.token(email)}, **kwargs)

    def get(self, path, email="root@dataloop.example"):
        resp = self.call("GET", path, email)
        assert resp.status_code == 200, resp.text
        return resp.json()

    def org(self, name):
        """An org by name, as the superuser sees it."""
        return next(o for o in self.get("/orgs") if o["name"] == name)

    def project(self, name):
        return next(p for p in self.get("/projects") if p["name"] == name)

    def state(self):
        resp = requests.get(self.url + "/_mock/state", timeout=10)
        assert resp.status_code == 200, resp.text
        return resp.json()


@pytest.fixture
def api(server_url, site):
    """The API of the server `site` uses (reset with it)."""
    return Api(server_url)
