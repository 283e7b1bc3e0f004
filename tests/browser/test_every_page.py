"""A walk of every kind of page of the demo in Chromium, as the demo login and as a visitor.

The demo is loaded as ``make demo`` loads it (reference data, ``load_demo``, ``demo_setup``). The
walk follows every same-origin link (and the target of every GET form) from its starting pages
and opens at most a few URLs per route name, so that it covers every reachable kind of page
without opening every meeting. Each page must answer 200, be Swedish, have one ``h1`` and a
title, log no console or script errors and pass axe at the impacts serious and critical; files
(exports, feeds, calendars) are fetched and checked by status. Every problem is collected and
listed at the end, so that one run shows them all. Screenshots: ``bench/screens/``.
"""

from __future__ import annotations

import json
import re
from collections import deque
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import Resolver404, resolve
from playwright.sync_api import ConsoleMessage, Error, Page

from kunskapsnav.accounts.management.commands.demo_setup import DEMO_EMAIL, DEMO_PASSWORD
from kunskapsnav.core.reference import load_reference

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = Path(__file__).resolve().parents[2] / "bench" / "screens"
AXE = Axe()
BLOCKING = {"serious", "critical"}

#: Pages the walk must reach, so that a broken link cannot silently shrink it.
KEY_ROUTES = {
    "core:start",
    "registry:body_list",
    "registry:body_detail",
    "registry:org_chart_region",  # the org chart opens at the user's region
    "registry:vacancy_list",
    "meetings:meeting_detail",
    "meetings:action_list",
    "followup:matrix",
    "search:search",
    "portal:body_detail",
    "followup:questionnaire_list",
    "followup:grant_list",
    "guidance:kunskapsstod_list",
    "guidance:implementation_detail",
    "minutes:start",
    "api:openapi-view",
}
VISITOR_KEY_ROUTES = {
    "core:start",
    "accounts:login",
    "portal:start",
    "portal:body_detail",
    "portal:meeting_detail",
    "registry:body_list",
    "api:openapi-view",
}

#: Where the walks start. The demo login also starts at the one kunskapsstöd on remiss in the
#: demo, so that its remiss pages are among the few kunskapsstöd pages opened.
ADMIN_STARTS = ["/", "/sok/?q=Dalarna", "/kunskapsstod/traumatisk-hjarnskada/"]
VISITOR_STARTS = ["/portal/", "/", "/konto/logga-in/"]

#: Not walked: logging out, the Django admin (Django's own templates) and the JSON API (the
#: documentation page under it is walked).
SKIP_PATHS = re.compile(r"^/(konto/logga-ut/|admin/|api/(?!docs$))")
#: Paths that name a file: fetched and checked by status, not opened as a page.
FILE_PATHS = re.compile(r"(\.[a-z0-9]{2,5}|/rss/|/atom/)$")
#: Pages whose content a script draws after the load event: the walk waits for it.
READY = {"api:openapi-view": ".swagger-ui .opblock"}


def route_of(url: str) -> str | None:
    try:
        return resolve(unquote(urlsplit(url).path)).view_name
    except Resolver404:
        return None


def blocking_violations(page: Page) -> list[str]:
    results = AXE.run(page)
    found: list[dict[str, Any]] = results.response["violations"]
    return [
        f"axe {v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in found
        if v.get("impact") in BLOCKING
    ]


@dataclass
class Walk:
    """A breadth-first walk of one user's links, at most ``per_route`` URLs per route name."""

    user: str
    page: Page
    base: str
    per_route: int
    problems: list[str] = field(default_factory=list)
    pages: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, list[str]] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    console: list[str] = field(default_factory=list)
    listening: bool = False

    def __post_init__(self) -> None:
        self.page.on("console", self._on_console)
        self.page.on("pageerror", self._on_page_error)

    def _on_console(self, message: ConsoleMessage) -> None:
        if self.listening and message.type == "error":
            self.console.append(message.text)

    def _on_page_error(self, error: Error) -> None:
        if self.listening:
            self.console.append(f"uncaught {error.name}: {error.message}")

    def fail(self, url: str, problem: str) -> None:
        self.problems.append(f"[{self.user}] {url.removeprefix(self.base)}: {problem}")

    @property
    def routes(self) -> set[str]:
        return set(self.pages) | set(self.files)

    def summary(self) -> str:
        pages = sum(map(len, self.pages.values()))
        files = sum(map(len, self.files.values()))
        return (
            f"{self.user}: {pages} pages of {len(self.pages)} routes, {files} files of "
            f"{len(self.files)} routes, {len(self.redirects)} links redirected"
        )

    def run(self, starts: list[str]) -> None:
        queue: deque[str] = deque(self.base + start for start in starts)
        seen: set[str] = set(queue)
        while queue:
            url = queue.popleft()
            route = route_of(url)
            if route is None:
                self.fail(url, "no page answers this link (no URL pattern matches)")
                continue
            if FILE_PATHS.search(urlsplit(url).path):
                self.check_file(url, route)
                continue
            if len(self.pages.get(route, [])) >= self.per_route:
                continue
            for link in self.visit(url, route):
                if link not in seen:
                    seen.add(link)
                    queue.append(link)
        (SCREENS / f"walk-{self.user}.json").write_text(
            json.dumps({"pages": self.pages, "files": self.files, "redirects": self.redirects})
        )

    def check_file(self, url: str, route: str) -> None:
        done = self.files.setdefault(route, [])
        if len(done) >= self.per_route:
            return
        done.append(url)
        response = self.page.request.get(url)
        if response.status != 200:
            self.fail(url, f"status {response.status}")

    def visit(self, url: str, route: str) -> list[str]:
        """Open a page, check it and return its links."""
        self.console.clear()
        self.listening = True
        try:
            return self._visit(url, route)
        finally:
            self.listening = False

    def _visit(self, url: str, route: str) -> list[str]:
        try:
            response = self.page.goto(url)
        except Error as exc:
            if "Download is starting" in exc.message:
                self.check_file(url, route)
            else:
                self.fail(url, f"the page did not load: {exc.message}")
            return []
        if response is None:
            self.fail(url, "no response")
            return []
        if not response.headers.get("content-type", "").startswith("text/html"):
            self.check_file(url, route)
            return []
        landed = route_of(self.page.url) or route
        if landed != route:
            # Followed to another kind of page (a visitor sent to the login page): that page
            # counts, the link's own route does not.
            self.redirects[url] = self.page.url
            route = landed
            if len(self.pages.get(route, [])) >= self.per_route:
                return []
        done = self.pages.setdefault(route, [])
        done.append(url)
        if response.status != 200:
            self.fail(url, f"status {response.status}")
        if route in READY:
            self.page.wait_for_selector(READY[route])
        links = self.links()
        self.check_page(url)
        # Before axe: axe's injected script trips the CSP by design, the page must not.
        self.listening = False
        if self.console:
            self.fail(url, f"console errors: {self.console}")
        name = f"{self.user}-{route.replace(':', '.')}-{len(done)}.png"
        self.page.screenshot(path=str(SCREENS / name), full_page=True)
        for problem in blocking_violations(self.page):
            self.fail(url, problem)
        return links

    def check_page(self, url: str) -> None:
        facts: dict[str, Any] = self.page.evaluate(
            """() => ({
                lang: document.documentElement.lang,
                h1: document.querySelectorAll('h1').length,
                title: document.title.trim(),
            })"""
        )
        if facts["lang"] != "sv":
            self.fail(url, f"<html lang> is {facts['lang']!r}, not 'sv'")
        if facts["h1"] != 1:
            self.fail(url, f"{facts['h1']} <h1> elements, not exactly one")
        if not facts["title"]:
            self.fail(url, "empty <title>")

    def links(self) -> list[str]:
        hrefs: list[str] = self.page.evaluate(
            """() => [
                ...[...document.querySelectorAll('a[href]')].map(a => a.href),
                ...[...document.querySelectorAll('form[method=get i]')].map(f => f.action),
            ]"""
        )
        found = []
        for href in hrefs:
            absolute, _ = urldefrag(urljoin(self.page.url, href))
            if absolute.startswith(self.base + "/") and not SKIP_PATHS.match(
                urlsplit(absolute).path
            ):
                found.append(absolute)
        return found


@pytest.fixture
def demo(transactional_db: None) -> None:
    """The demo as ``make demo`` loads it, with its login."""
    load_reference()
    call_command("load_demo", stdout=StringIO())
    call_command("demo_setup", stdout=StringIO())
    SCREENS.mkdir(parents=True, exist_ok=True)


def log_in(page: Page, base: str) -> None:
    page.goto(f"{base}/konto/logga-in/")
    page.get_by_label("E-postadress").fill(DEMO_EMAIL)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{base}/")


def test_every_page_of_the_demo(page: Page, live_server: Any, demo: None) -> None:
    base = live_server.url
    log_in(page, base)
    admin = Walk("admin", page, base, per_route=2)
    admin.run(ADMIN_STARTS)

    page.context.clear_cookies()
    visitor = Walk("anonym", page, base, per_route=1)
    visitor.run(VISITOR_STARTS)

    problems = admin.problems + visitor.problems
    problems += [f"[admin] the walk never reached {r}" for r in sorted(KEY_ROUTES - admin.routes)]
    problems += [
        f"[anonym] the walk never reached {r}" for r in sorted(VISITOR_KEY_ROUTES - visitor.routes)
    ]
    summary = f"{admin.summary()}\n{visitor.summary()}"
    assert not problems, f"{len(problems)} problems ({summary}):\n" + "\n".join(problems)
