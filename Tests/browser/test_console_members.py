"""The Members page (add, change role, remove; the last-owner rule), the Clients page and
onboarding, clicked through in Chromium and checked through the API."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

ADA, CAROL, ALAN, DAVE, LINUS, NORA = ("ada@provider.example", "carol@client-a.example", "alan@client-a.example",
                                       "dave@client-a.example", "linus@provider.example", "nora@nowhere.example")
NEWCOMER = "new.annotator@client-a.example"


def member_row(driver, email):
    rows = driver.find_elements(By.CSS_SELECTOR, f'tr.member[data-email="{email}"]')
    return rows[0] if rows else None


def api_members(api, org, email=CAROL):
    return {m["email"]: m["role"] for m in api.get(f"/orgs/{api.org(org)['id']}/members", email)}


def add_member(site, email, role):
    d = site.driver
    d.find_element(By.ID, "member-emails").clear()
    d.find_element(By.ID, "member-emails").send_keys(email)
    Select(d.find_element(By.ID, "member-role")).select_by_value(role)
    return site.click_and_wait(d.find_element(By.ID, "add-member"))


def test_add_change_and_remove_a_member(site, api):
    d = site.login(CAROL)
    site.nav("members")
    assert d.find_element(By.TAG_NAME, "h1").text == "Members of Client A"
    assert [r.get_attribute("data-email") for r in d.find_elements(By.CSS_SELECTOR, "tr.member")] == [CAROL, ALAN, DAVE]

    add_member(site, NEWCOMER, "worker")
    assert d.current_url == site.url + "/members"
    assert site.flash() == f"Added {NEWCOMER} as worker" and not site.flash_is_error()
    row = member_row(d, NEWCOMER)
    assert row.find_element(By.CSS_SELECTOR, ".role").text == "worker"
    assert "invited" in row.text
    assert api_members(api, "Client A")[NEWCOMER] == "worker"

    Select(row.find_element(By.CSS_SELECTOR, "select[name=role]")).select_by_value("member")
    site.click_and_wait(row.find_element(By.CSS_SELECTOR, "button.change"))
    assert site.flash() == f"{NEWCOMER} is now member"
    assert member_row(d, NEWCOMER).find_element(By.CSS_SELECTOR, ".role").text == "member"
    assert api_members(api, "Client A")[NEWCOMER] == "member"

    site.click_and_wait(member_row(d, NEWCOMER).find_element(By.CSS_SELECTOR, "button.remove"))
    assert site.flash() == f"Removed {NEWCOMER}"
    assert member_row(d, NEWCOMER) is None
    assert NEWCOMER not in api_members(api, "Client A")


def test_the_last_owner_rule_shows_its_message(site, api):
    org_id = api.org("Client A")["id"]
    demote = api.call("PATCH", f"/orgs/{org_id}/members", CAROL, json={"email": CAROL, "role": "admin"})
    remove = api.call("DELETE", f"/orgs/{org_id}/members/{CAROL}", CAROL)
    assert demote.status_code == remove.status_code == 409
    d = site.login(CAROL)
    site.nav("members")
    row = member_row(d, CAROL)
    Select(row.find_element(By.CSS_SELECTOR, "select[name=role]")).select_by_value("admin")
    site.click_and_wait(row.find_element(By.CSS_SELECTOR, "button.change"))
    assert site.flash() == demote.json()["message"] and site.flash_is_error()
    assert site.flash() == "the last owner of organization 'Client A' cannot be demoted; make another member owner first"
    row = member_row(d, CAROL)
    assert row.find_element(By.CSS_SELECTOR, ".role").text == "owner"
    # the refused form shows the role that was picked
    assert Select(row.find_element(By.CSS_SELECTOR, "select[name=role]")).first_selected_option.get_attribute("value") == "admin"

    site.click_and_wait(member_row(d, CAROL).find_element(By.CSS_SELECTOR, "button.remove"))
    assert site.flash() == remove.json()["message"]
    assert api_members(api, "Client A")[CAROL] == "owner"


@pytest.mark.parametrize("email, role, status", [
    ("not-an-email", "worker", 400),            # an invalid email
    (DAVE, "member", 409),                      # already a member
    ("boss@client-a.example", "owner", 403),    # an admin may not add owners
])
def test_a_refused_add_keeps_what_was_typed(site, api, email, role, status):
    org_id = api.org("Client A")["id"]
    refusal = api.call("POST", f"/orgs/{org_id}/members", ALAN, json={"emails": [email], "role": role})
    assert refusal.status_code == status, refusal.text
    d = site.login(ALAN)  # an admin: may add, but not owners
    site.nav("members")
    add_member(site, email, role)
    assert site.flash() == refusal.json()["message"] and site.flash_is_error()
    assert d.find_element(By.ID, "member-emails").get_attribute("value") == email
    assert Select(d.find_element(By.ID, "member-role")).first_selected_option.get_attribute("value") == role
    assert api_members(api, "Client A", ALAN) == {CAROL: "owner", ALAN: "admin", DAVE: "worker"}


def test_a_member_cannot_add_and_is_told_why(site, api):
    refusal = api.call("POST", f"/orgs/{api.org('Provider Inc')['id']}/members", LINUS, json={"emails": ["x@y.example"], "role": "worker"})
    assert refusal.status_code == 403
    d = site.login(LINUS)
    site.nav("members")
    assert not d.find_element(By.ID, "add-member").is_enabled()
    assert d.find_element(By.ID, "add-reason").text == refusal.json()["message"]


def test_member_emails_are_shown_escaped(site, api):
    email = "<b>bold</b>@evil.example"
    d = site.login(CAROL)
    site.nav("members")
    add_member(site, email, "worker")
    assert site.flash() == f"Added {email} as worker"
    row = member_row(d, email)
    assert row is not None and row.find_elements(By.TAG_NAME, "b") == []
    assert email in row.text
    assert email in d.page_source.replace("&lt;", "<").replace("&gt;", ">") and "<b>bold</b>" not in d.page_source


def test_a_provider_sees_its_clients(site, api):
    d = site.login(ADA)
    site.nav("clients")
    assert d.find_element(By.TAG_NAME, "h1").text == "Clients of Provider Inc"
    clients = {c.get_attribute("data-org"): c for c in d.find_elements(By.CSS_SELECTOR, "article.client")}
    assert list(clients) == [o["name"] for o in api.get(f"/orgs/{api.org('Provider Inc')['id']}/clients", ADA)] == ["Client A", "Client B"]
    assert clients["Client A"].find_element(By.CSS_SELECTOR, ".owners").text == CAROL


def test_a_member_may_not_list_clients_and_is_told_why(site, api):
    refusal = api.call("GET", f"/orgs/{api.org('Provider Inc')['id']}/clients", LINUS)
    assert refusal.status_code == 403
    d = site.login(LINUS)
    site.nav("clients")
    assert d.find_element(By.ID, "refused").text == refusal.json()["message"]
    assert not d.find_elements(By.CSS_SELECTOR, "article.client")


def test_onboarding_a_new_org_under_a_provider(site, api):
    provider = api.org("Provider Inc")
    d = site.login(NORA)
    assert d.current_url == site.url + "/onboarding"
    assert not d.find_elements(By.ID, "active-org")
    d.find_element(By.ID, "org-name").send_keys("Nora Labs")
    Select(d.find_element(By.ID, "org-provider")).select_by_visible_text("Provider Inc")
    site.click_and_wait(d.find_element(By.ID, "create-org"))
    assert d.current_url == site.url + "/"
    assert site.flash() == "Created Nora Labs; you are its owner"
    assert d.find_element(By.ID, "org-name").text == "Nora Labs"
    assert d.find_element(By.ID, "provider").text == "Provider Inc"
    assert site.menu_orgs() == ["Nora Labs (owner)"]
    org = api.org("Nora Labs")
    assert org["provider"] == provider["id"]
    assert {m["email"]: m["role"] for m in org["members"]} == {NORA: "owner"}
    assert api.get("/users/me", NORA)["org"] == org["id"]

    # the provider now lists it among its clients
    site.driver.delete_all_cookies()
    site.login(ADA)
    site.nav("clients")
    assert [c.get_attribute("data-org") for c in d.find_elements(By.CSS_SELECTOR, "article.client")] == ["Client A", "Client B", "Nora Labs"]


def test_onboarding_with_a_provider_link_and_a_taken_name(site, api):
    provider = api.org("Provider Inc")
    d = site.login(NORA)
    site.open(f"/onboarding?provider={provider['id']}")
    assert Select(d.find_element(By.ID, "org-provider")).first_selected_option.text == "Provider Inc"
    d.find_element(By.ID, "org-name").send_keys("client a")
    site.click_and_wait(d.find_element(By.ID, "create-org"))
    assert site.flash_is_error()
    assert site.flash() == "an organization named 'client a' already exists (names are unique, ignoring case)"
    assert d.current_url == site.url + "/onboarding"
    assert d.find_element(By.ID, "org-name").get_attribute("value") == "client a"
    assert Select(d.find_element(By.ID, "org-provider")).first_selected_option.text == "Provider Inc"
    assert api.get("/users/me", NORA)["org"] is None


def test_onboarding_is_refused_to_a_user_already_in_an_org(site, api):
    refusal = api.call("POST", "/orgs", ADA, json={"name": "Second Org"})
    assert refusal.status_code == 403
    d = site.login(ADA)
    site.open("/onboarding")
    assert d.find_element(By.ID, "refused").text == refusal.json()["message"]
    assert not d.find_element(By.ID, "create-org").is_enabled()
