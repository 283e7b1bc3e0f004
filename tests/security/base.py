"""One small world for the permission matrices: an object of every kind a URL names.

Built on ``tests.base`` (alice systemförvaltare, bob samordnare and carol ledamot of the public
LPO Barn och unga, dave with no role, erin ordförande of the non-public Styrgrupp
välfärdsteknik). Most kinds exist twice: once in the LPO (``lpo_*``), once in the styrgrupp
(``hidden_*``), so each URL can be tried on something public and on something that must not
leak.

* Registry: a seat, a membership, a nomination and a draft uppdragsbeskrivning (with a file)
  in each body; Per Persson holds both seats. The styrgrupp's seat is nominated by the LPO, so
  bob names its candidate without seeing the styrgrupp.
* Meetings of the LPO: ``published`` (minutes published, with an item, a decision, an action,
  attendance and an attachment), ``held`` (held, minutes not yet approved, with an action and an
  attachment) and ``planned`` (called, editable: an item, a decision, attendance). The
  styrgrupp has ``hidden_published`` and ``hidden_planned``.
* Minutes import: a document and a batch uploaded by bob.
* Guidance: the kunskapsstöd Schizofreni with two recommendations, a remiss round assigned in
  Dalarna to the LPO (the styrgrupp asked for synpunkter) and one of KOL assigned to the
  styrgrupp (the LPO asked), each with a section; an införande run by the LPO (two units) and
  one run by the styrgrupp, each with a draft handlingsplan and an indicator.
* Follow-up: a grant kept by the LPO (an allocation with spending) and one by the styrgrupp; a
  questionnaire of the LPO (a question, an open round, carol a recipient) and one of the
  styrgrupp; a live poll in the LPO's planned meeting and one in the styrgrupp's.
* Accounts: an API token of bob's.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import shutil
import tempfile
import zipfile
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from kunskapsnav.accounts.models import ApiToken, User
from kunskapsnav.accounts.tokens import create_api_token
from kunskapsnav.core.models import KunskapsstodType, ProgrammeArea
from kunskapsnav.followup import funds, polls, questionnaires
from kunskapsnav.followup.models import (
    Allocation,
    Grant,
    Poll,
    Question,
    Questionnaire,
    QuestionnaireRound,
    Recipient,
    Spending,
)
from kunskapsnav.guidance import implementation, remiss
from kunskapsnav.guidance.models import (
    Implementation,
    ImplementationUnit,
    Kunskapsstod,
    RemissAnswerSection,
    RemissAssignment,
    RemissContribution,
    RemissRound,
)
from kunskapsnav.meetings import ical
from kunskapsnav.meetings import services as meetings
from kunskapsnav.meetings.models import (
    ActionItem,
    AgendaItem,
    Attachment,
    Attendance,
    Decision,
    Meeting,
)
from kunskapsnav.minutes.models import ImportBatch, ImportDocument
from kunskapsnav.registry import services as registry
from kunskapsnav.registry.models import (
    CommissionVersion,
    Membership,
    Nomination,
    Organisation,
    Person,
    Seat,
)
from tests.base import BaseTestCase, LoginClient

#: Who calls: ``anon`` is a visitor who is not logged in.
USERS = ("anon", "alice", "bob", "carol", "dave", "erin")

# Words that only some users may read, written into the world below. No page, download or API
# answer may show one of them to anyone else (``SECRETS``).
HIDDEN_BODY = "Styrgrupp välfärdsteknik"
HIDDEN_SEAT = "Styrgruppens plats"
DRAFT_DECISION = "att hemlighålla utkastet"
DRAFT_ACTION = "Radera utkastet före justeringen"
HIDDEN_DECISION = "att köpa larm i hemlighet"
HIDDEN_ACTION = "Förhandla om larmen i tysthet"
HIDDEN_GRANT = "Välfärdsteknik, dolda medel"
HIDDEN_QUESTIONNAIRE = "Styrgruppens interna enkät"
HIDDEN_POLL = "Ska vi köpa larmen?"
HIDDEN_IMPLEMENTATION = "Styrgruppens interna anteckning"

STYRGRUPP = frozenset({"alice", "erin"})
LPO_MEMBERS = frozenset({"alice", "bob", "carol"})
#: Each secret and who may read it: the unpublished minutes of the LPO are for its members;
#: everything of the non-public styrgrupp, its name too, is for erin (and alice, who sees all).
SECRETS: dict[str, frozenset[str]] = {
    HIDDEN_BODY: STYRGRUPP,
    HIDDEN_SEAT: STYRGRUPP,
    DRAFT_DECISION: LPO_MEMBERS,
    DRAFT_ACTION: LPO_MEMBERS,
    HIDDEN_DECISION: STYRGRUPP,
    HIDDEN_ACTION: STYRGRUPP,
    HIDDEN_GRANT: STYRGRUPP,
    HIDDEN_QUESTIONNAIRE: STYRGRUPP,
    HIDDEN_POLL: STYRGRUPP,
    HIDDEN_IMPLEMENTATION: STYRGRUPP,
}

#: Where bob, who may not see the styrgrupp, still reads its name (pattern or operation, user).
BODY_NAMED_TO_BOB = frozenset(
    {
        # By design: the remisser tie the two bodies together. The styrgrupp is asked for
        # synpunkter on the LPO's remiss, which bob coordinates (he answers for every
        # contribution), and the LPO is asked on the styrgrupp's remiss, which bob may therefore
        # read with its drafts.
        ("guidance:remiss_detail", "bob"),
        ("guidance:remiss_docx", "bob"),
        ("guidance:body_remiss_inbox", "bob"),
        ("guidance:contribution_submit", "bob"),
        ("get_remiss", "bob"),
    }
)


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def upload(name: str) -> SimpleUploadedFile:
    """A small text file (checked uploads accept plain text as it is)."""
    return SimpleUploadedFile(name, b"Bilagans text.", content_type="text/plain")


class SecurityTestCase(BaseTestCase):
    # Registry
    per: Person
    bob_person: Person
    erin_person: Person
    lpo_seat: Seat
    hidden_seat: Seat
    lpo_membership: Membership
    hidden_membership: Membership
    lpo_nomination: Nomination
    hidden_nomination: Nomination
    lpo_version: CommissionVersion
    hidden_version: CommissionVersion
    # Meetings
    published: Meeting
    held: Meeting
    planned: Meeting
    hidden_published: Meeting
    hidden_planned: Meeting
    planned_item: AgendaItem
    hidden_item: AgendaItem
    planned_decision: Decision
    hidden_decision: Decision
    planned_attendance: Attendance
    hidden_attendance: Attendance
    public_action: ActionItem
    draft_action: ActionItem
    hidden_action: ActionItem
    public_attachment: Attachment
    draft_attachment: Attachment
    hidden_attachment: Attachment
    # Minutes import
    document: ImportDocument
    batch: ImportBatch
    # Guidance
    stod: Kunskapsstod
    remiss_round: RemissRound
    assignment: RemissAssignment
    contribution: RemissContribution
    section: RemissAnswerSection
    hidden_assignment: RemissAssignment
    hidden_contribution: RemissContribution
    hidden_section: RemissAnswerSection
    lpo_implementation: Implementation
    hidden_implementation: Implementation
    unit: ImplementationUnit
    hidden_unit: ImplementationUnit
    # Follow-up
    grant: Grant
    hidden_grant: Grant
    allocation: Allocation
    hidden_allocation: Allocation
    spending: Spending
    hidden_spending: Spending
    questionnaire: Questionnaire
    hidden_questionnaire: Questionnaire
    question: Question
    hidden_question: Question
    questionnaire_round: QuestionnaireRound
    hidden_round: QuestionnaireRound
    recipient: Recipient
    hidden_recipient: Recipient
    poll: Poll
    hidden_poll: Poll
    # Accounts
    bob_token: ApiToken

    @classmethod
    def setUpClass(cls) -> None:
        # Uploaded files (attachments, the import, an uppdragsbeskrivning) go to a folder of the
        # class's own, removed afterwards.
        media = tempfile.mkdtemp(prefix="kn-security-")
        cls.addClassCleanup(shutil.rmtree, media, ignore_errors=True)
        media_root = override_settings(MEDIA_ROOT=media)
        media_root.enable()
        cls.addClassCleanup(media_root.disable)
        super().setUpClass()

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls._registry()
        cls._meetings()
        cls._minutes()
        cls._guidance()
        cls._followup()
        cls.bob_token, _raw = create_api_token(cls.bob, "Bobs skript", acting_user=cls.bob)

    @classmethod
    def _registry(cls) -> None:
        area = ProgrammeArea.objects.create(
            code="barn-och-ungdomars-halsa",
            kind=ProgrammeArea.Kind.NPO,
            name="Barn och ungdomars hälsa",
            full_name="Nationellt programområde barn och ungdomars hälsa",
        )
        cls.lpo.programme_area = area
        cls.lpo.save()
        organisation = registry.create_organisation(
            acting_user=None, name="Region Dalarna", kind=Organisation.Kind.REGION
        )
        cls.per = registry.create_person(
            acting_user=None, name="Per Persson", email="per@example.org", organisation=organisation
        )
        # Bob and erin as people, so they can be a meeting's secretary.
        cls.bob_person = Person.objects.create(name="Bob Berg", user=cls.bob)
        cls.erin_person = Person.objects.create(name="Erin Ek", user=cls.erin)
        cls.lpo_seat = registry.add_seat(
            cls.lpo, acting_user=None, title="Kommunrepresentant", quota=3, opened_on=days(-900)
        )
        cls.hidden_seat = registry.add_seat(
            cls.styrgrupp,
            acting_user=None,
            title=HIDDEN_SEAT,
            quota=2,
            opened_on=days(-900),
            nominating_body=cls.lpo,
        )
        cls.lpo_membership = registry.fill_seat(
            cls.lpo_seat, cls.per, acting_user=None, start_on=days(-800)
        )
        cls.hidden_membership = registry.fill_seat(
            cls.hidden_seat, cls.per, acting_user=None, start_on=days(-800)
        )
        cls.lpo_nomination = registry.request_nomination(cls.lpo_seat, acting_user=None)
        cls.hidden_nomination = registry.request_nomination(cls.hidden_seat, acting_user=None)
        cls.lpo_version = registry.add_commission_version(
            cls.lpo, acting_user=None, text="Uppdrag", attachment=upload("uppdrag.txt")
        )
        cls.hidden_version = registry.add_commission_version(
            cls.styrgrupp, acting_user=None, text="Uppdrag", attachment=upload("uppdrag.txt")
        )

    @classmethod
    def _meeting(cls, body: Any, date: dt.date, secretary: Person, **fields: Any) -> Meeting:
        return meetings.create_meeting(
            body,
            acting_user=None,
            date=date,
            start_time=dt.time(9),
            end_time=dt.time(12),
            place="Teams",
            secretary=secretary,
            **fields,
        )

    @classmethod
    def _minutes_of(
        cls, meeting: Meeting, approver: User, *, publish: bool, decision: str, action: str
    ) -> Meeting:
        item = meetings.add_item(meeting, acting_user=None, title="Handlingsplan", kind="beslut")
        meetings.add_decision(meeting, acting_user=None, item=item, text=decision)
        meetings.set_attendance(meeting, acting_user=None, name="Anna Andersson")
        meetings.add_action(meeting.body, acting_user=None, meeting=meeting, item=item, text=action)
        meetings.add_attachment(meeting, upload("bilaga.txt"), acting_user=None, item=item)
        meetings.mark_held(meeting, acting_user=None)
        if publish:
            meetings.approve_minutes(meeting, acting_user=approver)
            meetings.publish_minutes(meeting, acting_user=None)
        return meeting

    @classmethod
    def _meetings(cls) -> None:
        cls.published = cls._minutes_of(
            cls._meeting(cls.lpo, days(-60), cls.bob_person),
            cls.bob,
            publish=True,
            decision="att godkänna planen",
            action="Skicka planen till kommunerna",
        )
        cls.held = cls._minutes_of(
            cls._meeting(cls.lpo, days(-10), cls.bob_person, title="Arbetsmöte"),
            cls.bob,
            publish=False,
            decision=DRAFT_DECISION,
            action=DRAFT_ACTION,
        )
        cls.hidden_published = cls._minutes_of(
            cls._meeting(cls.styrgrupp, days(-30), cls.erin_person),
            cls.erin,
            publish=True,
            decision=HIDDEN_DECISION,
            action=HIDDEN_ACTION,
        )
        cls.planned = cls._meeting(cls.lpo, days(20), cls.bob_person, title="Vårmöte")
        cls.hidden_planned = cls._meeting(cls.styrgrupp, days(25), cls.erin_person)
        cls.public_action = ActionItem.objects.get(meeting=cls.published)
        cls.draft_action = ActionItem.objects.get(meeting=cls.held)
        cls.hidden_action = ActionItem.objects.get(meeting=cls.hidden_published)
        cls.public_attachment = Attachment.objects.get(meeting=cls.published)
        cls.draft_attachment = Attachment.objects.get(meeting=cls.held)
        cls.hidden_attachment = Attachment.objects.get(meeting=cls.hidden_published)
        parts = []
        for meeting in (cls.planned, cls.hidden_planned):
            item = meetings.add_item(meeting, acting_user=None, title="Läget", kind="beslut")
            decision = meetings.add_decision(meeting, acting_user=None, item=item, text="att gå")
            attendance = meetings.set_attendance(meeting, acting_user=None, name="Gäst Gästsson")
            meetings.call_meeting(meeting, acting_user=None)
            parts.append((item, decision, attendance))
        (
            (cls.planned_item, cls.planned_decision, cls.planned_attendance),
            (cls.hidden_item, cls.hidden_decision, cls.hidden_attendance),
        ) = parts

    @classmethod
    def _minutes(cls) -> None:
        cls.batch = ImportBatch.objects.create(created_by=cls.bob, body=cls.lpo)
        cls.document = ImportDocument.objects.create(
            batch=cls.batch,
            original_name="protokoll.txt",
            sha256="0" * 64,
            status=ImportDocument.Status.PARSED,
            text="Protokoll",
            parsed={},
            review={},
            body=cls.lpo,
            uploaded_by=cls.bob,
        )
        cls.document.file.save("protokoll.txt", ContentFile(b"Protokoll"))

    @classmethod
    def _guidance(cls) -> None:
        kind = KunskapsstodType.objects.create(code="vardforlopp", name="Vårdförlopp")
        cls.stod = Kunskapsstod.objects.create(code="schizofreni", name="Schizofreni", type=kind)
        kol = Kunskapsstod.objects.create(code="kol", name="KOL", type=kind)
        for number, text in (("1", "Utredning inom fastställd tid."), ("2", "En samordnad plan.")):
            implementation.add_recommendation(cls.stod, number=number, text=text, acting_user=None)
        cls.remiss_round = remiss.create_round(
            cls.stod, acting_user=None, opens=days(-10), closes=days(80)
        )
        cls.assignment = remiss.assign_round(
            cls.remiss_round, region=cls.dalarna, coordinating_body=cls.lpo, acting_user=None
        )
        (cls.contribution,) = remiss.request_contributions(
            cls.assignment, acting_user=None, bodies=[cls.styrgrupp], deadline=days(30)
        )
        cls.section = remiss.add_section(cls.assignment, acting_user=None, heading="Sammanfattning")
        # A remiss of the styrgrupp, which asks the LPO for synpunkter.
        kol_round = remiss.create_round(kol, acting_user=None, opens=days(-10), closes=days(80))
        cls.hidden_assignment = remiss.assign_round(
            kol_round, region=cls.dalarna, coordinating_body=cls.styrgrupp, acting_user=None
        )
        (cls.hidden_contribution,) = remiss.request_contributions(
            cls.hidden_assignment, acting_user=None, bodies=[cls.lpo], deadline=days(30)
        )
        cls.hidden_section = remiss.add_section(
            cls.hidden_assignment, acting_user=None, heading="Sammanfattning"
        )
        cls.lpo_implementation = implementation.start_implementation(
            cls.stod, cls.dalarna, responsible_body=cls.lpo, acting_user=None
        )
        cls.unit = implementation.add_unit(
            cls.lpo_implementation, acting_user=None, name="Psykiatrin, Region Dalarna"
        )
        implementation.add_unit(cls.lpo_implementation, acting_user=None, kommun=cls.falun)
        implementation.add_recommendation(kol, number="1", text="Spirometri.", acting_user=None)
        cls.hidden_implementation = implementation.start_implementation(
            kol,
            cls.dalarna,
            responsible_body=cls.styrgrupp,
            acting_user=None,
            note=HIDDEN_IMPLEMENTATION,
        )
        cls.hidden_unit = implementation.add_unit(
            cls.hidden_implementation, acting_user=None, name="Hemtjänsten"
        )
        for each in (cls.lpo_implementation, cls.hidden_implementation):
            implementation.create_action_plan(each, acting_user=None)
            implementation.add_indicator(
                each.kunskapsstod, acting_user=None, name="Andel uppföljda", unit="%"
            )

    @classmethod
    def _grant(cls, name: str, body: Any) -> tuple[Grant, Allocation, Spending]:
        grant = funds.create_grant(
            acting_user=None,
            name=name,
            year=days(0).year,
            amount=Decimal(2_000_000),
            period_start=days(-100),
            period_end=days(200),
            recipient_region=cls.dalarna,
            responsible_body=body,
        )
        allocation = funds.add_allocation(
            grant, acting_user=None, measure="Suicidprevention", amount=Decimal(1_000_000)
        )
        spending = funds.report_spending(
            allocation, acting_user=None, amount=Decimal(100_000), spent_on=days(-5)
        )
        return grant, allocation, spending

    @classmethod
    def _questionnaire(cls, body: Any, title: str, who: Person) -> tuple[Any, ...]:
        questionnaire = questionnaires.create_questionnaire(
            owner_body=body, title=title, acting_user=None
        )
        question = questionnaires.add_question(
            questionnaire, text="Hur går det?", kind=Question.Kind.SCALE, acting_user=None
        )
        round = questionnaires.create_round(questionnaire, deadline=days(30), acting_user=None)
        (recipient,), _skipped = questionnaires.add_recipients(
            round, questionnaires.recipients_from_people([who]), acting_user=None
        )
        questionnaires.send_round(round, acting_user=None)
        return questionnaire, question, round, recipient

    @classmethod
    def _followup(cls) -> None:
        cls.grant, cls.allocation, cls.spending = cls._grant("ÖK psykisk hälsa", cls.lpo)
        cls.hidden_grant, cls.hidden_allocation, cls.hidden_spending = cls._grant(
            HIDDEN_GRANT, cls.styrgrupp
        )
        carol = Person.objects.create(name="Carol Carlsson", user=cls.carol)
        (
            cls.questionnaire,
            cls.question,
            cls.questionnaire_round,
            cls.recipient,
        ) = cls._questionnaire(cls.lpo, "Läget i kommunerna", carol)
        (
            cls.hidden_questionnaire,
            cls.hidden_question,
            cls.hidden_round,
            cls.hidden_recipient,
        ) = cls._questionnaire(cls.styrgrupp, HIDDEN_QUESTIONNAIRE, cls.per)
        cls.poll = polls.start_poll(
            body=cls.lpo,
            meeting=cls.planned,
            question="Hur känns det?",
            kind=Poll.Kind.SCALE,
            acting_user=None,
        )
        cls.hidden_poll = polls.start_poll(
            body=cls.styrgrupp,
            meeting=cls.hidden_planned,
            question=HIDDEN_POLL,
            kind=Poll.Kind.SCALE,
            acting_user=None,
        )

    # --- Addresses that carry a secret --------------------------------------------------------

    def answer_token(self, recipient: Recipient) -> str:
        return questionnaires.answer_token(recipient)

    def feed_token(self, body: Any) -> str:
        return ical.feed_token("body", body.pk)


# --- Calling as each user ---------------------------------------------------------------------


class MatrixTestCase(SecurityTestCase):
    """The world above, a logged-in client for each named user, and the checks every matrix
    makes on an answer: that it leaks no secret and, when refused, changed nothing."""

    clients: dict[str, LoginClient]
    baseline: tuple[int, ...]

    def setUp(self) -> None:
        super().setUp()
        self.clients = {"anon": LoginClient()}
        for name in USERS[1:]:
            client = LoginClient()
            client.force_login(getattr(self, name))
            self.clients[name] = client
        self.baseline = fingerprint()

    def assert_unchanged(self, what: str) -> None:
        """Nothing was written: no row added to or removed from any table (a change to an
        audited row adds a history row, so changes are counted too)."""
        assert fingerprint() == self.baseline, f"{what} changed the database"

    def assert_no_secrets(
        self, user: str, text: str, what: str, allowed: Collection[str] = ()
    ) -> None:
        leaked = [
            secret
            for secret, readers in SECRETS.items()
            if user not in readers and secret not in allowed and secret in text
        ]
        assert not leaked, f"{what} shows {leaked}"

    def readable(self, response: Any) -> str:
        return readable_text(response)


#: Tables that a request may write to without changing anything the application keeps.
_UNTRACKED = ("django_session", "axes_")


def fingerprint() -> tuple[int, ...]:
    """The number of rows in every table of the application, in one query."""
    tables = [
        name for name in connection.introspection.table_names() if not name.startswith(_UNTRACKED)
    ]
    quote = connection.ops.quote_name
    # Table names from the database's own catalogue, quoted: nothing here comes from outside.
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(name)})" for name in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        row = cursor.fetchone()
    return tuple(row)


def readable_text(response: Any) -> str:
    """What a person could read in an answer: a page, a CSV or JSON text, or the XML inside a
    Word or Excel file (PDF is compressed; its text is the same as the page's)."""
    # Reading a stream closes the response the way the test client expects; a second close()
    # would send request_finished again and end PostgreSQL's test transaction.
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = [archive.read(n) for n in archive.namelist() if n.endswith(".xml")]
        return html.unescape(b" ".join(parts).decode("utf-8", "replace"))
    if content.startswith(b"%PDF"):
        return ""
    text = content.decode("utf-8", "replace")
    if response.get("Content-Type", "").startswith("application/json"):
        text = json.dumps(json.loads(text), ensure_ascii=False)
    return html.unescape(text)
