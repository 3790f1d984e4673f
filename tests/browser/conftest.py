"""Playwright driving Debian's Chromium against Django's live server (never a downloaded browser).

The browser tests run in CI and never skip: a missing /usr/bin/chromium is a failure with a hint.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("LOTLINE_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in this thread; Django must still allow ORM calls from tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def close_connections_playwright_leaves_behind():
    """Close a browser test's database connections, both of them.

    Playwright's sync API keeps its asyncio loop set as the thread's "running" loop between calls (and needs
    it so). Django keeps connections per thread — but per context while a loop runs (asgiref's
    thread-critical Local) — so a browser test's own queries open a second connection beside the thread's.
    Nothing would close it, and on PostgreSQL it then blocks dropping the test database. Autouse, so this
    teardown runs after the test database's own."""
    yield
    close_both_connection_stores()


def close_both_connection_stores() -> None:
    import asyncio

    from django.db import connections

    connections.close_all()  # the store in use now: per context, while Playwright's loop is "running"
    loop = asyncio._get_running_loop()
    if loop is not None:
        asyncio._set_running_loop(None)
        try:
            connections.close_all()  # the thread's own store
        finally:
            asyncio._set_running_loop(loop)


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (the browser tests never skip)")
    with sync_playwright() as p:
        yield p
        # Tests after the browser tests ran with Playwright's loop set, so their connections sit in the
        # per-context store, which is out of reach once Playwright has stopped its loop.
        close_both_connection_stores()


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
    yield browser
    browser.close()


@pytest.fixture
def phone(playwright_instance, browser):
    """A Pixel 7-sized page (phone viewport, touch)."""
    context = browser.new_context(**playwright_instance.devices["Pixel 7"])
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def sign_in(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def screenshot(page, name: str) -> Path:
    """Save a screenshot for the docs (docs/operator-guide.md embeds them from test-artifacts/)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
