"""The catalogue and remiss pages in Chromium: axe finds nothing serious, and bob writes a
section of the remissvar that is autosaved while he types."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from kunskapsnav.accounts.models import BodyRole, User
from kunskapsnav.core.reference import load_reference
from kunskapsnav.guidance.catalogue import load_catalogue
from kunskapsnav.guidance.demo_remiss import LPO_BARN, load_demo_remiss
from kunskapsnav.guidance.models import RemissAssignment
from kunskapsnav.registry.demo import load_demo
from kunskapsnav.registry.models import Body
from tests.base import PASSWORD
from tests.browser.test_accessibility import visit
from tests.browser.test_registry_pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def remisser(transactional_db: None, settings: Any) -> dict[str, Any]:
    settings.ROOT_URLCONF = "tests.guidance.remiss_urlconf"
    load_reference()
    load_catalogue()
    load_demo()
    load_demo_remiss()
    lpo = Body.objects.get(name=LPO_BARN)
    bob = User.objects.create_user("bob@example.org", PASSWORD, full_name="Bob Berg")
    BodyRole.objects.create(user=bob, body=lpo, role=BodyRole.Role.SAMORDNARE)
    assignment = RemissAssignment.objects.get(round__kunskapsstod__code="traumatisk-hjarnskada")
    return {"lpo": lpo, "assignment": assignment}


def test_catalogue_and_remiss_pages_pass_axe_for_a_visitor(
    page: Page, live_server: Any, remisser: dict[str, Any], screens_dir: Path
) -> None:
    base = live_server.url
    visit(page, f"{base}/kunskapsstod/", screens_dir, "kunskapsstod-list")
    visit(page, f"{base}/kunskapsstod/traumatisk-hjarnskada/", screens_dir, "kunskapsstod-tbi")
    visit(page, f"{base}/organ/{remisser['lpo'].pk}/remisser/", screens_dir, "remiss-inbox")
    visit(page, f"{base}/remisser/{remisser['assignment'].pk}/", screens_dir, "remiss-visitor")


def test_bob_writes_the_remissvar_and_it_autosaves(
    page: Page, live_server: Any, remisser: dict[str, Any], screens_dir: Path
) -> None:
    base = live_server.url
    assignment = remisser["assignment"]
    log_in(page, base, "bob@example.org")
    visit(page, f"{base}/remisser/{assignment.pk}/", screens_dir, "remiss-samordnare")
    answer = page.get_by_label("Svar: Övergripande synpunkter")
    answer.focus()
    page.keyboard.type("Vårdförloppet välkomnas av LPO Barn och Unga.")
    page.get_by_text("Sparat").first.wait_for()
    first = assignment.sections.order_by("order").first()
    assert first.text == "Vårdförloppet välkomnas av LPO Barn och Unga."
    visit(page, f"{base}/remisser/{assignment.pk}/begar-synpunkter/", screens_dir, "remiss-request")
    visit(page, f"{base}/remisser/{assignment.pk}/godkann/", screens_dir, "remiss-approve")
