"""The console's menu, Organization Overview and Rename Org, clicked through in Chromium,
each outcome checked on the page and through the API."""
import pytest
import requests
from selenium.webdriver.common.by import By

ADA, GRACE, LINUS, WENDY = "ada@provider.example", "grace@provider.example", "linus@provider.example", "wendy@provider.example"
CAROL = "carol@client-a.example"


def text(css, driver):
    return driver.find_element(By.CSS_SELECTOR, css).text.strip()


def test_signed_in_menu_shows_the_user_their_orgs_and_the_links(site):
    d = site.login(ADA)
    assert d.current_url == site.url + "/"
    assert d.find_element(By.ID, "who").text == ADA
    assert site.menu_orgs() == ["Provider Inc (owner)"]
    assert site.active_org() == "Provider Inc"
    links = {a.get_attribute("id"): a.get_attribute("href") for a in d.find_elements(By.CSS_SELECTOR, "ul.nav a")}
    assert links == {"nav-overview": site.url + "/", "nav-projects": site.url + "/projects", "nav-members": site.url + "/members",
                     "nav-clients": site.url + "/clients", "nav-orgs": site.url + "/orgs"}
    assert d.find_element(By.ID, "nav-overview").get_attribute("aria-current") == "page"


def test_overview_of_the_active_org(site, api):
    d = site.login(ADA)
    assert text("#org-name", d) == "Provider Inc"
    assert text("#plan", d) == "premium"
    assert text("#clients", d) == "Client A, Client B"
    assert not d.find_elements(By.ID, "provider")
    overview = api.get(f"/orgs/{api.org('Provider Inc')['id']}/overview", ADA)
    assert text("#owned", d) == str(overview["projects"]["owned"])
    assert text("#billed", d) == str(overview["projects"]["billed"]) == "1"
    assert text("#datasets", d) == str(overview["datasets"])
    assert text("#tasks", d) == str(overview["tasks"])
    assert text("#members-by-role", d) == "Members: 4 total owner 1 admin 1 member 1 worker 1"
    cards = [c.get_attribute("data-project") for c in d.find_elements(By.CSS_SELECTOR, "#projects article.project")]
    assert cards == ["Provider Inc system project", "Provider R&D", "Street scenes", "Warehouse labeling"]
    street = site.card("Street scenes")
    assert text(".owner", street) == "Client A" and text(".payer", street) == "Provider Inc"
    assert street.find_element(By.CSS_SELECTOR, ".billed").text == "billed to another org"


def test_client_overview_names_its_provider(site):
    d = site.login(CAROL)
    assert text("#org-name", d) == "Client A"
    assert text("#provider", d) == "Provider Inc"
    assert text("#clients", d) == "none"


def test_switch_the_active_org_from_the_dropdown(site, api):
    provider, client_a = api.org("Provider Inc"), api.org("Client A")
    resp = api.call("POST", f"/orgs/{client_a['id']}/members", CAROL, json={"emails": [ADA], "role": "admin"})
    assert resp.status_code == 201, resp.text
    d = site.login(ADA)
    assert site.menu_orgs() == ["Provider Inc (owner)", "Client A (admin)"]
    assert site.active_org() == "Provider Inc"

    site.switch_org("Client A")
    assert d.current_url == site.url + "/"
    assert site.flash() == "Client A is now your active organization"
    assert site.active_org() == "Client A"
    assert text("#org-name", d) == "Client A"
    assert api.get("/users/me", ADA)["org"] == client_a["id"]

    # Without the script: set the dropdown and press its Switch button; from another page it stays there.
    site.nav("members")
    value = next(o.get_attribute("value") for o in site.active_org_select().options if o.text.startswith("Provider Inc"))
    d.execute_script("document.getElementById('active-org').value = arguments[0]", value)
    site.click_and_wait(d.find_element(By.ID, "switch-org"))
    assert d.current_url == site.url + "/members"
    assert site.active_org() == "Provider Inc"
    assert api.get("/users/me", ADA)["org"] == provider["id"]


def test_rename_org_from_the_ellipsis_menu(site, api):
    requests.delete(site.url + "/_mock/requests", timeout=10)
    d = site.login(GRACE)  # an admin
    org_id = api.org("Provider Inc")["id"]
    items = site.open_menu(d.find_element(By.CSS_SELECTOR, "section.head"))
    field = items.find_element(By.ID, "rename-name")
    assert field.get_attribute("value") == "Provider Inc"
    field.clear()
    field.send_keys("Provider Incorporated")
    site.click_and_wait(items.find_element(By.ID, "rename"))
    assert d.current_url == site.url + "/"
    assert site.flash() == "The organization is now named Provider Incorporated" and not site.flash_is_error()
    assert text("#org-name", d) == "Provider Incorporated"
    assert site.active_org() == "Provider Incorporated"
    assert api.get(f"/orgs/{org_id}", ADA)["name"] == "Provider Incorporated"
    # the journal keeps the form, its CSRF token redacted
    posts = requests.get(site.url + "/_mock/requests", params={"method": "POST", "path": "/org/name"}, timeout=10).json()
    bodies = [entry["body"] for entry in posts]
    assert [b["name"] for b in bodies] == ["Provider Incorporated"]
    assert bodies[0]["csrf_token"] == "***redacted***"


@pytest.mark.parametrize("name, status", [("Acme/Labs", 400), ("Client A", 409)])  # the name rule; taken
def test_refused_rename_shows_the_apis_message_and_keeps_the_typed_name(site, api, name, status):
    org_id = api.org("Provider Inc")["id"]
    refusal = api.call("PATCH", f"/orgs/{org_id}", ADA, json={"name": name})
    assert refusal.status_code == status, refusal.text
    d = site.login(ADA)
    items = site.open_menu(d.find_element(By.CSS_SELECTOR, "section.head"))
    field = items.find_element(By.ID, "rename-name")
    field.clear()
    field.send_keys(name)
    site.click_and_wait(items.find_element(By.ID, "rename"))
    assert site.flash() == refusal.json()["message"] and site.flash_is_error()
    assert d.find_element(By.ID, "rename-name").get_attribute("value") == name
    assert d.find_element(By.ID, "rename-name").is_displayed()  # the menu stays open on the typed name
    assert text("#org-name", d) == "Provider Inc"
    assert api.get(f"/orgs/{org_id}", ADA)["name"] == "Provider Inc"


def test_rename_is_disabled_for_a_member_with_the_rules_reason(site, api):
    org_id = api.org("Provider Inc")["id"]
    refusal = api.call("PATCH", f"/orgs/{org_id}", LINUS, json={"name": "Linus Inc"})
    assert refusal.status_code == 403
    d = site.login(LINUS)
    items = site.open_menu(d.find_element(By.CSS_SELECTOR, "section.head"))
    button = items.find_element(By.ID, "rename")
    assert button.text == "Rename Org" and not button.is_enabled()
    assert items.find_element(By.ID, "rename-reason").text == refusal.json()["message"]
    assert refusal.json()["message"] == "only an owner or an admin of organization 'Provider Inc' can rename it"
    assert not d.find_elements(By.ID, "rename-form")

    # Posting the form anyway (the session's token, the right fields) is refused the same way.
    csrf = d.execute_script("return document.querySelector('input[name=csrf_token]').value")
    resp = requests.post(site.url + "/org/name", cookies=site.browser_cookies(), allow_redirects=False, timeout=10,
                         data={"csrf_token": csrf, "org": org_id, "name": "Linus Inc"})
    assert resp.status_code == 303 and resp.headers["Location"] == "/"
    site.open("/")
    assert site.flash() == refusal.json()["message"] and site.flash_is_error()
    assert api.get(f"/orgs/{org_id}", ADA)["name"] == "Provider Inc"


def test_a_worker_sees_why_there_is_no_overview(site, api):
    org_id = api.org("Provider Inc")["id"]
    refusal = api.call("GET", f"/orgs/{org_id}/overview", WENDY)
    assert refusal.status_code == 403
    d = site.login(WENDY)
    assert d.find_element(By.ID, "refused").text == refusal.json()["message"]
    assert site.active_org() == "Provider Inc"
    assert not d.find_elements(By.ID, "org-menu")
