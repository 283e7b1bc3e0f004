"""The registry's pages in Chromium: axe finds nothing serious, the main flow works by keyboard."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from kunskapsnav.accounts.models import BodyRole, User
from kunskapsnav.core.models import Region
from kunskapsnav.core.reference import load_reference
from kunskapsnav.registry import services
from kunskapsnav.registry.models import Body, Membership, Seat
from tests.base import PASSWORD
from tests.browser.test_accessibility import visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def registry(transactional_db: None) -> dict[str, Any]:
    load_reference()
    dalarna = Region.objects.get(code="20")

    def body(name: str, **fields: Any) -> Body:
        fields.setdefault("level", Body.Level.REGIONAL)
        fields.setdefault("region", dalarna)
        return services.create_body(acting_user=None, name=name, **fields)

    lchnv = body(
        "Länschefsnätverket",
        short_name="LCHNV",
        kind=Body.Kind.NATVERK,
        level=Body.Level.LANSGEMENSAM,
    )
    schnv = body(
        "Socialchefsnätverket",
        short_name="SCHNV",
        kind=Body.Kind.NATVERK,
        level=Body.Level.LANSGEMENSAM,
        parent=lchnv,
    )
    lpo = body("LPO Barn och unga", kind=Body.Kind.LPO, status=Body.Status.UNDER_INRATTANDE)
    body("LAG BHV", kind=Body.Kind.LAG, parent=lpo, status=Body.Status.PLANERAD)
    kommun = services.add_seat(
        lpo,
        acting_user=None,
        title="Kommunrepresentant",
        quota=4,
        quota_min=3,
        represents=Seat.Represents.KOMMUN,
        profile="socialchef, IFO, elevhälsa, förskola",
        nominating_body=schnv,
        opened_on=dt.date(2020, 9, 1),
    )
    services.add_seat(
        lpo,
        acting_user=None,
        title="Representant från regionen",
        quota=4,
        opened_on=dt.date(2020, 9, 1),
    )
    anders = services.create_person(acting_user=None, name="Anders Grawé")
    services.appoint(lpo, anders, acting_user=None, role=Membership.Role.ORDFORANDE)
    services.request_nomination(kommun, acting_user=None, deadline=dt.date(2030, 1, 31))
    version = services.add_commission_version(
        lpo,
        acting_user=None,
        text="LPO Barn och unga leder kunskapsstyrningen för barn och unga i Dalarna.",
    )
    services.approve_commission_version(version, acting_user=None, approved_by=lchnv)
    bob = User.objects.create_user("bob@example.org", PASSWORD, full_name="Bob Berg")
    BodyRole.objects.create(user=bob, body=lpo, role=BodyRole.Role.SAMORDNARE)
    return {"lpo": lpo, "anders": anders, "kommun": kommun, "bob": bob}


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/konto/logga-in/")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{base}/")


def test_registry_pages_pass_axe_for_a_visitor(
    page: Page, live_server: Any, registry: dict[str, Any], screens_dir: Path
) -> None:
    base = live_server.url
    visit(page, f"{base}/organ/", screens_dir, "body-list")
    visit(page, f"{base}/organ/{registry['lpo'].pk}/", screens_dir, "body-detail")
    visit(page, f"{base}/personer/{registry['anders'].pk}/", screens_dir, "person")
    visit(page, f"{base}/organisationsschema/20/", screens_dir, "org-chart")
    visit(page, f"{base}/vakanser/", screens_dir, "vacancies")


def test_bob_fills_a_seat_by_keyboard_and_the_forms_pass_axe(
    page: Page, live_server: Any, registry: dict[str, Any], screens_dir: Path
) -> None:
    base = live_server.url
    log_in(page, base, "bob@example.org")
    lpo = registry["lpo"]
    visit(page, f"{base}/organ/{lpo.pk}/", screens_dir, "body-detail-samordnare")
    visit(page, f"{base}/organ/{lpo.pk}/platser/ny/", screens_dir, "seat-form")
    visit(page, f"{base}/organ/{lpo.pk}/andra/", screens_dir, "body-form")
    visit(page, f"{base}/platser/{registry['kommun'].pk}/tillsatt/", screens_dir, "fill-seat")
    search = page.get_by_label("Sök person i registret")
    search.focus()
    page.keyboard.type("Graw")
    page.get_by_label("Anders Grawé").wait_for()
    page.get_by_label("Anders Grawé").check()
    page.get_by_label("Från").fill("2021-01-01")
    page.screenshot(path=str(screens_dir / "fill-seat-searched.png"), full_page=True)
    page.get_by_role("button", name="Spara").press("Enter")
    page.wait_for_url(f"{base}/organ/{lpo.pk}/")
    assert "Anders Grawé har fått uppdraget." in page.locator(".messages").inner_text()
    assert Membership.objects.filter(seat=registry["kommun"], person=registry["anders"]).exists()
