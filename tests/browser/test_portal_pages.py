"""The public portal in Chromium, as an anonymous reader: Swedish, one h1, axe clean."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from kunskapsnav.accounts.models import User
from kunskapsnav.core.models import Region
from kunskapsnav.core.reference import load_reference
from kunskapsnav.meetings import services as meetings
from kunskapsnav.meetings.models import Meeting
from kunskapsnav.registry import services as registry
from kunskapsnav.registry.models import Body, Person
from tests.base import PASSWORD
from tests.browser.test_accessibility import visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def portal_data(transactional_db: None) -> dict[str, Any]:
    load_reference()
    lchnv = registry.create_body(
        acting_user=None,
        name="Länschefsnätverket",
        short_name="LCHNV",
        kind=Body.Kind.NATVERK,
        level=Body.Level.LANSGEMENSAM,
        region=Region.objects.get(code="20"),
    )
    bob = User.objects.create_user("bob@example.org", PASSWORD, full_name="Bob Berg")
    secretary = Person.objects.create(name="Bob Berg", user=bob)
    registry.appoint(lchnv, secretary, acting_user=None)
    today = timezone.localdate()
    held = meetings.create_meeting(
        lchnv,
        acting_user=None,
        date=today - dt.timedelta(days=14),
        start_time=dt.time(9),
        end_time=dt.time(12),
        secretary=secretary,
    )
    point = meetings.add_item(held, acting_user=None, title="Uppdragsbeskrivning", kind="beslut")
    meetings.add_decision(
        held, acting_user=None, item=point, text="att godkänna uppdragsbeskrivningen"
    )
    meetings.mark_held(held, acting_user=None)
    meetings.approve_minutes(held, acting_user=bob)
    meetings.publish_minutes(held, acting_user=None)
    meetings.create_meeting(
        lchnv, acting_user=None, date=today + dt.timedelta(days=14), title="Vårmöte"
    )
    return {"body": lchnv, "meeting": Meeting.objects.get(pk=held.pk)}


def test_portal_pages_are_swedish_and_pass_axe(
    page: Page, live_server: Any, portal_data: dict[str, Any], screens_dir: Path
) -> None:
    base = f"{live_server.url}/portal"
    body = portal_data["body"]
    meeting = portal_data["meeting"]
    visit(page, f"{base}/", screens_dir, "portal-start")
    assert page.get_by_text("att godkänna uppdragsbeskrivningen").is_visible()
    # The start page summarises the regions; a region's page lists its bodies.
    page.get_by_role("link", name="Region Dalarna", exact=True).click()
    page.wait_for_url(f"{base}/grupp/20/")
    visit(page, f"{base}/grupp/20/", screens_dir, "portal-group")
    page.get_by_role("link", name="Länschefsnätverket", exact=True).click()
    page.wait_for_url(f"{base}/organ/{body.pk}/")
    visit(page, f"{base}/organ/{body.pk}/", screens_dir, "portal-body")
    assert page.get_by_text("Vårmöte").is_visible()
    visit(page, f"{base}/moten/{meeting.pk}/", screens_dir, "portal-meeting")
    visit(page, f"{base}/?q=l%C3%A4ns", screens_dir, "portal-search")
    assert page.get_by_role("link", name="Länschefsnätverket", exact=True).is_visible()
    visit(
        page, f"{base}/kunskapsstod/?sjukvardsregion=mellansverige", screens_dir, "portal-guidance"
    )
    visit(page, f"{base}/mognad/?sjukvardsregion=mellansverige", screens_dir, "portal-matrix")
