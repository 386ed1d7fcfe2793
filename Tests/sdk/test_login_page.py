"""`dl.login()` through the mock's login page. The SDK opens the page with Python's
`webbrowser`, which runs the program named by $BROWSER: here a small script that acts as the
user (GET the page, fill in the form, POST it, follow the redirect to the SDK's listener)."""
import json
import socket
import sys
import textwrap
import webbrowser
from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlsplit

import dtlpy as dl
import jwt
import pytest
import requests

from helpers import ADA, FIXTURE, GRACE, PASSWORDS, PROVIDER, RND, assert_error, describe

BROWSER_SCRIPT = textwrap.dedent('''\
    #!{python}
    """A stand-in browser: webbrowser runs it with the login URL and waits for it to exit,
    while the SDK's listener only answers after that, so it forks and works in the child."""
    import json, os, sys
    from html.parser import HTMLParser
    from urllib.parse import urljoin

    if os.fork():
        sys.exit(0)
    import requests

    class Form(HTMLParser):
        def __init__(self):
            super().__init__()
            self.action, self.fields, self.options, self.error = None, {{}}, [], None
            self._in_error = False
        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "form":
                self.action = attrs.get("action")
            elif tag == "input" and attrs.get("name"):
                self.fields[attrs["name"]] = attrs.get("value", "")
            elif tag == "option":
                self.options.append(attrs.get("value"))
            if attrs.get("id") == "error":
                self._in_error = True
        def handle_data(self, data):
            if self._in_error:
                self.error, self._in_error = data.strip(), False

    config = json.loads(os.environ["MOCK_BROWSER_CONFIG"])
    log = []
    url = sys.argv[1]
    try:
        page = requests.get(url, timeout=30)
        for password in config["passwords"]:
            form = Form()
            form.feed(page.text)
            step = {{"url": page.url, "status": page.status_code, "action": form.action, "error": form.error,
                     "options": form.options, "fields": sorted(form.fields)}}
            data = dict(form.fields, email=config["email"], password=password)
            page = requests.post(urljoin(page.url, form.action), data=data, timeout=30)
            step["answer"] = page.status_code
            step["redirects"] = [r.headers.get("Location") for r in page.history]
            log.append(step)
        form = Form()
        form.feed(page.text)
        log.append({{"url": page.url, "status": page.status_code, "error": form.error}})
    except Exception as error:
        log.append({{"exception": repr(error)}})
    with open(config["log"], "w") as out:
        json.dump(log, out)
''')


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def browser(tmp_path, monkeypatch):
    """browser(email, *passwords) makes $BROWSER a script that logs in as `email`, trying
    the passwords in order; returns the path of its JSON log of the steps."""
    script = tmp_path / "browser.py"
    script.write_text(BROWSER_SCRIPT.format(python=sys.executable))
    script.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(script))
    monkeypatch.setattr(webbrowser, "_tryorder", None)  # make webbrowser read $BROWSER again
    monkeypatch.setattr(webbrowser, "_browsers", {})

    def configure(email, *passwords):
        log = tmp_path / "browser.json"
        monkeypatch.setenv("MOCK_BROWSER_CONFIG", json.dumps({"email": email, "passwords": passwords,
                                                              "log": str(log)}))
        return log
    return configure


def read_log(log):
    import time
    for _ in range(100):  # the child writes it right after its last request
        if log.exists() and log.read_text():
            return json.loads(log.read_text())
        time.sleep(0.05)
    pytest.fail("the browser script wrote no log")


class Page(HTMLParser):
    """The login form's action, fields (name -> value), user options and error text."""

    def __init__(self, html):
        super().__init__()
        self.action, self.fields, self.options, self.error, self._in_error = None, {}, [], None, False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.action = attrs.get("action")
        elif tag in ("input", "select") and attrs.get("name"):
            self.fields[attrs["name"]] = attrs.get("value", "")
        elif tag == "option":
            self.options.append(attrs.get("value"))
        if attrs.get("id") == "error":
            self._in_error = True

    def handle_data(self, data):
        if self._in_error:
            self.error, self._in_error = data.strip(), False


def test_dl_login_completes_through_the_login_page(server, browser, dataloop_mock):
    log = browser(GRACE, PASSWORDS[GRACE])
    assert dl.login(callback_port=free_port()) is True
    assert dl.info()["user_email"] == GRACE
    assert jwt.decode(dl.client_api.token, options={"verify_signature": False})["email"] == GRACE
    assert dl.client_api.refresh_token
    assert {org.name for org in dl.organizations.list()} == {PROVIDER}

    [step, final] = read_log(log)
    assert step["status"] == 200 and step["error"] is None
    assert step["options"] == [user["email"] for user in FIXTURE["users"]]
    assert {"callback", "password"} <= set(step["fields"])
    assert step["answer"] == 200 and len(step["redirects"]) == 1  # 302 to the SDK's listener
    assert urlsplit(step["redirects"][0]).hostname == "localhost"
    assert set(parse_qs(urlsplit(step["redirects"][0]).query)) == {"id_token", "access_token", "refresh_token"}
    assert final["status"] == 200  # the SDK's "logged in" page

    posts = dataloop_mock.requests(method="POST", path="/login")
    assert [(e["status"], e["body"]["email"], e["body"]["password"]) for e in posts] == [
        (302, GRACE, "***redacted***")]


def test_a_wrong_password_shows_the_page_again_then_the_right_one_logs_in(server, browser, dataloop_mock):
    log = browser(ADA, "not-" + PASSWORDS[ADA], PASSWORDS[ADA])
    assert dl.login(callback_port=free_port()) is True
    assert dl.info()["user_email"] == ADA
    assert RND in {project.name for project in dl.projects.list()}
    wrong, right, final = read_log(log)
    assert wrong["answer"] == 401 and wrong["redirects"] == []
    assert right["status"] == 401 and right["error"], right  # the page again, with the error
    assert right["options"] == wrong["options"] and right["fields"] == wrong["fields"]
    assert right["answer"] == 200 and len(right["redirects"]) == 1
    assert final["status"] == 200
    assert [e["status"] for e in dataloop_mock.requests(method="POST", path="/login")] == [401, 302]


def test_wrong_password_page(server):
    callback = "http://localhost:4567"
    first = server.raw("GET", "/login", params={"callback": callback})
    page = Page(first.text)
    assert first.status_code == 200 and page.error is None
    resp = requests.post(urljoin(first.url, page.action), allow_redirects=False, timeout=15,
                         data=dict(page.fields, email=ADA, password="Wr0ng-Guess-77"))
    assert resp.status_code == 401
    assert "Location" not in resp.headers
    again = Page(resp.text)
    assert again.error and "password" in again.error.lower()
    assert again.action == page.action
    assert again.fields["callback"] == callback
    assert again.options == page.options
    assert "Wr0ng-Guess-77" not in resp.text and PASSWORDS[ADA] not in resp.text


def test_right_password_redirects_with_tokens(server):
    resp = server.raw("POST", "/login", allow_redirects=False,
                      data={"callback": "http://127.0.0.1:4567/cb", "email": ADA, "password": PASSWORDS[ADA]})
    assert resp.status_code == 302
    location = urlsplit(resp.headers["Location"])
    assert (location.scheme, location.hostname, location.port, location.path) == ("http", "127.0.0.1", 4567, "/cb")
    tokens = {key: value[0] for key, value in parse_qs(location.query).items()}
    assert set(tokens) == {"id_token", "access_token", "refresh_token"}
    assert jwt.decode(tokens["id_token"], options={"verify_signature": False})["email"] == ADA
    assert server.raw("GET", "/api/v1/users/me", token=tokens["id_token"]).json()["email"] == ADA


@pytest.mark.parametrize("callback", ["http://evil.example:5555", "https://localhost:5555", "http://localhost.evil.example",
                                      "http://127.0.0.1.evil.example/", "http://user@evil.example", "javascript:alert(1)",
                                      "//evil.example"])
def test_non_loopback_callback_is_refused(server, callback):
    assert_error(server.raw("GET", "/login", params={"callback": callback}), 400, "callback")
    resp = server.raw("POST", "/login", allow_redirects=False,
                      data={"callback": callback, "email": ADA, "password": PASSWORDS[ADA]})
    assert_error(resp, 400, "callback")
    assert "Location" not in resp.headers


def test_without_a_callback_the_page_logs_into_the_dashboard_not_a_url(server):
    resp = server.raw("POST", "/login", allow_redirects=False, data={"email": ADA, "password": PASSWORDS[ADA]})
    assert resp.status_code == 303, describe(resp)
    assert "token" not in resp.headers["Location"]
    assert urlsplit(resp.headers["Location"]).netloc in ("", urlsplit(server.url).netloc)
