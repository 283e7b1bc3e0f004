"""A questionnaire round in Chromium, as seed 003 runs it: bob creates the questionnaire and
sends it, Anna answers through her link without an account, Olle is reminded, the round is
closed, repeated and compared; and a live poll is answered by code. Axe checks each page."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.mail import EmailMessage
from playwright.sync_api import Browser, Page

from kunskapsnav.accounts.models import BodyRole, User
from kunskapsnav.core.reference import load_reference
from kunskapsnav.followup.models import Questionnaire, QuestionnaireRound
from kunskapsnav.registry.models import Body
from tests.base import PASSWORD
from tests.browser.test_accessibility import blocking_violations, visit
from tests.browser.test_registry_pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def rpo(transactional_db: None) -> Body:
    load_reference()
    body = Body.objects.create(
        name="RPO rehabilitering, habilitering och försäkringsmedicin",
        kind=Body.Kind.RPO,
        level=Body.Level.SJUKVARDSREGIONAL,
    )
    bob = User.objects.create_user("bob@example.org", PASSWORD, full_name="Bob Berg")
    BodyRole.objects.create(user=bob, body=body, role=BodyRole.Role.SAMORDNARE)
    return body


def link_for(outbox: list[EmailMessage], email: str) -> str:
    message = [m for m in outbox if m.to == [email]][-1]
    match = re.search(r"https?://[^/\s]+(/enkat/\S+/)", str(message.body))
    assert match, message.body
    return match.group(1)


def answer_as_anna(browser: Browser, url: str, choice: str, screens: Path, name: str) -> None:
    """A fresh browser with no account and no cookies, as Anna has."""
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    visit(page, url, screens, name)
    page.get_by_role("button", name="Skicka in svar").click()
    assert page.get_by_text("Frågan måste besvaras.").is_visible()
    page.get_by_label(choice).check()
    page.get_by_role("radio", name="4", exact=True).check()
    page.get_by_role("button", name="Skicka in svar").click()
    page.get_by_text("Tack! Ditt svar är inskickat.").wait_for()
    context.close()


def test_a_round_is_sent_answered_by_link_reminded_closed_repeated_and_compared(
    page: Page,
    browser: Browser,
    live_server: Any,
    rpo: Body,
    mailoutbox: list[EmailMessage],
    screens_dir: Path,
) -> None:
    base = live_server.url
    log_in(page, base, "bob@example.org")
    page.goto(f"{base}/uppfoljning/enkater/ny/")
    page.get_by_label("Ansvarigt organ").select_option(label=rpo.name)
    page.get_by_label("Rubrik").fill("Implementering av den generiska modellen")
    page.get_by_role("button", name="Skapa enkät").click()
    questionnaire = Questionnaire.objects.get()

    for text, kind, choices, required in (
        ("Finns ett LPO i regionen?", "Ett val", "Ja\nUnder uppbyggnad\nNej", True),
        ("Hur långt har implementeringen kommit?", "Skala 1–5", "", False),
    ):
        page.get_by_role("link", name="Lägg till fråga").click()
        page.locator("#id_text").fill(text)
        page.get_by_label("Typ av svar").select_option(label=kind)
        page.get_by_label("Svarsalternativ").fill(choices)
        if required:
            page.get_by_label("Obligatorisk").check()
        page.get_by_role("button", name="Lägg till fråga").click()
    visit(page, f"{base}{questionnaire.get_absolute_url()}", screens_dir, "questionnaire")

    deadline = (dt.date.today() + dt.timedelta(days=21)).isoformat()
    page.get_by_role("link", name="Ny omgång").click()
    page.get_by_label("Sista svarsdag").fill(deadline)
    page.get_by_role("button", name="Skapa omgång").click()
    page.get_by_label("Enskilda mottagare").fill(
        "Anna Berg; anna@example.org; Region Dalarna\nOlle Ek; olle@example.org; Region Gävleborg"
    )
    page.get_by_role("button", name="Lägg till", exact=True).click()
    page.get_by_text("2 mottagare tillagda.").wait_for()
    page.get_by_role("button", name="Skicka omgången").click()
    page.get_by_text("Omgången är skickad: 2 e-postmeddelanden").wait_for()
    first = QuestionnaireRound.objects.get(number=1)

    answer_as_anna(
        browser, base + link_for(mailoutbox, "anna@example.org"), "Nej", screens_dir, "answer"
    )

    visit(page, f"{base}{first.get_absolute_url()}", screens_dir, "round-open")
    assert page.get_by_text("1 av 2 har svarat").is_visible()
    page.get_by_role("button", name="Påminn 1 som inte har svarat").click()
    page.get_by_text("1 påminnelser skickade").wait_for()
    to_olle = [m.subject for m in mailoutbox if m.to == ["olle@example.org"]]
    assert [subject.startswith("Påminnelse") for subject in to_olle] == [False, True]
    page.get_by_role("button", name="Stäng omgången").click()
    page.get_by_text("Omgången är stängd.").wait_for()

    page.goto(f"{base}{questionnaire.get_absolute_url()}")
    page.get_by_role("link", name="Ny omgång (upprepa)").click()
    page.get_by_label("Sista svarsdag").fill(deadline)
    assert page.get_by_label("Samma mottagare som förra omgången").is_checked()
    page.get_by_role("button", name="Skapa omgång").click()
    page.get_by_role("button", name="Skicka omgången").click()
    page.get_by_text("Omgången är skickad: 2 e-postmeddelanden").wait_for()

    answer_as_anna(
        browser,
        base + link_for(mailoutbox, "anna@example.org"),
        "Ja",
        screens_dir,
        "answer-round-2",
    )

    visit(
        page, f"{base}/uppfoljning/enkater/{questionnaire.pk}/jamforelse/", screens_dir, "compare"
    )
    table = page.get_by_role("table", name="Finns ett LPO i regionen?")
    assert "Omgång 1" in table.inner_text()
    assert "Omgång 2" in table.inner_text()
    row = table.get_by_role("row", name=re.compile("^Ja"))
    assert row.inner_text().split("\t")[1:] == ["0 %", "100 %"]
    visit(page, f"{base}{first.get_absolute_url()}resultat/", screens_dir, "results")


def test_a_live_poll_is_answered_by_code_and_the_results_grow_on_screen(
    page: Page, browser: Browser, live_server: Any, rpo: Body, screens_dir: Path
) -> None:
    from kunskapsnav.meetings.models import Meeting

    meeting = Meeting.objects.create(body=rpo, date=dt.date.today(), title="RPO-möte")
    base = live_server.url
    log_in(page, base, "bob@example.org")
    page.goto(f"{base}{meeting.get_absolute_url()}")
    page.get_by_role("link", name="Ny snabbfråga").click()
    page.locator("#id_question").fill("Vad vill LAG arbeta med?")
    page.get_by_label("Typ av svar").select_option(label="Korta fritextsvar")
    page.get_by_role("button", name="Starta frågan").click()
    code = page.locator(".poll-join__code").inner_text()
    visit(page, page.url, screens_dir, "poll-presenter")

    phone = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 800})
    voter = phone.new_page()
    visit(voter, f"{base}/fraga/", screens_dir, "poll-join")
    voter.get_by_label("Kod").fill(code.lower())
    voter.get_by_role("button", name="Fortsätt").click()
    voter.get_by_label("Ditt svar (några ord)").fill("Arbetsåtergång")
    voter.get_by_role("button", name="Skicka svar").click()
    voter.get_by_text("Tack! Ditt svar är registrerat.").wait_for()
    assert blocking_violations(voter) == []
    phone.close()

    # The presenter's screen refreshes itself (HTMX, every 3 s).
    page.get_by_role("cell", name="Arbetsåtergång").wait_for(timeout=10_000)
