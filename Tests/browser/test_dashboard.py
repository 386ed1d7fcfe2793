"""The login page and the all-organizations page (the dashboard of old) as a person sees them in Chromium."""
import json
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

REPO_ROOT = Path(__file__).resolve().parents[2]

FIXTURE = json.loads((REPO_ROOT / "fixtures" / "default.json").read_text())
EMAILS = [u["email"] for u in FIXTURE["users"]]
ADA, CAROL, ROOT, NORA = "ada@provider.example", "carol@client-a.example", "root@dataloop.example", "nora@nowhere.example"


def text(section, css):
    return section.find_element(By.CSS_SELECTOR, css).text.strip()


def project_row(section, name):
    """The cells of the project row `name` in an org section: name, owner, payer, ... and the row."""
    row = section.find_element(By.CSS_SELECTOR, f'tr.project[data-project="{name}"]')
    return [td.text.strip() for td in row.find_elements(By.TAG_NAME, "td")], row


def assert_anonymous(site):
    d = site.driver
    assert not d.find_elements(By.ID, "who")
    assert not site.orgs()
    assert d.find_element(By.LINK_TEXT, "Log in").get_attribute("href").endswith("/login")
    assert site.session_cookie() is None


def test_login_page_lists_the_fixture_users(site):
    d = site.open("/login")
    assert "log in" in d.title
    select = Select(d.find_element(By.ID, "email"))
    assert [o.get_attribute("value") for o in select.options] == EMAILS
    labels = {o.get_attribute("value"): o.text for o in select.options}
    assert labels[ADA] == "Ada Byron — ada@provider.example"
    assert d.find_element(By.ID, "password").get_attribute("type") == "password"
    assert d.find_element(By.ID, "submit").is_displayed()
    assert not d.find_elements(By.ID, "error")


def test_wrong_password_shows_the_error_and_no_session(site):
    d = site.login(ADA, "not-ada-pass")
    assert d.current_url.startswith(site.url + "/login")
    error = d.find_element(By.ID, "error")
    assert error.is_displayed() and "password" in error.text
    assert Select(d.find_element(By.ID, "email")).first_selected_option.get_attribute("value") == ADA
    assert d.find_element(By.ID, "password").get_attribute("value") == ""
    assert site.session_cookie() is None
    site.open("/")
    assert_anonymous(site)


def test_anonymous_dashboard_points_to_the_login_page(site):
    site.open("/")
    assert_anonymous(site)


def test_ada_sees_the_provider_with_its_clients_and_the_project_billed_to_it(site):
    d = site.login(ADA)
    assert d.current_url == site.url + "/"
    assert d.find_element(By.ID, "who").text == ADA
    cookie = site.session_cookie()
    assert cookie and cookie["value"] and cookie["httpOnly"] is True
    assert "dm_session" not in d.execute_script("return document.cookie")  # HttpOnly: invisible to scripts

    site.nav("orgs")
    orgs = site.orgs()
    assert list(orgs) == ["Provider Inc"]
    provider = orgs["Provider Inc"]
    assert text(provider, "h2") == "Provider Inc"
    plan = provider.find_element(By.CSS_SELECTOR, ".meta .tag")
    assert plan.text == "premium" and "premium" in plan.get_attribute("class").split()
    assert text(provider, ".clients") == "Client A, Client B"
    assert not provider.find_elements(By.CSS_SELECTOR, ".provider")
    assert "owner 1" in provider.text and "admin 1" in provider.text and "4 total" in provider.text
    assert text(provider, ".billed-count") == "1"

    cells, row = project_row(provider, "Street scenes")
    assert cells[:3] == ["Street scenes", "Client A", "Provider Inc billed to another org"]
    billed = row.find_element(By.CSS_SELECTOR, ".billed")
    assert billed.text == "billed to another org" and billed.is_displayed()
    assert billed.get_attribute("title") == "owned by Client A, billed to Provider Inc"

    own, own_row = project_row(provider, "Provider R&D")
    assert own[1:3] == ["Provider Inc", "Provider Inc"]
    assert not own_row.find_elements(By.CSS_SELECTOR, ".billed")
    names = [r.get_attribute("data-project") for r in provider.find_elements(By.CSS_SELECTOR, "tr.project")]
    assert {"Provider R&D", "Street scenes", "Warehouse labeling"} <= set(names)
    assert "Shelf audit" not in names
    # only Street scenes is billed to another org's account
    assert len(provider.find_elements(By.CSS_SELECTOR, "tr.project .billed")) == 1


def test_carol_sees_client_a_and_its_provider(site):
    d = site.login(CAROL)
    assert d.find_element(By.ID, "who").text == CAROL
    site.nav("orgs")
    orgs = site.orgs()
    assert list(orgs) == ["Client A"]
    client = orgs["Client A"]
    assert text(client, ".provider") == "Provider Inc"
    assert text(client, ".meta .tag") == "freemium"
    assert not client.find_elements(By.CSS_SELECTOR, ".clients")
    cells, row = project_row(client, "Street scenes")
    assert cells[1] == "Client A" and cells[2].startswith("Provider Inc")
    assert row.find_elements(By.CSS_SELECTOR, ".billed")
    assert text(client, ".billed-count") == "0"


def test_root_sees_every_org(site):
    d = site.login(ROOT)
    assert d.current_url == site.url + "/orgs"  # in no org: the console opens on every org
    assert d.find_element(By.ID, "who").text == ROOT
    assert "(superuser)" in d.find_element(By.CSS_SELECTOR, "nav.side").text
    orgs = site.orgs()
    assert sorted(orgs) == ["Client A", "Client B", "Provider Inc"]
    assert text(orgs["Client B"], ".provider") == "Provider Inc"
    assert [r.get_attribute("data-project") for r in orgs["Client B"].find_elements(By.CSS_SELECTOR, "tr.project")
            if r.get_attribute("data-project") == "Shelf audit"] == ["Shelf audit"]


def test_nora_belongs_to_no_organization(site):
    d = site.login(NORA)
    assert d.current_url == site.url + "/onboarding"
    assert d.find_element(By.ID, "who").text == NORA
    site.nav("orgs")
    assert not site.orgs()
    assert d.find_element(By.ID, "no-orgs").text == f"{NORA} belongs to no organization yet."


def test_logout_returns_to_the_anonymous_page(site):
    d = site.login(ADA)
    assert site.session_cookie() is not None
    site.click_and_wait(d.find_element(By.LINK_TEXT, "log out"))
    assert d.current_url == site.url + "/"
    assert_anonymous(site)
