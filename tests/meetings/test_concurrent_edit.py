"""Two people editing the same agenda item: the optimistic lock, as they meet it.

Already covered elsewhere: the service refusing a stale version with the editor's name
(``test_services``), one user's stale autosave (``test_pages``) and one user's stale API PATCH
(``tests/api/test_meeting_writes``). Here: bob and alice, two users, through the meeting page
and the API; and two threads saving at the same moment with the same version, against the real
database (SQLite or PostgreSQL), where exactly one may win.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, suppress
from pathlib import Path
from typing import Any, TypeVar, cast
from unittest import mock

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test import TransactionTestCase
from django.urls import reverse

from kunskapsnav.accounts.models import BodyRole, User
from kunskapsnav.core import audit
from kunskapsnav.meetings import services
from kunskapsnav.meetings.models import AgendaItem, Meeting
from kunskapsnav.registry.models import Body
from tests.api.base import ApiTestCase
from tests.base import LoginClient, make_user
from tests.meetings import factories as f
from tests.meetings.test_services import MeetingTestCase

D = dt.date
T = TypeVar("T")
CONFLICT = "har ändrat detta medan du skrev"
LOCK = re.compile(r'name="lock_version" value="(\d+)" id="lock-(\d+)"')


def version_on_page(html: str, item: AgendaItem) -> int:
    """The version the meeting page gives the browser for ``item`` (its hidden field)."""
    versions = [int(v) for v, pk in LOCK.findall(html) if int(pk) == item.pk]
    assert versions, f"no lock_version for item {item.pk} on the page"
    return versions[0]


class MeetingPageConflictTests(MeetingTestCase):
    """bob (samordnare) and alice (systemförvaltare) have the same meeting open."""

    meeting: Meeting
    item: AgendaItem

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.meeting = f.meeting(cls.lpo, D(2099, 3, 1))
        cls.item = f.item(cls.meeting, "Rapport från arbetsgruppen", text="Utkast.")

    def open_page(self, user: User) -> tuple[LoginClient, int]:
        client = LoginClient()
        client.force_login(user)
        page = client.get(reverse("meetings:meeting_detail", args=[self.meeting.pk]))
        assert page.status_code == 200
        return client, version_on_page(page.content.decode(), self.item)

    def autosave(self, client: LoginClient, text: str, version: int, **extra: Any) -> Any:
        return client.post(
            reverse("meetings:item_text", args=[self.item.pk]),
            {"text": text, "lock_version": version},
            **extra,
        )

    def test_alices_stale_autosave_is_refused_naming_bob_and_keeps_bobs_text(self) -> None:
        bob, bob_read = self.open_page(self.bob)
        alice, alice_read = self.open_page(self.alice)
        assert bob_read == alice_read

        saved = self.autosave(bob, "Bobs anteckningar.", bob_read, HTTP_HX_REQUEST="true")
        self.assertContains(saved, "Sparat")
        assert version_on_page(saved.content.decode(), self.item) == bob_read + 1

        refused = self.autosave(alice, "Alices anteckningar.", alice_read, HTTP_HX_REQUEST="true")
        assert refused.status_code == 200
        # A clear message in Swedish that names who wrote in between, and what is stored now.
        self.assertContains(refused, f"Bob Berg {CONFLICT}")
        self.assertContains(refused, 'role="alert"')
        self.assertContains(refused, "Den sparade texten")
        self.assertContains(refused, "Bobs anteckningar.")
        # Her text is not stored...
        self.item.refresh_from_db()
        assert self.item.text == "Bobs anteckningar."
        assert self.item.lock_version == bob_read + 1
        # ...and not lost either: HTMX swaps only the status line (hx-target), so it stays in her
        # textarea; the answer does not repeat it, but hands her the current version, so that
        # her next save (after comparing) is accepted.
        assert "Alices anteckningar." not in refused.content.decode()
        current = version_on_page(refused.content.decode(), self.item)
        assert current == self.item.lock_version
        again = self.autosave(alice, "Alices anteckningar.", current, HTTP_HX_REQUEST="true")
        self.assertContains(again, "Sparat")
        self.item.refresh_from_db()
        assert self.item.text == "Alices anteckningar."

    def test_without_javascript_the_conflict_shows_both_texts_and_keeps_hers(self) -> None:
        bob, read = self.open_page(self.bob)
        alice, _ = self.open_page(self.alice)
        self.autosave(bob, "Bobs anteckningar.", read)
        refused = self.autosave(alice, "Alices anteckningar.", read)
        self.assertContains(refused, f"Bob Berg {CONFLICT}", status_code=409)
        self.assertContains(refused, "Bobs anteckningar.", status_code=409)
        # What she typed comes back in a form with the current version, ready to save again.
        self.assertContains(refused, "Alices anteckningar.</textarea>", status_code=409)
        self.item.refresh_from_db()
        assert self.item.text == "Bobs anteckningar."
        current = version_on_page(refused.content.decode(), self.item)
        assert current == self.item.lock_version
        again = self.autosave(alice, "Alices anteckningar.", current)
        assert again.status_code == 302
        self.item.refresh_from_db()
        assert self.item.text == "Alices anteckningar."

    def test_a_stale_edit_of_the_meeting_form_keeps_what_alice_typed(self) -> None:
        """The item's edit form (not autosave): refused, and re-shown with her input."""
        bob, read = self.open_page(self.bob)
        alice, _ = self.open_page(self.alice)
        url = reverse("meetings:item_edit", args=[self.item.pk])
        form = {"title": "Rapport från arbetsgruppen", "kind": "ovrigt", "lock_version": read}
        assert bob.post(url, {**form, "text": "Bobs version."}).status_code == 302
        refused = alice.post(url, {**form, "text": "Alices version."})
        assert refused.status_code == 200
        self.assertContains(refused, f"Bob Berg {CONFLICT}")
        self.assertContains(refused, "Alices version.")
        self.item.refresh_from_db()
        assert self.item.text == "Bobs version."


class StaleRowTests(MeetingTestCase):
    """A move changes no version (notes typed meanwhile are still good), so the lock cannot
    refuse the notes' autosave that follows: the autosave must not write back the old place."""

    def test_an_autosave_read_before_a_move_keeps_the_move(self) -> None:
        meeting = f.meeting(self.lpo, D(2099, 3, 1))
        first = f.item(meeting, "Mötets öppnande")
        second = f.item(meeting, "Övriga frågor")
        typed_on = AgendaItem.objects.get(pk=second.pk)  # the autosave's request reads the item
        services.move_item(second, acting_user=self.bob, up=True)  # meanwhile: moved up
        services.update_item(
            typed_on, acting_user=self.bob, expected_version=typed_on.lock_version, text="Noter"
        )
        rows = list(meeting.items.order_by("order").values_list("title", "number", "text"))
        assert rows == [("Övriga frågor", "1", "Noter"), ("Mötets öppnande", "2", first.text)]


class ApiConflictTests(ApiTestCase):
    """The API's PATCH of an agenda item, by two users with the same ``lock_version``."""

    upcoming: Meeting
    item: AgendaItem

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.upcoming = f.meeting(cls.lpo, D(2099, 3, 1))
        cls.item = f.item(cls.upcoming, "Mötets öppnande")

    def test_alices_stale_patch_is_refused_naming_bob(self) -> None:
        path = f"/meetings/{self.upcoming.pk}"
        read_by_bob = self.get(path, "bob").json()["items"][0]
        read_by_alice = self.get(path, "alice").json()["items"][0]
        assert read_by_bob["lock_version"] == read_by_alice["lock_version"]

        saved = self.patch(
            f"/items/{self.item.pk}",
            {"text": "Bob skrev först.", "lock_version": read_by_bob["lock_version"]},
            "bob",
        )
        assert saved.status_code == 200, saved.content
        refused = self.patch(
            f"/items/{self.item.pk}",
            {"text": "Alice skrev sedan.", "lock_version": read_by_alice["lock_version"]},
            "alice",
        )
        assert refused.status_code == 422
        assert refused.json()["detail"][0].startswith(f"Bob Berg {CONFLICT}")
        self.item.refresh_from_db()
        assert self.item.text == "Bob skrev först."
        assert self.item.lock_version == saved.json()["lock_version"]

        # With the version she reads now, her change goes through.
        fresh = self.get(path, "alice").json()["items"][0]["lock_version"]
        again = self.patch(
            f"/items/{self.item.pk}", {"text": "Alice skrev sedan.", "lock_version": fresh}, "alice"
        )
        assert again.status_code == 200, again.content


@contextmanager
def database_for_threads() -> Iterator[None]:
    """Where the test's threads meet: the test database, or for SQLite a copy of it in a file.

    SQLite's in-memory test database is shared between connections through its shared cache,
    whose table locks fail at once ("database table is locked") where a database file makes a
    writer wait. So the threads of a SQLite run get the test database copied to a file, opened
    with the settings' options (WAL, ``BEGIN IMMEDIATE``, a busy timeout): SQLite as served.
    """
    if connection.vendor != "sqlite" or not cast(Any, connection).is_in_memory_db():
        yield
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "threads.sqlite3"
        connection.ensure_connection()
        with closing(sqlite3.connect(path)) as copy:
            connection.connection.backup(copy)
        # New connections (one per thread) are made from this dict; this thread's own
        # connection stays open on the in-memory database.
        settings_dict = connections.settings[DEFAULT_DB_ALIAS]
        name = settings_dict["NAME"]
        settings_dict["NAME"] = str(path)
        try:
            yield
        finally:
            settings_dict["NAME"] = name


def in_thread(call: Callable[[], T]) -> T:
    """``call()`` in a thread of its own, with its own database connection."""
    result: list[T] = []

    def run() -> None:
        try:
            result.append(call())
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    assert result, "the thread did not finish"
    return result[0]


class SimultaneousSaveTests(TransactionTestCase):
    """Two threads, two connections, the same version, at the same moment: one wins.

    Each thread is held just after its version check until the other has passed its own (or a
    second has gone by): were nothing to keep another writer out between check and save, both
    would pass and both would save, the second silently over the first. As it is, the second
    waits for the first to commit and is then refused, with the winner's name.
    """

    def setUp(self) -> None:
        body = Body.objects.create(
            name="LPO Barn och unga", kind=Body.Kind.LPO, level=Body.Level.REGIONAL, is_public=True
        )
        self.bob = make_user("bob@example.org", "Bob Berg")
        self.alice = make_user("alice@example.org", "Alice Andersson", is_systemforvaltare=True)
        BodyRole.objects.create(user=self.bob, body=body, role=BodyRole.Role.SAMORDNARE)
        self.meeting = f.meeting(body, D(2099, 3, 1))
        self.item = f.item(self.meeting, "Rapport")

    def at_once(self, *calls: Callable[[], str]) -> list[str]:
        """Run ``calls`` in threads that meet after the version check; their outcomes."""
        start = threading.Barrier(len(calls))
        checked = threading.Barrier(len(calls))
        check = services._check_version

        def check_then_wait(obj: Meeting | AgendaItem, expected: int | None) -> None:
            check(obj, expected)
            with suppress(threading.BrokenBarrierError):
                checked.wait(timeout=1)

        outcomes = ["did not finish" for _ in calls]

        def run(index: int, call: Callable[[], str]) -> None:
            try:
                start.wait(timeout=10)
                outcomes[index] = call()
            except Exception as error:
                outcomes[index] = f"error: {error!r}"
            finally:
                connection.close()

        with mock.patch.object(services, "_check_version", check_then_wait):
            threads = [threading.Thread(target=run, args=(n, call)) for n, call in enumerate(calls)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
        return outcomes

    def stored(self) -> tuple[str, int, int]:
        """The item's text, version and number of history rows, as another connection sees."""

        def read() -> tuple[str, int, int]:
            item = AgendaItem.objects.get(pk=self.item.pk)
            return item.text, item.lock_version, item.history.count()

        return in_thread(read)

    def test_two_services_saving_the_same_version_at_once_one_wins(self) -> None:
        version = self.item.lock_version

        def save(user: User, text: str) -> Callable[[], str]:
            def call() -> str:
                item = AgendaItem.objects.get(pk=self.item.pk)
                try:
                    services.update_item(
                        item, acting_user=user, expected_version=version, text=text
                    )
                except services.EditConflictError as conflict:
                    return "conflict: " + " ".join(conflict.messages)
                return "saved"

            return call

        with database_for_threads():
            outcomes = self.at_once(save(self.bob, "Bobs text"), save(self.alice, "Alices text"))
            text, new_version, history = self.stored()
        assert sorted(o.split(":")[0] for o in outcomes) == ["conflict", "saved"], outcomes
        winner = "Bob Berg" if outcomes[0] == "saved" else "Alice Andersson"
        conflict = next(o for o in outcomes if o.startswith("conflict"))
        assert f"{winner} {CONFLICT}" in conflict
        assert text == f"{winner.split()[0]}s text"
        assert new_version == version + 1
        assert history == 2  # created, then the one save that won

    def test_two_autosaves_of_the_meeting_page_at_once_one_wins(self) -> None:
        clients = {}
        for user in (self.bob, self.alice):
            clients[user.full_name] = LoginClient()
            clients[user.full_name].force_login(user)
        page = clients["Bob Berg"].get(reverse("meetings:meeting_detail", args=[self.meeting.pk]))
        version = version_on_page(page.content.decode(), self.item)

        def autosave(name: str) -> Callable[[], str]:
            def call() -> str:
                response = clients[name].post(
                    reverse("meetings:item_text", args=[self.item.pk]),
                    {"text": f"Text av {name}", "lock_version": version},
                    HTTP_HX_REQUEST="true",
                )
                body = response.content.decode()
                if response.status_code == 200 and "Sparat" in body:
                    return "saved"
                if response.status_code == 200 and CONFLICT in body:
                    return "conflict: " + body
                return f"error: {response.status_code} {body[:200]}"

            return call

        with database_for_threads():
            outcomes = self.at_once(autosave("Bob Berg"), autosave("Alice Andersson"))
            text, new_version, _history = self.stored()
        assert sorted(o.split(":")[0] for o in outcomes) == ["conflict", "saved"], outcomes
        winner = "Bob Berg" if outcomes[0] == "saved" else "Alice Andersson"
        conflict = next(o for o in outcomes if o.startswith("conflict"))
        assert f"{winner} {CONFLICT}" in conflict
        assert text == f"Text av {winner}"
        assert new_version == version + 1

    def test_an_autosave_and_a_move_of_the_same_item_at_once_both_stay(self) -> None:
        """A move does not change the version (the text typed meanwhile is still good), so the
        lock cannot refuse either: each must write over the row as the other left it."""
        first = self.item
        second = f.item(self.meeting, "Övriga frågor")
        version = second.lock_version
        # Both requests have read the item before either writes, as the views do.
        typed_on = AgendaItem.objects.select_related("meeting").get(pk=second.pk)
        moved = AgendaItem.objects.select_related("meeting").get(pk=second.pk)
        waited: set[int] = set()
        save = audit.save_audited

        def save_after_the_other_read(obj: Any, **kwargs: Any) -> None:
            # Each thread's first write waits (a second at most) for the other to get there.
            if threading.get_ident() not in waited:
                waited.add(threading.get_ident())
                with suppress(threading.BrokenBarrierError):
                    both_read.wait(timeout=1)
            save(obj, **kwargs)

        both_read = threading.Barrier(2)

        def autosave() -> str:
            services.update_item(
                typed_on, acting_user=self.bob, expected_version=version, text="Anteckningar"
            )
            return "saved"

        def move_up() -> str:
            services.move_item(moved, acting_user=self.bob, up=True)
            return "moved"

        with (
            mock.patch("kunskapsnav.meetings.services.save_audited", save_after_the_other_read),
            database_for_threads(),
        ):
            outcomes = self.at_once(autosave, move_up)

            def read() -> list[tuple[str, int, str]]:
                return list(
                    AgendaItem.objects.filter(meeting=self.meeting)
                    .order_by("order")
                    .values_list("title", "order", "text")
                )

            rows = in_thread(read)
        assert outcomes == ["saved", "moved"], outcomes
        assert rows == [
            ("Övriga frågor", 1, "Anteckningar"),
            (first.title, 2, first.text),
        ], rows
