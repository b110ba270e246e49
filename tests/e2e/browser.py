"""Browser tests' machinery: Debian's chromium driven by Playwright's Python package (no browser
download: `playwright install` is never needed), against a real uvicorn server on the test database.

Screenshots go to artifacts/screenshots (or $E2E_SCREENSHOTS); .ci/run prints the folder.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.db import connection

from tests.integrations.sse import LiveAsgiServer

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("E2E_SCREENSHOTS", Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
PASSWORD = "correct horse battery"  # tests.stays.factories.StaffFactory's


class StaticLiveServer(LiveAsgiServer):
    """The project's ASGI app plus its static files (pytest-django runs with DEBUG off, so the app
    itself does not serve them), as `runserver` and the demo do."""

    def __init__(self):
        super().__init__()
        from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
        from django.core.asgi import get_asgi_application

        self.server.config.app = ASGIStaticFilesHandler(get_asgi_application())


@pytest.fixture
def live_server_url(transactional_db):
    with StaticLiveServer() as live:
        yield live.url
    with connection.cursor() as cursor:  # the server thread's connections, so the test DB can be dropped
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    assert shutil.which(CHROMIUM) or Path(CHROMIUM).exists(), f"{CHROMIUM} missing: run scripts/bootstrap"
    # Playwright's sync API keeps an event loop in this thread; the tests' own ORM calls are still
    # plain synchronous calls made between browser steps, so Django's async guard is lifted while the
    # browser runs. The browser tests run last (tests/e2e/conftest.py), so no other test sees either.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(chromium, live_server_url):
    context = chromium.new_context(viewport={"width": 1280, "height": 860}, base_url=live_server_url)
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


def login(page, email, password=PASSWORD):
    page.goto("/admin/login/?next=/admin/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_url("**/admin/")


def screenshot(page, name: str, *, full_page=True) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
