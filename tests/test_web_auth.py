"""Sign-in, sign-out, the failed-login throttle, CSRF, cookies, headers and the app factory's configuration."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from test_web_support import *  # noqa: F403  (fixtures)
from test_web_support import Browser, People, state_of

from web import create_app


def test_a_user_signs_in_lands_on_their_work_and_signs_out(browser: Browser, people: People) -> None:
    response = browser.login("office1")
    assert response.status_code == 302 and response.headers["Location"].endswith("/office/")
    assert browser.get("/office/").status_code == 200
    out = browser.post("/auth/logout")
    assert out.status_code == 302
    browser.signed_in = False
    assert browser.get("/office/").status_code == 302  # back to the sign-in page


def test_a_wrong_password_is_refused_with_a_message(browser: Browser, people: People) -> None:
    response = browser.login("office1", "wrong-password")
    assert response.status_code == 401
    assert "用户名或密码错误" in response.get_data(as_text=True)
    assert browser.get("/office/").status_code == 302


def test_signing_out_needs_a_post_with_the_token(browser: Browser, people: People) -> None:
    browser.login("office1")
    assert browser.get("/auth/logout").status_code == 405
    assert browser.client.post("/auth/logout").status_code == 400  # no CSRF token
    assert browser.get("/office/").status_code == 200


def test_repeated_failures_block_that_name_from_that_address_even_with_the_right_password(
        browser: Browser, people: People) -> None:
    for _ in range(5):
        assert browser.login("office1", "wrong-password").status_code == 401
    blocked = browser.login("office1")
    assert blocked.status_code == 429
    assert "登录失败次数过多" in blocked.get_data(as_text=True)
    assert browser.login("secrecy1").status_code == 302  # another name is not blocked


def test_two_workers_on_one_database_share_the_count(make_app: Callable[..., Flask], tmp_path: Path,
                                                     people: People, app: Flask) -> None:
    """Regression: the count was kept per process, so each gunicorn worker allowed its own five tries."""
    other = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "INSTANCE_PATH": str(tmp_path / "other"),
                        "DATABASE_URL": app.config["DATABASE_URL"], "SCAN": app.config["SCAN"]})
    first, second = Browser(app.test_client()), Browser(other.test_client())
    for worker in (first, second, first, second, first):
        assert worker.login("office1", "wrong-password").status_code == 401
    assert second.login("office1").status_code == 429
    assert first.login("office1").status_code == 429


def test_a_successful_sign_in_clears_the_count(browser: Browser, people: People) -> None:
    for _ in range(4):
        browser.login("office1", "wrong-password")
    assert browser.login("office1").status_code == 302
    browser.post("/auth/logout")
    browser.signed_in = False
    for _ in range(4):
        assert browser.login("office1", "wrong-password").status_code == 401


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x"])
def test_the_next_address_after_sign_in_must_be_on_this_site(browser: Browser, people: People, target: str) -> None:
    response = browser.login("office1", next=target)
    assert response.headers["Location"].endswith("/office/")


def test_the_next_address_on_this_site_is_followed(browser: Browser, people: People) -> None:
    assert browser.login("office1", next="/audit/").headers["Location"] == "/audit/"


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(app: Flask, browser: Browser,
                                                                        stage: object) -> None:
    doc = stage.declared()  # type: ignore[attr-defined]
    browser.login("office1")
    before = state_of(app, doc)
    response = browser.client.post(f"/office/doc/{doc}/accept", data={"revision": before[1]})
    assert response.status_code == 400
    assert "表单已失效" in response.get_data(as_text=True)
    assert state_of(app, doc) == before
    forged = browser.client.post(f"/office/doc/{doc}/accept", data={"revision": before[1], "csrf_token": "forged"})
    assert forged.status_code == 400 and state_of(app, doc) == before


def test_sign_in_itself_needs_the_csrf_token(browser: Browser, people: People) -> None:
    response = browser.client.post("/auth/login", data={"username": "office1", "password": "correct-horse-42"})
    assert response.status_code == 400


def test_the_session_cookie_is_http_only_and_same_site_lax(browser: Browser, people: People) -> None:
    response = browser.login("office1")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize("path", ["/gongkai/", "/auth/login", "/no-such-page", "/static/style.css"])
def test_every_response_carries_the_security_headers(browser: Browser, path: str) -> None:
    response = browser.get(path)
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    response.close()  # a static file is sent from an open handle


def test_signed_in_pages_are_not_cached(browser: Browser, people: People) -> None:
    browser.login("office1")
    assert browser.get("/office/").headers["Cache-Control"] == "no-store"


def test_the_secret_key_is_generated_once_and_kept_in_the_instance_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "inst"))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("MAX_UPLOAD_MB", "7")
    first = create_app()
    second = create_app()
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) == 64
    key_file = tmp_path / "inst" / "secret_key"
    assert key_file.stat().st_mode & 0o077 == 0
    assert first.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'inst' / 'workflows.sqlite3'}"
    assert first.config["MAX_UPLOAD_MB"] == 7.0
    for application in (first, second):
        application.extensions["workflows"].engine.dispose()


def test_a_secret_key_from_the_environment_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "inst"))
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    application = create_app()
    assert application.config["SECRET_KEY"] == "from-the-environment"
    assert not (tmp_path / "inst" / "secret_key").exists()
    application.extensions["workflows"].engine.dispose()


def test_a_disabled_user_is_signed_out_on_the_next_request(app: Flask, browser: Browser, people: People,
                                                           make_app: Callable[..., Flask]) -> None:
    from sqlmodel import Session

    from workflows.models import User

    browser.login("office1")
    with Session(app.extensions["workflows"].engine) as s:
        user = s.get(User, people.office)
        assert user is not None
        user.active = False
        s.add(user)
        s.commit()
    assert browser.get("/office/").status_code == 302


def test_workers_starting_together_share_one_complete_secret_key(tmp_path: Path) -> None:
    """Regression: two workers on a fresh instance folder could crash on, or read, a half-written key file."""
    from concurrent.futures import ThreadPoolExecutor

    from web import _instance_secret

    folder = tmp_path / "fresh"
    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _: _instance_secret(folder), range(8)))
    assert len(keys) == 1 and len(keys.pop()) == 64
    assert [p.name for p in folder.iterdir()] == ["secret_key"]  # no temporary file left behind
    assert (folder / "secret_key").stat().st_mode & 0o777 == 0o600
