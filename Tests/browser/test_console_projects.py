"""Project cards with their paying-account actions ("Set under ‹org› account") and the
new-project form, clicked through in Chromium and checked through the API."""
import requests
from selenium.webdriver.common.by import By

ADA, CAROL, LINUS, WENDY, NORA = ("ada@provider.example", "carol@client-a.example", "linus@provider.example",
                                  "wendy@provider.example", "nora@nowhere.example")
STREET = "Street scenes"


def test_a_refused_paying_account_action_is_disabled_with_the_rules_message(site, api):
    project, client_a = api.project(STREET), api.org("Client A")
    refusal = api.call("PATCH", f"/projects/{project['id']}/account", ADA, json={"accountId": client_a["account"]["id"]})
    assert refusal.status_code == 403
    d = site.login(ADA)
    site.nav("projects")
    button = site.card_action(STREET, "Set back under Client A account")
    assert not button.is_enabled()
    reason = button.find_element(By.XPATH, "following-sibling::p[@class='reason']").text
    assert reason == refusal.json()["message"]
    assert reason == ("setting the paying account of project 'Street scenes' to the account of 'Client A' requires "
                      "the caller to be an owner or admin of organization 'Client A', which the caller is not")
    # Posting it anyway (as a stale page would) is refused with the same message.
    form = {"csrf_token": d.execute_script("return document.querySelector('input[name=csrf_token]').value"),
            "project": project["id"], "account": client_a["account"]["id"]}
    resp = requests.post(site.url + "/projects/account", data=form, cookies=site.browser_cookies(), allow_redirects=False, timeout=10)
    assert (resp.status_code, resp.headers["Location"]) == (303, "/projects")
    site.open("/projects")
    assert site.flash() == refusal.json()["message"] and site.flash_is_error()
    assert api.project(STREET)["account"] == api.org("Provider Inc")["account"]["id"]


def test_set_back_under_the_owning_org_then_under_the_providers_account(site, api):
    provider, client_a = api.org("Provider Inc"), api.org("Client A")
    # Carol owns the project and Client A: she may bring the bill home.
    d = site.login(CAROL)
    site.nav("projects")
    card = site.card(STREET)
    assert card.find_element(By.CSS_SELECTOR, ".payer").text == "Provider Inc"
    site.click_and_wait(site.card_action(STREET, "Set back under Client A account"))
    assert d.current_url == site.url + "/projects"
    assert site.flash() == "Project Street scenes is now under the Client A account" and not site.flash_is_error()
    card = site.card(STREET)
    assert card.find_element(By.CSS_SELECTOR, ".payer").text == "Client A"
    assert not card.find_elements(By.CSS_SELECTOR, ".billed")
    assert not card.find_elements(By.CSS_SELECTOR, "details.menu")  # nothing left to move for Carol
    assert api.project(STREET)["account"] == client_a["account"]["id"]

    # Ada, on the provider's side, owns the project and Provider Inc: "Set under Provider Inc account".
    site.driver.delete_all_cookies()
    d = site.login(ADA)
    site.nav("projects")
    assert site.card(STREET).find_element(By.CSS_SELECTOR, ".owner").text == "Client A"
    site.click_and_wait(site.card_action(STREET, "Set under Provider Inc account"))
    assert site.flash() == "Project Street scenes is now under the Provider Inc account"
    assert site.card(STREET).find_element(By.CSS_SELECTOR, ".payer").text == "Provider Inc"
    project = api.project(STREET)
    assert project["account"] == provider["account"]["id"] and project["org"]["id"] == client_a["id"]


def test_new_project_form_names_the_active_org_and_creates_the_project_there(site, api):
    d = site.login(LINUS)  # a member of Provider Inc may create projects in it
    site.nav("projects")
    assert d.find_element(By.ID, "new-project-org").text == \
        "This project will be created in Provider Inc — switch org first if that is wrong."
    d.find_element(By.ID, "project-name").send_keys("Demo run")
    site.click_and_wait(d.find_element(By.ID, "create-project"))
    assert site.flash() == "Created project Demo run in Provider Inc"
    card = site.card("Demo run")
    assert card.find_element(By.CSS_SELECTOR, ".owner").text == "Provider Inc"
    assert card.find_element(By.CSS_SELECTOR, ".payer").text == "Provider Inc"
    assert card.find_element(By.CSS_SELECTOR, ".role").text == "owner"
    created = next(p for p in api.get("/projects", LINUS) if p["name"] == "Demo run")
    assert created["org"]["id"] == api.org("Provider Inc")["id"] and created["role"] == "owner"


def test_new_project_follows_a_switched_org(site, api):
    client_a = api.org("Client A")
    assert api.call("POST", f"/orgs/{client_a['id']}/members", CAROL, json={"emails": [ADA], "role": "member"}).status_code == 201
    d = site.login(ADA)
    site.nav("projects")
    site.switch_org("Client A")
    assert d.current_url == site.url + "/projects"
    assert d.find_element(By.ID, "new-project-org-name").text == "Client A"
    d.find_element(By.ID, "project-name").send_keys("Client side")
    site.click_and_wait(d.find_element(By.ID, "create-project"))
    assert site.flash() == "Created project Client side in Client A"
    assert api.project("Client side")["org"]["id"] == client_a["id"]


def test_refused_project_name_keeps_what_was_typed(site, api):
    refusal = api.call("POST", "/projects", ADA, json={"name": "provider r&d"})
    assert refusal.status_code == 400
    d = site.login(ADA)
    site.nav("projects")
    d.find_element(By.ID, "project-name").send_keys("provider r&d")
    site.click_and_wait(d.find_element(By.ID, "create-project"))
    assert site.flash() == refusal.json()["message"] and site.flash_is_error()
    assert d.find_element(By.ID, "project-name").get_attribute("value") == "provider r&d"


def test_a_worker_cannot_create_projects_and_is_told_why(site, api):
    refusal = api.call("POST", "/projects", WENDY, json={"name": "Wendy run"})
    assert refusal.status_code == 403
    d = site.login(WENDY)
    site.nav("projects")
    assert not d.find_element(By.ID, "create-project").is_enabled()
    assert d.find_element(By.ID, "create-reason").text == refusal.json()["message"]
    assert not d.find_elements(By.ID, "create-project-form")
