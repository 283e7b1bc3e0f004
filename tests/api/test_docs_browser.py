"""The API documentation, as a developer meets it in Chromium under the site's strict CSP."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, sync_playwright

from kunskapsnav.registry.models import Body

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def page() -> Iterator[Page]:
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.fail("Debian's chromium is missing: `make test` installs it")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser.new_page()
        browser.close()


def test_swagger_ui_renders_every_endpoint_without_breaking_the_csp(
    page: Page, live_server: Any
) -> None:
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(live_server.url) else outside.append(request.url)
        ),
    )
    Body.objects.create(name="LPO Barn och unga", kind=Body.Kind.LPO, level=Body.Level.REGIONAL)
    response = page.goto(f"{live_server.url}/api/docs")
    assert response is not None
    assert "script-src 'self'" in (response.headers.get("content-security-policy") or "")
    page.wait_for_selector(".opblock-summary-path", timeout=15_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/bodies/{body_id}" in p for p in paths)
    assert len(paths) >= 16

    # Try the list of bodies from the page itself: the request goes out under connect-src.
    page.locator("#operations-registret-kunskapsnav_api_registry_list_bodies").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    status = page.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for(timeout=15_000)
    assert status.inner_text().strip() == "200"
    assert "LPO Barn och unga" in page.locator(".live-responses-table").inner_text()
    assert problems == [], "no CSP violations or script errors"
    assert outside == [], "nothing is fetched from outside the site"
