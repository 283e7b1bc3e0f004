"""The gap-analysis grid in Chromium: a cell changed by keyboard saves itself by HTMX; the
införande pages pass axe."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings
from playwright.sync_api import Page

from kunskapsnav.accounts.models import BodyRole, User
from kunskapsnav.core.models import Kommun, KunskapsstodType, Region
from kunskapsnav.core.reference import load_reference
from kunskapsnav.guidance import implementation as services
from kunskapsnav.guidance.models import GapAssessment, Implementation, Kunskapsstod
from kunskapsnav.registry.models import Body
from tests.base import PASSWORD
from tests.browser.test_accessibility import visit
from tests.browser.test_registry_pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def implementation(transactional_db: None, settings: LazySettings) -> Implementation:
    settings.ROOT_URLCONF = "tests.guidance.implementation_urlconf"
    load_reference()
    dalarna = Region.objects.get(code="20")
    lpo = Body.objects.create(
        name="LPO Psykisk Hälsa", kind=Body.Kind.LPO, level=Body.Level.REGIONAL, region=dalarna
    )
    bob = User.objects.create_user("bob@example.org", PASSWORD, full_name="Bob Berg")
    BodyRole.objects.create(user=bob, body=lpo, role=BodyRole.Role.SAMORDNARE)
    kind, _created = KunskapsstodType.objects.get_or_create(
        code="vardforlopp", defaults={"name": "Vårdförlopp"}
    )
    stod = Kunskapsstod.objects.create(code="schizofreni", name="Schizofreni", type=kind)
    for number, text in (
        ("1", "Utredning påbörjas inom fastställd tid."),
        ("2", "En plan upprättas."),
    ):
        services.add_recommendation(stod, number=number, text=text, acting_user=None)
    implementation = services.start_implementation(
        stod, dalarna, responsible_body=lpo, acting_user=None
    )
    services.add_unit(implementation, acting_user=None, name="Psykiatrin, Region Dalarna")
    services.add_unit(implementation, acting_user=None, kommun=Kommun.objects.get(code="2080"))
    indicator = services.add_indicator(
        stod, acting_user=None, name="Andel med plan", target=Decimal(90), unit="%"
    )
    for year, value in ((2022, 50), (2023, 70)):
        services.record_measurement(
            implementation,
            indicator,
            acting_user=None,
            period_start=dt.date(year, 1, 1),
            period_end=dt.date(year, 12, 31),
            value=Decimal(value),
        )
    return implementation


def test_bob_changes_a_cell_by_keyboard_and_it_saves_itself(
    page: Page, live_server: Any, implementation: Implementation, screens_dir: Path
) -> None:
    base = live_server.url
    visit(page, f"{base}/inforanden/", screens_dir, "implementation-list")
    visit(page, f"{base}/inforanden/{implementation.pk}/", screens_dir, "implementation-detail")
    log_in(page, base, "bob@example.org")
    grid = f"{base}/inforanden/{implementation.pk}/gapanalys/"
    visit(page, grid, screens_dir, "gap-grid")
    select = page.get_by_label("Nuläge för Falun, rekommendation 2")
    select.focus()
    # Keyboard only: the arrow moves the choice and fires change, as a person would.
    for _step in range(2):
        page.keyboard.press("ArrowDown")
    status = page.locator("#gap-status")
    status.get_by_text("Sparat: Falun, rekommendation 2: Delvis uppfyllt.").wait_for()
    assessment = GapAssessment.objects.get(recommendation__number="2", unit__name="Falun")
    assert assessment.state == GapAssessment.State.DELVIS
    summary = page.locator("#gap-summary")
    assert "Delvis uppfyllt" in summary.inner_text()
    page.screenshot(path=str(screens_dir / "gap-grid-saved.png"), full_page=True)
    visit(page, grid, screens_dir, "gap-grid-after")
    visit(page, f"{base}/inforanden/{implementation.pk}/", screens_dir, "implementation-bob")
    visit(
        page, f"{base}/inforanden/{implementation.pk}/status/", screens_dir, "implementation-status"
    )
