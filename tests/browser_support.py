"""Fixtures for the browser tests (imported with `from browser_support import *`): the real app served on a free
loopback port, the demo users, Debian's Chromium driven by Playwright, and a screenshot of every page visited.

Chromium comes from Debian (``apt-get install chromium``) and Playwright from PyPI (``pip install playwright``);
Playwright's own browser download is never used. Without either, the tests skip and say which one is missing.
"""

from __future__ import annotations

import importlib.util
import os
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from flask import Flask
from sqlalchemy.engine import Engine
from test_web_support import docx_text
from werkzeug.serving import BaseWSGIServer, make_server

from web import create_app
from workflows.demo import DEMO_USERS
from workflows.migrate import create_schema
from workflows.services import WorkflowContext
from workflows.services.users import create_user, ensure_department

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# `chromium` and `screenshots` are session fixtures that tests/conftest.py takes from here, so the whole run shares
# one Chromium (Playwright's sync API allows one per thread); the rest a test module imports with `import *`.
__all__ = ["PASSWORD", "Person", "add_demo_users", "docx_text", "live_app", "live_server", "person"]

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# The flags this machine needs: no sandbox as root, and no background traffic to a network that refuses it.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PASSWORD = "browser-test-42"
PLAYWRIGHT_MISSING = "browser tests need the Playwright package (pip install playwright; no `playwright install`)"
TIMEOUT_MS = 20_000  # one page action; the real scanner reads a sample in well under a second


def _missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.is_file():
        return f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install -y chromium)"
    if importlib.util.find_spec("playwright") is None:
        return PLAYWRIGHT_MISSING
    return None


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """The folder for page screenshots: $BROWSER_SCREENSHOTS, else artifacts/screenshots (git-ignored)."""
    folder = Path(os.environ.get("BROWSER_SCREENSHOTS") or ROOT / "artifacts" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless; Playwright gives it a fresh profile folder of its own."""
    reason = _missing()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def add_demo_users(engine: Engine) -> None:
    """The demo cast (one user per role, each in a department), through the workflows user services."""
    for name, role, code, department in DEMO_USERS:
        ensure_department(engine, code, department)
        create_user(engine, name, PASSWORD, [role], code, name)


@pytest.fixture
def live_app(tmp_path: Path) -> Iterator[Flask]:
    """The real app (real scanner, the app's own de-identification) on SQLite in tmp_path, with the demo users.

    A test module may override this fixture (e.g. with a slower scanner); `live_server` serves whichever it gets.
    """
    app = create_app({"SECRET_KEY": "browser-test", "INSTANCE_PATH": str(tmp_path / "instance"),
                      "DATABASE_URL": None, "SCAN": None, "REDACTOR": None})
    context = app.extensions["workflows"]
    assert isinstance(context, WorkflowContext)
    create_schema(context.engine)
    add_demo_users(context.engine)
    yield app
    context.engine.dispose()


@pytest.fixture
def live_server(live_app: Flask) -> Iterator[str]:
    """``live_app`` served on a free 127.0.0.1 port in a background thread."""
    server: BaseWSGIServer = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="browser-test-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class Person:
    """One person at their own browser (own cookies), who screenshots every page they see."""

    def __init__(self, browser: Browser, base: str, camera: Camera, role: str) -> None:
        self.context = browser.new_context(base_url=base, locale="zh-CN", viewport={"width": 1280, "height": 900},
                                           accept_downloads=True)
        self.context.set_default_timeout(TIMEOUT_MS)
        self.page: Page = self.context.new_page()
        self.camera, self.role = camera, role

    def shot(self, label: str) -> Path:
        """A full-page PNG of the current page."""
        path = self.camera.path(self.role, label)
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def goto(self, path: str, label: str) -> Page:
        """Open a page of the site and screenshot it."""
        self.page.goto(path)
        self.shot(label)
        return self.page

    def sign_in(self, username: str) -> None:
        """Fill and submit the sign-in form as a person would."""
        self.goto("/auth/login", "login")
        self.page.get_by_label("用户名").fill(username)
        self.page.get_by_label("密码").fill(PASSWORD)
        self.page.get_by_role("button", name="登录").click()
        self.page.wait_for_url(re.compile(r".*/(drafter|office|review|audit)/$"))
        self.shot("home")

    def submit(self, button: str, label: str, form: str | None = None) -> None:
        """Click a submit button (within the form whose action ends with ``form``), then screenshot the result."""
        scope: Any = self.page.locator(f"form[action$='{form}']") if form else self.page
        with self.page.expect_navigation():
            scope.get_by_role("button", name=button).click()
        self.shot(label)


class Camera:
    """Names the screenshots of one test so they sort in the order the pages were seen."""

    def __init__(self, folder: Path, prefix: str) -> None:
        self.folder, self.prefix, self.count = folder, prefix, 0
        for old in folder.glob(f"{prefix}-*.png"):  # a new run of the test replaces the last run's pictures
            old.unlink()

    def path(self, role: str, label: str) -> Path:
        """The next file name: prefix, number, who, what."""
        self.count += 1
        return self.folder / f"{self.prefix}-{self.count:02d}-{role}-{label}.png"


@pytest.fixture
def person(chromium: Browser, live_server: str, screenshots: Path,
           request: pytest.FixtureRequest) -> Iterator[Callable[[str], Person]]:
    """A factory of people at their own browsers on the live server; their contexts close after the test."""
    # The first three words of the test name keep the file names short and still tell the tests apart.
    camera = Camera(screenshots, "_".join(request.node.name.removeprefix("test_").split("_")[:3]))
    opened: list[Person] = []

    def open_as(role: str) -> Person:
        opened.append(Person(chromium, live_server, camera, role))
        return opened[-1]

    yield open_as
    for someone in opened:
        someone.context.close()
