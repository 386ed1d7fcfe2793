"""Sessions, CSRF tokens and namespaces of the console: a form without its session's token
changes nothing; every form answers with a redirect; /ns/NAME/ is a console of its own."""
import os
import shutil
from pathlib import Path

import pytest
import requests
from selenium.webdriver.common.by import By

from conftest import Api

REPO_ROOT = Path(__file__).resolve().parents[2]
ADA, CAROL, LINUS = "ada@provider.example", "carol@client-a.example", "linus@provider.example"


def csrf_of(site):
    return site.driver.execute_script("return document.querySelector('input[name=csrf_token]').value")


def forms(site, api):
    """Every console form, filled with values that would change the state."""
    provider, client_a = api.org("Provider Inc"), api.org("Client A")
    street = api.project("Street scenes")
    return {
        "/org/name": {"org": provider["id"], "name": "Hijacked Inc"},
        "/active-org": {"org": provider["id"]},
        "/projects": {"org": provider["id"], "name": "Hijacked project"},
        "/projects/account": {"project": street["id"], "account": client_a["account"]["id"]},
        "/members": {"org": provider["id"], "emails": "mallory@evil.example", "role": "owner"},
        "/members/role": {"org": provider["id"], "user": "grace@provider.example", "role": "worker"},
        "/members/remove": {"org": provider["id"], "user": "grace@provider.example"},
        "/onboarding": {"name": "Hijacked Org"},
    }


@pytest.mark.parametrize("token", ["missing", "empty", "wrong", "another session's"])
def test_a_form_without_its_sessions_csrf_token_changes_nothing(site, api, token):
    site.login(ADA)
    cookies = site.browser_cookies()
    other = requests.post(site.url + "/login", data={"email": CAROL, "password": "carol-pass"}, allow_redirects=False, timeout=10)
    other_csrf = requests.get(site.url + "/", cookies=other.cookies, timeout=10).text.split('name="csrf_token" value="')[1].split('"')[0]
    value = {"missing": None, "empty": "", "wrong": "0" * 64, "another session's": other_csrf}[token]
    assert other_csrf != csrf_of(site)
    filled = forms(site, api)  # (its API calls sign the superuser in: before the snapshot)
    before = api.state()
    for path, fields in filled.items():
        data = dict(fields) if value is None else {**fields, "csrf_token": value}
        resp = requests.post(site.url + path, data=data, cookies=cookies, allow_redirects=False, timeout=10)
        assert resp.status_code == 403, (path, resp.status_code, resp.text)
        assert "CSRF token" in resp.text and "nothing was changed" in resp.text
    assert api.state() == before


def test_forms_answer_with_a_redirect_and_without_a_session_go_to_the_login_page(site, api):
    for path, fields in forms(site, api).items():
        resp = requests.post(site.url + path, data={**fields, "csrf_token": "x"}, allow_redirects=False, timeout=10)
        assert (resp.status_code, resp.headers["Location"]) == (303, "/login"), path
    for page in ("/projects", "/members", "/clients", "/onboarding", "/orgs"):
        resp = requests.get(site.url + page, allow_redirects=False, timeout=10)
        assert (resp.status_code, resp.headers["Location"]) == (303, "/login"), page
    # garbage is a 4xx, never a 5xx
    site.login(ADA)
    cookies = site.browser_cookies()
    for body, content_type in [(b"\xff\xfe", "application/x-www-form-urlencoded"), (b'{"name": 1}', "application/json"),
                               (b"a[b]=1&a[c]=2", "application/x-www-form-urlencoded")]:
        resp = requests.post(site.url + "/org/name", data=body, headers={"Content-Type": content_type}, cookies=cookies,
                             allow_redirects=False, timeout=10)
        assert 400 <= resp.status_code < 500, (body, resp.status_code)


def test_the_session_cookie_is_http_only_and_logout_ends_the_session(site):
    d = site.login(ADA)
    cookie = site.session_cookie()
    assert cookie["httpOnly"] is True and cookie["path"] == "/" and cookie.get("sameSite") == "Lax"
    assert "dm_session" not in d.execute_script("return document.cookie")
    cookies = site.browser_cookies()
    site.click_and_wait(d.find_element(By.LINK_TEXT, "log out"))
    assert d.current_url == site.url + "/"
    assert site.session_cookie() is None
    # the old session id no longer signs anybody in
    resp = requests.get(site.url + "/projects", cookies=cookies, allow_redirects=False, timeout=10)
    assert (resp.status_code, resp.headers["Location"]) == (303, "/login")


def test_a_namespace_has_its_own_console(site, server_url):
    requests.delete(server_url + "/_mock/namespaces/demo", timeout=10)  # a fresh copy of the seed
    ns = Api(server_url, namespace="demo")
    org_id = ns.org("Provider Inc")["id"]
    d = site.login_at("/ns/demo", ADA)
    assert d.current_url == site.url + "/ns/demo/"
    assert site.session_cookie("dm_session_demo")["path"] == "/ns/demo"
    assert site.session_cookie() is None
    assert d.find_element(By.ID, "nav-projects").get_attribute("href") == site.url + "/ns/demo/projects"
    items = site.open_menu(d.find_element(By.CSS_SELECTOR, "section.head"))
    items.find_element(By.ID, "rename-name").clear()
    items.find_element(By.ID, "rename-name").send_keys("Demo Provider")
    site.click_and_wait(items.find_element(By.ID, "rename"))
    assert d.current_url == site.url + "/ns/demo/"
    assert d.find_element(By.ID, "org-name").text == "Demo Provider"
    assert ns.get(f"/orgs/{org_id}", ADA)["name"] == "Demo Provider"
    # the default namespace is untouched, and its console still wants a login
    assert Api(server_url).org("Provider Inc")["name"] == "Provider Inc"
    site.open("/")
    assert d.find_element(By.LINK_TEXT, "Log in")
    requests.delete(server_url + "/_mock/namespaces/demo", timeout=10)


def test_screenshots_of_the_overview_and_a_refused_action(site, api, tmp_path):
    """docs/console-overview.png and docs/console-refused.png are rewritten only with
    UPDATE_SCREENSHOT=1; otherwise the pictures go to the test's tmp dir."""
    site.driver.set_window_size(1280, 820)
    try:
        take_screenshots(site, tmp_path)
    finally:
        site.driver.set_window_size(1280, 1600)


def take_screenshots(site, tmp_path):
    d = site.login(ADA)
    assert d.find_element(By.ID, "org-name").text == "Provider Inc"
    shots = {"console-overview.png": tmp_path / "overview.png", "console-refused.png": tmp_path / "refused.png"}
    assert d.save_screenshot(str(shots["console-overview.png"]))
    site.driver.delete_all_cookies()
    d = site.login(LINUS)
    site.open_menu(d.find_element(By.CSS_SELECTOR, "section.head"))
    assert d.find_element(By.ID, "rename-reason").is_displayed()
    assert d.save_screenshot(str(shots["console-refused.png"]))
    for name, shot in shots.items():
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
        if os.environ.get("UPDATE_SCREENSHOT") == "1":
            shutil.copyfile(shot, REPO_ROOT / "docs" / name)
