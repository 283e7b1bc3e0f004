"""Every page of the foundation, as a person meets it in Chromium, checked by axe."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from kunskapsnav.accounts.models import BodyRole, User
from kunskapsnav.core.models import Region
from kunskapsnav.core.reference import load_reference
from kunskapsnav.registry.models import Body
from tests.base import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Axe()
BLOCKING = {"serious", "critical"}


def blocking_violations(page: Page) -> list[str]:
    results = AXE.run(page)
    found: list[dict[str, Any]] = results.response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in found
        if v.get("impact") in BLOCKING
    ]


def visit(page: Page, url: str, screens: Path, name: str) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.status == 200, f"{url}: {response.status}"
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("h1").count() == 1, f"{url} must have exactly one h1"
    page.screenshot(path=str(screens / f"{name}.png"), full_page=True)
    assert blocking_violations(page) == [], url


@pytest.fixture
def demo_data(transactional_db: None) -> User:
    load_reference()
    lpo = Body.objects.create(
        name="LPO Barn och unga",
        kind=Body.Kind.LPO,
        level=Body.Level.REGIONAL,
        region=Region.objects.get(code="20"),
    )
    bob = User.objects.create_user("bob@example.org", PASSWORD, full_name="Bob Berg")
    BodyRole.objects.create(user=bob, body=lpo, role=BodyRole.Role.SAMORDNARE)
    return bob


def test_public_pages_are_swedish_and_pass_axe(
    page: Page, live_server: Any, demo_data: User, screens_dir: Path
) -> None:
    base = live_server.url
    visit(page, f"{base}/", screens_dir, "start-anonymous")
    visit(page, f"{base}/regioner/", screens_dir, "regions")
    visit(page, f"{base}/regioner/20/", screens_dir, "region-dalarna")
    visit(page, f"{base}/programomraden/", screens_dir, "programme-areas")
    visit(page, f"{base}/ordlista/", screens_dir, "glossary")
    visit(page, f"{base}/konto/logga-in/", screens_dir, "login")


def test_bob_logs_in_sees_his_body_and_the_history_page(
    page: Page, live_server: Any, demo_data: User, screens_dir: Path
) -> None:
    base = live_server.url
    page.goto(f"{base}/konto/logga-in/")
    page.get_by_label("E-postadress").fill("bob@example.org")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{base}/")
    assert "Välkommen, Bob" in page.locator("h1").inner_text()
    assert page.get_by_role("cell", name="LPO Barn och unga").is_visible()
    visit(page, f"{base}/", screens_dir, "start-bob")
    visit(page, f"{base}/konto/", screens_dir, "profile")
    dalarna = Region.objects.get(code="20")
    visit(page, f"{base}/historik/core/region/{dalarna.pk}/", screens_dir, "history")


def test_glossary_filter_updates_in_place_with_htmx(
    page: Page, live_server: Any, demo_data: User, screens_dir: Path
) -> None:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{live_server.url}/ordlista/")
    page.get_by_label("Filtrera på ord eller förkortning").fill("vårdförlopp")
    page.wait_for_url("**/ordlista/?q=v%C3%A5rdf%C3%B6rlopp*")
    results = page.locator("#glossary-results")
    assert "vårdförlopp" in results.inner_text().lower()
    assert "Socialchefsnätverket" not in results.inner_text()
    assert page.locator("h1").count() == 1
    page.screenshot(path=str(screens_dir / "glossary-filtered.png"), full_page=True)
    assert errors == [], "no CSP or script errors in the console"


def test_keyboard_users_can_skip_to_the_content(
    page: Page, live_server: Any, demo_data: User
) -> None:
    page.goto(f"{live_server.url}/regioner/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till innehållet")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_english_is_one_choice_away(page: Page, live_server: Any, demo_data: User) -> None:
    page.goto(f"{live_server.url}/programomraden/")
    page.get_by_label("Språk").select_option("en")
    page.get_by_role("button", name="Byt språk").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Programme areas"


def test_the_grant_pages_pass_axe(
    page: Page, live_server: Any, demo_data: User, screens_dir: Path
) -> None:
    import datetime as dt
    from decimal import Decimal

    from kunskapsnav.followup import funds

    lpo = Body.objects.get(name="LPO Barn och unga")
    lpo.is_public = True
    lpo.save()
    grant = funds.create_grant(
        acting_user=None,
        name="ÖK psykisk hälsa 2022",
        year=2022,
        amount=Decimal(18_000_000),
        amount_is_approximate=True,
        period_start=dt.date(2022, 1, 1),
        period_end=dt.date(2022, 12, 31),
        recipient_region=Region.objects.get(code="20"),
        responsible_body=lpo,
        requisition_deadline=dt.date(2022, 3, 31),
        reporting_deadline=dt.date(2023, 3, 1),
    )
    allocation = funds.add_allocation(
        grant, acting_user=None, measure="Suicidprevention", amount=Decimal(5_000_000)
    )
    funds.add_allocation(
        grant, acting_user=None, measure="Barn och unga", amount=Decimal(3_000_000)
    )
    funds.report_spending(allocation, acting_user=None, amount=Decimal(1_200_000))
    base = live_server.url
    visit(page, f"{base}/uppfoljning/medel/", screens_dir, "grants")
    visit(page, f"{base}/uppfoljning/medel/{grant.pk}/", screens_dir, "grant-detail")


def test_the_follow_up_overviews_pass_axe(
    page: Page, live_server: Any, demo_data: User, screens_dir: Path
) -> None:
    base = live_server.url
    visit(page, f"{base}/uppfoljning/mognad/?sjukvardsregion=mellansverige", screens_dir, "matrix")
    visit(
        page,
        f"{base}/uppfoljning/mognad/?sjukvardsregion=mellansverige&datum=2022-04-25",
        screens_dir,
        "matrix-2022",
    )
    visit(page, f"{base}/uppfoljning/region/20/", screens_dir, "region-overview")
    visit(page, f"{base}/fraga/", screens_dir, "poll-join-anonymous")
    page.goto(f"{base}/konto/logga-in/")
    page.get_by_label("E-postadress").fill("bob@example.org")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{base}/")
    visit(page, f"{base}/uppfoljning/mina-organ/", screens_dir, "my-bodies")
    visit(page, f"{base}/uppfoljning/enkater/", screens_dir, "questionnaires")
