"""Running a meeting in Chromium: attendance, a decision and an action, with HTMX; axe clean."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kunskapsnav.accounts.models import BodyRole, User
from kunskapsnav.core.models import Region
from kunskapsnav.core.reference import load_reference
from kunskapsnav.meetings import services as meetings
from kunskapsnav.meetings.models import ActionItem, Attendance, Decision
from kunskapsnav.registry import services as registry
from kunskapsnav.registry.models import Body
from tests.base import PASSWORD
from tests.browser.test_accessibility import visit
from tests.browser.test_registry_pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def meeting_data(transactional_db: None) -> dict[str, Any]:
    load_reference()
    lchnv = registry.create_body(
        acting_user=None,
        name="Länschefsnätverket",
        short_name="LCHNV",
        kind=Body.Kind.NATVERK,
        level=Body.Level.LANSGEMENSAM,
        region=Region.objects.get(code="20"),
    )
    tomas = registry.create_person(acting_user=None, name="Tomas Ahlin", title="Socialchef")
    ulrika = registry.create_person(acting_user=None, name="Ulrika Gärdsback", title="Socialchef")
    for person in (tomas, ulrika):
        registry.appoint(lchnv, person, acting_user=None)
    earlier = meetings.create_meeting(lchnv, acting_user=None, date=dt.date(2021, 12, 17))
    meetings.add_action(
        lchnv,
        acting_user=None,
        meeting=earlier,
        text="Ta fram förslag till uppdragsbeskrivning",
        responsible_people=[ulrika],
        due_date=dt.date(2022, 1, 15),
    )
    meeting = meetings.create_meeting(
        lchnv,
        acting_user=None,
        date=dt.date(2022, 1, 28),
        start_time=dt.time(9),
        end_time=dt.time(12),
        place="Teams",
    )
    for title in ("Mötets öppnande", "Godkännande av dagordning", "Övriga frågor"):
        meetings.add_item(meeting, acting_user=None, title=title)
    bob = User.objects.create_user("bob@example.org", PASSWORD, full_name="Bob Berg")
    BodyRole.objects.create(user=bob, body=lchnv, role=BodyRole.Role.SAMORDNARE)
    return {"meeting": meeting, "tomas": tomas, "lchnv": lchnv}


def test_bob_runs_a_meeting_with_htmx(
    page: Page, live_server: Any, meeting_data: dict[str, Any], screens_dir: Path
) -> None:
    base = live_server.url
    meeting = meeting_data["meeting"]
    log_in(page, base, "bob@example.org")
    visit(page, f"{base}/moten/{meeting.pk}/", screens_dir, "meeting-prepare")
    # From a fresh load (axe, injected above, trips the CSP by design; the page must not).
    page.goto(f"{base}/moten/{meeting.pk}/")
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    # Attendance: choosing a status saves it without a page load.
    page.get_by_label("Närvaro för Tomas Ahlin").select_option("del_av_motet")
    expect(page.get_by_label("Närvaro för Tomas Ahlin")).to_have_value("del_av_motet")
    page.wait_for_function(
        "() => document.querySelector('#attendance') && !document.querySelector('.htmx-request')"
    )

    # A decision under item 2.
    item = meeting.items.get(title="Godkännande av dagordning")
    page.locator(f"#item-{item.pk} summary", has_text="Nytt beslut").click()
    page.locator(f"#decision-{item.pk}").fill("att godkänna dagordningen.")
    page.locator(f"#item-{item.pk}").get_by_role("button", name="Lägg till beslut").click()
    expect(page.locator(f"#item-{item.pk} .decisions")).to_contain_text(
        "att godkänna dagordningen."
    )

    # An action under item 3, then notes that autosave.
    other = meeting.items.get(title="Övriga frågor")
    page.locator(f"#item-{other.pk} summary", has_text="Ny åtgärd").click()
    page.locator(f"#action-{other.pk}-text").fill("Sammankalla till uppföljande möte")
    page.locator(f"#action-{other.pk}-responsible_people").select_option(label="Tomas Ahlin")
    page.locator(f"#item-{other.pk}").get_by_role("button", name="Lägg till åtgärd").click()
    expect(page.locator(f"#item-{other.pk} .action-list")).to_contain_text("Sammankalla")
    # htmx wires up the swapped-in agenda after it settles; type only then.
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')"
    )
    page.wait_for_timeout(100)
    page.locator(f"#text-{other.pk}").fill("Tanja ansvarar för att sammankalla till mötet.")
    expect(page.locator(f"#item-{other.pk} .autosave__status")).to_contain_text("Sparat")

    # The earlier meeting's open action is followed up here and closed.
    follow_up = page.locator("#follow-up")
    expect(follow_up).to_contain_text("Ta fram förslag till uppdragsbeskrivning")
    follow_up.get_by_role("button", name="Klar").click()
    expect(follow_up).to_contain_text("Klar 2022-01-28")
    page.screenshot(path=str(screens_dir / "meeting-running.png"), full_page=True)
    assert errors == []

    assert (
        Attendance.objects.get(meeting=meeting, person=meeting_data["tomas"]).status
        == "del_av_motet"
    )
    assert Decision.objects.get(item=item).text == "att godkänna dagordningen."
    assert (
        ActionItem.objects.get(text="Sammankalla till uppföljande möte")
        .responsible_people.get()
        .name
        == "Tomas Ahlin"
    )
    other.refresh_from_db()
    assert other.text == "Tanja ansvarar för att sammankalla till mötet."
    visit(page, f"{base}/moten/{meeting.pk}/", screens_dir, "meeting-after")
    visit(page, f"{base}/moten/?period=alla", screens_dir, "calendar")
    visit(page, f"{base}/atgarder/?status=all", screens_dir, "actions")
    visit(page, f"{base}/", screens_dir, "start-with-actions")
