"""Locust traffic for Kunskapsnav: portal visitors, readers, coordinators and note editors.

Run by ``python -m kunskapsnav.core.loadtest`` (which builds the database, the accounts and the
plan this file reads, serves the product with gunicorn and checks the result), or by hand
against a server that such a run prepared::

    KUNSKAPSNAV_LOAD_PLAN=var/load/plan.json locust -f bench/locustfile.py --headless \
        -u 50 -r 10 -t 60s --host http://127.0.0.1:8000

Four kinds of user, each doing what a person does in a browser:

* ``PortalVisitor``: anonymous; the public portal, a body's page and its RSS feed.
* ``Reader``: logs in through the login form; start page, body list with filters, a body, the
  org chart, vacancies, a meeting, actions, the matrix, search, and the JSON API with a token.
* ``Coordinator``: samordnare of a body; opens a planned meeting and, as HTMX does, autosaves an
  item's notes, adds an action item and marks attendance (POSTs with the CSRF token).
* ``NoteEditor``: several of them edit the notes of the *same* item at once. Each reads the
  version, writes its own marker text and records whether the server saved it or refused it
  with the conflict message. A refusal is the optimistic lock working: it is counted as a
  conflict, not as an error. The runner checks the records against the database afterwards.

Every POST carries the CSRF token from the page, as the browser sends it (form field and, for
HTMX, the ``X-CSRFToken`` header); HTMX posts send ``HX-Request: true``.
"""

from __future__ import annotations

import html
import json
import os
import random
import re
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import count
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from geventhttpclient.response import HTTPConnectionClosed
from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser, ResponseContextManager

PLAN_ENV = "KUNSKAPSNAV_LOAD_PLAN"
WRITES_ENV = "KUNSKAPSNAV_LOAD_WRITES"

SEARCH_WORDS = (
    "vårdförloppet",
    "äldre",
    "psykisk hälsa",
    "stroke",
    "samverkan kommun",
    "läkemedel",
    "suicidprevention",
    "barn och unga",
    "nära vård",
    "hjärtsvikt",
)

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LOCK = re.compile(r'name="lock_version" value="(\d+)" id="lock-(\d+)"')
PERSON_FIELD = re.compile(r'name="person" value="(\d+)"')
CONFLICT_BY = re.compile(r'role="alert"><p>(.+?) har ändrat detta medan du skrev')
SAVED = 'role="status">Sparat'
#: Name suffix of a POST that a kept-alive connection dropped unanswered, and that was resent.
RESENT = "(resent: connection closed unanswered)"


def _load_plan() -> dict[str, Any]:
    path = os.environ.get(PLAN_ENV)
    if not path:
        return {}
    loaded: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    return loaded


PLAN: dict[str, Any] = _load_plan()

#: Every write to the contested item, in the order the answers came: read by the runner.
WRITES: list[dict[str, Any]] = []
#: Accounts are handed out in turn, one per simulated user (gevent: no lock needed).
_next_account: dict[str, count[int]] = {}


def take_account(kind: str) -> dict[str, Any]:
    accounts: list[dict[str, Any]] = PLAN["accounts"][kind]
    index = next(_next_account.setdefault(kind, count()))
    return accounts[index % len(accounts)]


def problem(response: ResponseContextManager, text: str = "") -> str:
    """What went wrong: the status and the start of the answer, or the connection's error."""
    error = getattr(response, "error", None)
    if response.status_code == 0 and error is not None:
        return f"no answer: {error!r}"
    return f"{response.status_code}: {(text or response.text or '')[:200]}"


def pick(values: list[Any], seed: int) -> Any:
    return values[seed % len(values)]


def _save_writes(**_kwargs: Any) -> None:
    """With ``locust -f`` by hand: the write records for the runner's check, if asked for."""
    path = os.environ.get(WRITES_ENV)
    if path:
        Path(path).write_text(json.dumps(WRITES, ensure_ascii=False), encoding="utf-8")


events.test_stop.add_listener(_save_writes)  # type: ignore[no-untyped-call]


class KunskapsnavUser(FastHttpUser):
    """A browser: Swedish, keeps its cookies, reads the CSRF token from the page it is on."""

    abstract = True
    default_headers = {
        "Accept-Language": "sv-SE,sv;q=0.9,en;q=0.5",
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) kunskapsnav-loadtest",
    }
    account: dict[str, Any]
    csrf = ""

    def context(self) -> dict[str, Any]:
        return {"user_class": type(self).__name__}

    @property
    def seed(self) -> int:
        """A fresh number for choosing what to look at (each simulated user its own stream)."""
        return self.rng.randrange(1 << 30)

    @property
    def rng(self) -> random.Random:
        rng: random.Random | None = getattr(self, "_rng", None)
        if rng is None:
            rng = self._rng = random.Random()  # noqa: S311 - choosing pages, not secrets
        return rng

    def remember_csrf(self, text: str) -> None:
        found = CSRF_FIELD.search(text)
        if found:
            self.csrf = html.unescape(found.group(1))

    @contextmanager
    def post_form(
        self,
        path: str,
        fields: list[tuple[str, str]],
        *,
        name: str,
        htmx: bool,
        page: str,
    ) -> Iterator[Any]:  # locust's ResponseContextManager, whose methods are untyped
        """A form posted as the browser posts it: urlencoded, token in the form (and header).

        Like a browser, it sends the request once more when a kept-alive connection was closed
        before any answer (the server dropped the connection as idle, unread: the request never
        reached the application). GETs are resent so by the HTTP client itself; a POST is not,
        so that is done here, and the dropped attempt is counted under its own name.
        """
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": self.host or "",
            "Referer": f"{self.host}{page}",
        }
        if htmx:
            headers.update(
                {
                    "HX-Request": "true",
                    "HX-Current-URL": f"{self.host}{page}",
                    "X-CSRFToken": self.csrf,
                }
            )
        body = urlencode([("csrfmiddlewaretoken", self.csrf), *fields])
        for attempt in (1, 2):
            with self.client.post(
                path,
                data=body,
                headers=headers,
                name=name,
                catch_response=True,
                allow_redirects=False,
            ) as response:
                dropped = response.status_code == 0 and isinstance(
                    getattr(response, "error", None), HTTPConnectionClosed
                )
                if dropped and attempt == 1:
                    response.request_meta["name"] = f"{name} {RESENT}"
                    response.success()
                    continue
                yield response
                return

    def log_in(self, kind: str) -> None:
        self.account = take_account(kind)
        with self.client.get("/konto/logga-in/", name="login form", catch_response=True) as page:
            self.remember_csrf(page.text or "")
            if not self.csrf:
                page.failure("no CSRF token on the login page")
                return
        fields = [
            ("username", self.account["email"]),
            ("password", PLAN["password"]),
            ("next", ""),
        ]
        with self.post_form(
            "/konto/logga-in/", fields, name="login", htmx=False, page="/konto/logga-in/"
        ) as response:
            if response.status_code != 302:
                response.failure(
                    f"login refused ({response.status_code}) for {self.account['email']}"
                )

    def page(self, path: str, name: str) -> str:
        with self.client.get(path, name=name, catch_response=True) as response:
            text = response.text or ""
            if response.status_code != 200:
                response.failure(f"{path}: {problem(response)}")
            self.remember_csrf(text)
            return text


class PortalVisitor(KunskapsnavUser):
    """Anonymous: the public portal."""

    weight = 4
    wait_time = between(2, 6)

    @task(3)
    def portal_start(self) -> None:
        self.page("/portal/", "portal start")

    @task(4)
    def public_body(self) -> None:
        body = pick(PLAN["public_bodies"], self.seed)
        self.page(f"/portal/organ/{body}/", "portal body [id]")

    @task(2)
    def rss(self) -> None:
        body = pick(PLAN["public_bodies"], self.seed)
        with self.client.get(
            f"/portal/organ/{body}/rss/", name="portal RSS [id]", catch_response=True
        ) as response:
            if response.status_code != 200 or "<rss" not in (response.text or ""):
                response.failure(f"no feed: {problem(response)}")

    @task(1)
    def matrix(self) -> None:
        self.page("/portal/mognad/", "portal matrix")


class Reader(KunskapsnavUser):
    """Logged in with a role in one body: reads the registry, meetings, follow-up and the API."""

    weight = 4
    wait_time = between(2, 6)

    def on_start(self) -> None:
        self.log_in("reader")

    @task(2)
    def start_page(self) -> None:
        self.page("/", "start")

    @task(3)
    def body_list(self) -> None:
        seed = self.seed
        filters = [("level", pick(PLAN["levels"], seed)), ("region", pick(PLAN["regions"], seed))]
        if seed % 3 == 0:
            filters = [("kind", pick(PLAN["kinds"], seed)), ("vacancies", "ja")]
        elif seed % 3 == 1:
            filters.append(("q", pick(["LPO", "Nätverk", "Barn", "Äldre"], seed)))
        self.page("/organ/?" + urlencode(filters), "body list (filters)")

    @task(3)
    def body_page(self) -> None:
        body = pick([self.account["body"], *PLAN["public_bodies"]], self.seed)
        self.page(f"/organ/{body}/", "body [id]")

    @task(1)
    def org_chart(self) -> None:
        self.page(f"/organisationsschema/{pick(PLAN['regions'], self.seed)}/", "org chart [region]")

    @task(1)
    def vacancies(self) -> None:
        self.page("/vakanser/", "vacancies")

    @task(3)
    def meeting_page(self) -> None:
        meeting = pick([*self.account["meetings"], *PLAN["published_meetings"]], self.seed)
        self.page(f"/moten/{meeting}/", "meeting [id]")

    @task(1)
    def actions(self) -> None:
        self.page("/atgarder/", "action list")

    @task(1)
    def matrix(self) -> None:
        self.page("/uppfoljning/mognad/", "matrix")

    @task(3)
    def search(self) -> None:
        words = pick(list(SEARCH_WORDS), self.seed)
        with self.client.get(
            "/sok/?" + urlencode({"q": words}), name="search", catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"search for {words!r}: {problem(response)}")

    @task(3)
    def api(self) -> None:
        seed = self.seed
        body = pick([self.account["body"], *PLAN["public_bodies"]], seed)
        paths = [
            ("/api/v1/bodies?" + urlencode({"region": pick(PLAN["regions"], seed)}), "API bodies"),
            (f"/api/v1/bodies/{body}", "API body [id]"),
            (f"/api/v1/meetings?body={body}", "API meetings"),
            (f"/api/v1/meetings/{pick(self.account['meetings'], seed)}", "API meeting [id]"),
            ("/api/v1/vacancies?limit=50", "API vacancies"),
        ]
        path, name = pick(paths, seed // 7)
        with self.client.get(
            path,
            name=name,
            headers={
                "Authorization": f"Bearer {self.account['token']}",
                "Accept": "application/json",
            },
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{path}: {problem(response)}")
            elif not (response.text or "").startswith(("{", "[")):
                response.failure(f"not JSON from {path}")


class Coordinator(KunskapsnavUser):
    """Samordnare running a meeting: notes, action items and attendance, as HTMX posts them."""

    weight = 2
    wait_time = between(2, 5)
    meeting = 0
    item = 0
    version = 0
    people: list[str]

    def on_start(self) -> None:
        self.log_in("coordinator")
        self.meeting = self.account["meeting"]
        self.item = self.account["item"]
        self.people = []
        self.open_meeting()

    @property
    def meeting_path(self) -> str:
        return f"/moten/{self.meeting}/"

    def read_versions(self, text: str) -> None:
        for version, item in LOCK.findall(text):
            if int(item) == self.item:
                self.version = int(version)

    def open_meeting(self) -> None:
        text = self.page(self.meeting_path, "meeting [id] (coordinator)")
        self.read_versions(text)
        self.people = PERSON_FIELD.findall(text) or self.people

    @task(3)
    def reload(self) -> None:
        self.open_meeting()

    @task(5)
    def autosave_notes(self) -> None:
        marker = f"Anteckning från {self.account['name']}, {time.strftime('%H.%M.%S')}."
        with self.post_form(
            f"/punkter/{self.item}/text/",
            [("text", marker), ("lock_version", str(self.version))],
            name="autosave notes",
            htmx=True,
            page=self.meeting_path,
        ) as response:
            text = response.text or ""
            if response.status_code == 200 and SAVED in text:
                self.read_versions(text)
            else:
                # Nobody else edits this item: any refusal here is an error.
                response.failure(f"autosave not saved: {problem(response, text)}")
                self.open_meeting()

    @task(2)
    def add_action(self) -> None:
        fields = [
            ("text", f"Återkoppla till {self.account['name']} om underlaget"),
            ("due_date", time.strftime("%Y-%m-%d", time.localtime(time.time() + 30 * 86400))),
            ("responsible_text", ""),
            ("due_text", ""),
        ]
        if self.people:
            fields.append(("responsible_people", pick(self.people, self.seed)))
        with self.post_form(
            f"/punkter/{self.item}/atgarder/ny/",
            fields,
            name="add action item",
            htmx=True,
            page=self.meeting_path,
        ) as response:
            text = response.text or ""
            if response.status_code != 200 or 'id="agenda"' not in text or 'role="alert"' in text:
                response.failure(f"action not added: {problem(response, text)}")
            self.read_versions(text)

    @task(2)
    def mark_attendance(self) -> None:
        if not self.people:
            return
        status = pick(["narvarande", "franvarande", "del_av_motet"], self.seed)
        with self.post_form(
            f"{self.meeting_path}narvaro/",
            [("person", pick(self.people, self.seed)), ("status", status)],
            name="mark attendance",
            htmx=True,
            page=self.meeting_path,
        ) as response:
            text = response.text or ""
            if (
                response.status_code != 200
                or 'id="attendance"' not in text
                or 'role="alert"' in text
            ):
                response.failure(f"attendance not saved: {problem(response, text)}")


class NoteEditor(KunskapsnavUser):
    """One of several people writing the notes of the same item at the same time."""

    fixed_count = int(PLAN.get("contested", {}).get("editors", 0))
    wait_time = between(0.5, 2)
    version: int | None = None

    def on_start(self) -> None:
        self.log_in("editor")
        self.sequence = count(1)

    @property
    def contested(self) -> dict[str, Any]:
        contested: dict[str, Any] = PLAN["contested"]
        return contested

    def read_version(self) -> None:
        text = self.page(f"/moten/{self.contested['meeting']}/", "meeting [id] (editor)")
        self.version = None
        for version, item in LOCK.findall(text):
            if int(item) == self.contested["item"]:
                self.version = int(version)

    @task
    def write_notes(self) -> None:
        # Typing on after a save goes on from the version the save answered with, as the
        # page's hidden field does; otherwise (first time, after a conflict) read the page.
        if self.version is None or next(self.sequence) % 3 == 0:
            self.read_version()
        if self.version is None:
            return
        marker = f"Anteckning {self.account['email']} #{uuid.uuid4().hex[:12]}"
        record: dict[str, Any] = {
            "editor": self.account["name"],
            "marker": marker,
            "base": self.version,
            "outcome": "pending",
        }
        WRITES.append(record)
        with self.post_form(
            f"/punkter/{self.contested['item']}/text/",
            [("text", marker), ("lock_version", str(self.version))],
            name="contested notes",
            htmx=True,
            page=f"/moten/{self.contested['meeting']}/",
        ) as response:
            text = response.text or ""
            versions = [
                int(v) for v, item in LOCK.findall(text) if int(item) == self.contested["item"]
            ]
            conflict = CONFLICT_BY.search(text)
            if response.status_code == 200 and SAVED in text and versions:
                record.update(outcome="accepted", version=versions[0])
                self.version = versions[0]
            elif response.status_code == 200 and conflict and "<details open>" in text:
                # The optimistic lock refused a stale write and named who wrote in between.
                record.update(outcome="conflict", named=html.unescape(conflict.group(1)))
                response.success()
                self.version = None
            else:
                record["outcome"] = "failed"
                response.failure(f"contested write: {problem(response, text)}")
                self.version = None


USER_CLASSES: list[type[KunskapsnavUser]] = [PortalVisitor, Reader, Coordinator, NoteEditor]
