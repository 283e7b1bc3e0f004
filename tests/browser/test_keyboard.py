"""The main flows with the keyboard alone, in Chromium: no mouse, no ``fill``, no ``click``.

Tab, Shift+Tab, Enter, Space, arrows and typing, as a person who cannot use a mouse works:
the skip link, logging in, the main navigation with a visible focus on everything that takes
it, the search, running a meeting (attendance and an action) and the disclosures. No page
traps the focus: tabbing through a page comes back round to its start.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from kunskapsnav.accounts.models import BodyRole, User
from kunskapsnav.core.models import Region
from kunskapsnav.core.reference import load_reference
from kunskapsnav.meetings import services as meetings
from kunskapsnav.meetings.models import ActionItem, Attendance
from kunskapsnav.registry import services as registry
from kunskapsnav.registry.models import Body
from tests.base import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "bob@example.org"

#: What the Tab key can reach (before visibility and ``tabindex`` are checked).
FOCUSABLE = (
    "a[href], button, input:not([type=hidden]), select, textarea, summary, "
    "[tabindex]:not([tabindex='-1'])"
)

#: Remembers how every focusable element looks without focus, to compare with its focus.
REMEMBER_LOOKS = """selector => {
    const look = el => {
        const s = getComputedStyle(el);
        return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' | ');
    };
    window.knLook = look;
    window.knLooks = new Map([...document.querySelectorAll(selector)].map(el => [el, look(el)]));
    const tabbable = [...window.knLooks.keys()].filter(
        el => el.tabIndex >= 0 && !el.disabled && el.checkVisibility({visibilityProperty: true})
    );
    // A date field is four stops (day, month, year, calendar), a time field three.
    const parts = el => ({date: 4, 'datetime-local': 6, time: 3})[el.type] || 1;
    return tabbable.reduce((stops, el) => stops + parts(el), 0);
}"""

#: The focused element: what it is, whether it can be seen and whether its focus shows.
FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const s = getComputedStyle(el);
    const now = window.knLook(el);
    const before = window.knLooks.get(el);
    const same = el === window.knLast;
    window.knLast = el;
    const rect = el.getBoundingClientRect();
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
    const shadow = s.boxShadow !== 'none';
    // A date field's own parts (day, month, year, the calendar button) take the focus one
    // by one; the last, the calendar button, is the browser's own, with its own focus ring.
    const ownPart = !el.matches(':focus') && el.matches('input');
    return {
        name: `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}> `
            + (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 50),
        seen: rect.width > 2 && rect.height > 2 && el.checkVisibility({visibilityProperty: true}),
        indicated: ownPart || ((outline || shadow) && now !== before),
        same,
        parts: el.matches('input[type=date], input[type=time], input[type=datetime-local]'),
        autofocus: el.autofocus,
        look: now,
        skip: el.classList.contains('skip-link'),
        mainNav: el.closest('.main-nav') !== null,
    };
}"""


@pytest.fixture
def meeting_data(transactional_db: None) -> dict[str, Any]:
    """A public network with two members, a planned meeting and its coordinator Bob."""
    load_reference()
    lchnv = registry.create_body(
        acting_user=None,
        name="Länschefsnätverket",
        short_name="LCHNV",
        kind=Body.Kind.NATVERK,
        level=Body.Level.LANSGEMENSAM,
        region=Region.objects.get(code="20"),
        is_public=True,
    )
    tomas = registry.create_person(acting_user=None, name="Tomas Ahlin", title="Socialchef")
    ulrika = registry.create_person(acting_user=None, name="Ulrika Gärdsback", title="Socialchef")
    for person in (tomas, ulrika):
        registry.appoint(lchnv, person, acting_user=None)
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
    bob = User.objects.create_user(EMAIL, PASSWORD, full_name="Bob Berg")
    BodyRole.objects.create(user=bob, body=lchnv, role=BodyRole.Role.SAMORDNARE)
    return {"meeting": meeting, "tomas": tomas, "lchnv": lchnv}


def is_focused(locator: Locator) -> bool:
    return bool(locator.evaluate("el => el === document.activeElement"))


def tab_to(page: Page, target: Locator, limit: int = 80, key: str = "Tab") -> int:
    """Press Tab until ``target`` has the focus; returns the number of presses."""
    if is_focused(target):
        return 0
    for presses in range(1, limit + 1):
        page.keyboard.press(key)
        if is_focused(target):
            return presses
    raise AssertionError(f"{limit} presses of {key} never reached {target}")


def wait_for_htmx(page: Page) -> None:
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')"
    )


def log_in_by_keyboard(page: Page, base: str) -> None:
    page.goto(f"{base}/konto/logga-in/")
    tab_to(page, page.get_by_label("E-postadress"))
    page.keyboard.type(EMAIL)
    page.keyboard.press("Tab")
    assert is_focused(page.get_by_label("Lösenord"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")


def tab_through(page: Page) -> list[str]:
    """Tab through the whole page from its top; returns the problems found on the way.

    Every element that takes the focus must be seen and show it (its outline or shadow
    changes from how it looks without focus); Tab must stop once on every focusable element
    and come back round to the top (the document or the skip link) after the last one: no
    focus trap, no element skipped or stuck.
    """
    # A page that puts the focus in its form itself (the login page) is walked from there.
    autofocused = page.evaluate("document.activeElement?.autofocus === true")
    if not autofocused:
        page.evaluate("document.activeElement?.blur()")
    count = page.evaluate(REMEMBER_LOOKS, FOCUSABLE)
    problems: list[str] = []
    seen: list[str] = []
    nav_links = page.locator(".main-nav a").count()
    reached_nav = 0
    for presses in range(1, count + 6):
        page.keyboard.press("Tab")
        focused: dict[str, Any] | None = page.evaluate(FOCUSED)
        if focused is None or (focused["skip"] and presses > 1):
            if not autofocused and presses - 1 != count:
                problems.append(f"Tab stopped {presses - 1} times on {count} focusable stops")
            if nav_links and reached_nav < nav_links and not autofocused:
                problems.append(f"{reached_nav} of {nav_links} main menu links reached")
            return problems
        if presses == 1 and not focused["skip"] and not autofocused:
            problems.append(f"the first Tab focuses {focused['name']}, not the skip link")
        if focused["same"] and not focused["parts"]:
            problems.append(f"the focus stays on {focused['name']}")
        seen.append(focused["name"])
        reached_nav += focused["mainNav"]
        if not focused["seen"]:
            problems.append(f"{focused['name']} has the focus but cannot be seen")
        if not focused["indicated"]:
            problems.append(f"{focused['name']} does not show its focus ({focused['look']})")
    problems.append(f"after {count + 5} presses of Tab the focus never came back round: {seen}")
    return problems


def test_the_first_tab_reaches_the_skip_link_and_enter_moves_to_the_content(
    page: Page, live_server: Any, meeting_data: dict[str, Any]
) -> None:
    base = live_server.url
    meeting = meeting_data["meeting"]
    paths = [
        "/",
        "/organ/",
        f"/organ/{meeting_data['lchnv'].pk}/",
        "/sok/?q=L%C3%A4nschefsn%C3%A4tverket",
        "/portal/",
        f"/portal/organ/{meeting_data['lchnv'].pk}/",
        "/api/docs",
    ]
    for signed_in in (False, True):
        if signed_in:
            log_in_by_keyboard(page, base)
            paths += [f"/moten/{meeting.pk}/", "/atgarder/", "/uppfoljning/mina-organ/"]
        for path in paths:
            page.goto(base + path)
            if path == "/api/docs":
                page.wait_for_selector(".swagger-ui .opblock")
            page.keyboard.press("Tab")
            skip = page.get_by_role("link", name="Hoppa till innehållet")
            assert is_focused(skip), f"{path}: the first Tab must reach the skip link"
            expect(skip).to_be_in_viewport()
            box = skip.bounding_box()
            assert box is not None
            assert box["y"] >= 0, f"{path}: the focused skip link is on the screen"
            page.keyboard.press("Enter")
            assert page.evaluate("document.activeElement.id") == "main", path
            # The next Tab goes on from the content, not back to the header.
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.closest('#main') !== null"), path
    # The login page is the exception: it is there for its form, which has the focus at once
    # (``autofocus``); Tab goes on from the e-mail address.
    page.context.clear_cookies()
    page.goto(f"{base}/konto/logga-in/")
    assert is_focused(page.get_by_label("E-postadress"))


def test_bob_logs_in_with_the_keyboard(
    page: Page, live_server: Any, meeting_data: dict[str, Any]
) -> None:
    base = live_server.url
    page.goto(f"{base}/")
    login = page.locator(".user-nav").get_by_role("link", name="Logga in")
    tab_to(page, login)
    page.keyboard.press("Enter")
    page.wait_for_url("**/konto/logga-in/**")
    assert is_focused(page.get_by_label("E-postadress")), "the form has the focus at once"
    page.keyboard.type(EMAIL)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    assert is_focused(page.get_by_role("button", name="Logga in"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")
    assert "Välkommen, Bob" in page.locator("h1").inner_text()


def test_every_focus_shows_and_no_page_traps_it(
    page: Page, live_server: Any, meeting_data: dict[str, Any]
) -> None:
    base = live_server.url
    lchnv, meeting = meeting_data["lchnv"], meeting_data["meeting"]
    problems: list[str] = []
    for path in ("/konto/logga-in/", "/portal/", f"/portal/organ/{lchnv.pk}/"):
        page.goto(base + path)
        problems += [f"{path}: {problem}" for problem in tab_through(page)]
    log_in_by_keyboard(page, base)
    for path in (
        "/",
        "/organ/",
        f"/organ/{lchnv.pk}/",
        f"/moten/{meeting.pk}/",
        "/atgarder/",
        "/sok/?q=L%C3%A4nschefsn%C3%A4tverket",
        "/uppfoljning/mognad/",
        "/api/docs",
    ):
        page.goto(base + path)
        if path == "/api/docs":
            page.wait_for_selector(".swagger-ui .opblock")
        problems += [f"{path}: {problem}" for problem in tab_through(page)]
    assert not problems, "\n".join(problems)


def test_the_main_menu_works_from_the_keyboard(
    page: Page, live_server: Any, meeting_data: dict[str, Any]
) -> None:
    base = live_server.url
    log_in_by_keyboard(page, base)
    menu = page.get_by_role("navigation", name="Huvudmeny")
    bodies = menu.get_by_role("link", name="Organ", exact=True)
    tab_to(page, bodies)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/organ/")
    expect(bodies).to_have_attribute("aria-current", "page")
    # Onwards along the menu from the page just opened.
    tab_to(page, menu.get_by_role("link", name="Möten"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/moten/")
    assert page.locator("h1").count() == 1


def test_search_from_the_keyboard_and_tab_to_the_first_hit(
    page: Page, live_server: Any, meeting_data: dict[str, Any]
) -> None:
    base = live_server.url
    log_in_by_keyboard(page, base)
    tab_to(page, page.get_by_role("searchbox", name="Sök"))
    page.keyboard.type("Länschefsnätverket")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sok/?q=*")
    first = page.locator(".search-hit__title").first
    expect(first).to_have_text("Länschefsnätverket")
    # From the skip link into the content, then on to the first hit.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    tab_to(page, first, limit=30)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/organ/{meeting_data['lchnv'].pk}/")


def test_bob_runs_a_meeting_with_the_keyboard(
    page: Page, live_server: Any, meeting_data: dict[str, Any]
) -> None:
    base = live_server.url
    meeting, tomas = meeting_data["meeting"], meeting_data["tomas"]
    log_in_by_keyboard(page, base)
    page.goto(f"{base}/moten/{meeting.pk}/")

    # Attendance: the arrow keys choose a status, which saves without a page load, and the
    # focus stays on the list for the next change.
    attendance = page.get_by_label("Närvaro för Tomas Ahlin")
    tab_to(page, attendance)
    page.keyboard.press("ArrowDown")
    expect(attendance).to_have_value("narvarande")
    wait_for_htmx(page)
    expect(page.locator("#attendance")).to_be_visible()
    assert Attendance.objects.get(meeting=meeting, person=tomas).status == "narvarande"
    assert is_focused(page.get_by_label("Närvaro för Tomas Ahlin")), "the focus is kept"

    # An action under "Övriga frågor": open the form, write, choose who, add.
    other = meeting.items.get(title="Övriga frågor")
    item = page.locator(f"#item-{other.pk}")
    summary = item.locator("summary", has_text="Ny åtgärd")
    tab_to(page, summary, limit=120)
    page.keyboard.press("Enter")
    details = item.locator("details").filter(has=page.locator("summary", has_text="Ny åtgärd"))
    expect(details).to_have_attribute("open", "")
    tab_to(page, item.locator(f"#action-{other.pk}-text"))
    page.keyboard.type("Sammankalla till uppföljande möte")
    tab_to(page, item.locator(f"#action-{other.pk}-responsible_people"))
    page.keyboard.press("ArrowDown")
    expect(item.locator(f"#action-{other.pk}-responsible_people")).to_have_value(str(tomas.pk))
    tab_to(page, item.get_by_role("button", name="Lägg till åtgärd"))
    page.keyboard.press("Enter")
    expect(page.locator(f"#item-{other.pk} .action-list")).to_contain_text("Sammankalla")
    wait_for_htmx(page)
    action = ActionItem.objects.get(text="Sammankalla till uppföljande möte")
    assert list(action.responsible_people.all()) == [tomas]
    focus = page.evaluate("document.activeElement.closest('#agenda') !== null")
    assert focus, "after adding, the focus is still in the agenda, not back at the page's top"


def test_disclosures_open_and_close_from_the_keyboard(
    page: Page, live_server: Any, meeting_data: dict[str, Any]
) -> None:
    base = live_server.url
    meeting = meeting_data["meeting"]
    log_in_by_keyboard(page, base)
    page.goto(f"{base}/moten/{meeting.pk}/")
    item = meeting.items.get(title="Godkännande av dagordning")
    summary = page.locator(f"#item-{item.pk} summary", has_text="Nytt beslut")
    details = page.locator(f"#item-{item.pk} details").filter(
        has=page.locator("summary", has_text="Nytt beslut")
    )
    decision = page.locator(f"#decision-{item.pk}")
    tab_to(page, summary, limit=120)
    expect(decision).to_be_hidden()
    page.keyboard.press("Enter")
    expect(details).to_have_attribute("open", "")
    page.keyboard.press("Tab")
    assert is_focused(decision), "Tab goes from the opened summary into its form"
    page.keyboard.press("Shift+Tab")
    assert is_focused(summary)
    page.keyboard.press("Space")
    expect(details).not_to_have_attribute("open", "")
    expect(decision).to_be_hidden()
    page.keyboard.press("Tab")
    assert not is_focused(decision), "a closed disclosure's form takes no focus"
