"""A meeting like seed 002 for the export, calendar and reminder tests, and meetings for the
permission matrix.

* Länschefsnätverket (LCHNV, public) met on 28 January 2022: Tomas Ahlin and Ulrika Gärdsback
  present, Camilla Sömsk for part of the meeting, Helene Kastemyr absent, Ewa Welén presenting.
  Its minnesanteckningar have an approved agenda, a strategy decided, a report with an action
  for Tanja, a struck item, an item added after the meeting and "Det beslutades att …". An
  action from the meeting of 17 December 2021 is still open, so it is followed up.
  Tanja (bob's person) is secretary and approved the minutes; they are published.
* Its next meeting, 11 March 2022, is kallat with two items.
* LPO Barn och unga has a published meeting and one held with draft minutes; the non-public
  Styrgrupp välfärdsteknik has a published meeting (erin is its secretary).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import override_settings

from kunskapsnav.accounts.models import User
from kunskapsnav.meetings import services
from kunskapsnav.meetings.models import ActionItem, AgendaItem, Attendance, Meeting
from kunskapsnav.registry import services as registry
from kunskapsnav.registry.models import Body, Organisation, Person
from tests.base import BaseTestCase

D = dt.date
T = dt.time


def meeting(body: Body, date: dt.date, **fields: Any) -> Meeting:
    fields.setdefault("start_time", T(9))
    fields.setdefault("end_time", T(12))
    fields.setdefault("place", "Teams")
    return services.create_meeting(body, acting_user=None, date=date, **fields)


def item(on: Meeting, title: str, **fields: Any) -> AgendaItem:
    return services.add_item(on, acting_user=None, title=title, **fields)


def decide(on: Meeting, under: AgendaItem | None, text: str) -> None:
    services.add_decision(on, acting_user=None, item=under, text=text)


def publish(on: Meeting, approver: User) -> Meeting:
    """Held, approved by ``approver`` (the secretary's user) and published."""
    services.mark_held(on, acting_user=None)
    services.approve_minutes(on, acting_user=approver)
    return services.publish_minutes(on, acting_user=None)


@override_settings(ROOT_URLCONF="tests.meetings.urls")
class ExportTestCase(BaseTestCase):
    lchnv: Body
    region_org: Organisation
    tanja: Person
    tomas: Person
    ulrika: Person
    camilla: Person
    helene: Person
    ewa: Person
    erin_person: Person
    previous: Meeting
    minutes: Meeting
    next_meeting: Meeting
    old_action: ActionItem
    report_action: ActionItem
    struck_item: AgendaItem
    lpo_published: Meeting
    lpo_draft: Meeting
    styrgrupp_published: Meeting

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.region_org = registry.create_organisation(
            acting_user=None, name="Region Dalarna", kind=Organisation.Kind.REGION
        )
        cls.lchnv = registry.create_body(
            acting_user=None,
            name="Länschefsnätverket",
            short_name="LCHNV",
            kind=Body.Kind.NATVERK,
            level=Body.Level.LANSGEMENSAM,
            region=cls.dalarna,
        )

        def person(name: str, **fields: Any) -> Person:
            return registry.create_person(acting_user=None, name=name, **fields)

        cls.tanja = person(
            "Tanja Mårtensson",
            title="Chef Hälsa och välfärd",
            email="tanja@example.org",
            organisation=cls.region_org,
            user=cls.bob,
        )
        cls.tomas = person("Tomas Ahlin", title="Socialchef", email="tomas@example.org")
        cls.ulrika = person("Ulrika Gärdsback", title="Socialchef", email="ulrika@example.org")
        cls.camilla = person("Camilla Sömsk", email="camilla@example.org")
        cls.helene = person("Helene Kastemyr", title="Divisionschef Primärvård")
        cls.ewa = person(
            "Ewa Welén",
            title="Processledare Styrgrupp God och nära vård",
            organisation=cls.region_org,
        )
        cls.erin_person = person("Erin Ek", email="erin@example.org", user=cls.erin)
        for member in (cls.tanja, cls.tomas, cls.ulrika, cls.camilla, cls.helene):
            registry.appoint(cls.lchnv, member, acting_user=None, start_on=D(2021, 1, 1))

        # The meeting before, with an action still open when LCHNV met in January.
        cls.previous = meeting(cls.lchnv, D(2021, 12, 17))
        cls.old_action = services.add_action(
            cls.lchnv,
            acting_user=None,
            meeting=cls.previous,
            text="Ta fram förslag på kontaktperson för FVIS LINK",
            responsible_people=[cls.tanja],
            due_date=D(2022, 1, 20),
        )
        services.mark_held(cls.previous, acting_user=None)

        cls.minutes = meeting(
            cls.lchnv,
            D(2022, 1, 28),
            diary_number="RD22/00384",
            secretary=cls.tanja,
            chair=cls.ulrika,
            next_meeting_note="11 mars 2022 kl. 9.00–12.00, Teams",
        )
        cls._write_minutes()
        publish(cls.minutes, cls.bob)

        cls.next_meeting = meeting(cls.lchnv, D(2022, 3, 11), secretary=cls.tanja)
        item(cls.next_meeting, "Mötets öppnande")
        item(
            cls.next_meeting,
            "Regional samverkansöverenskommelse om Kvinnofrid",
            kind=AgendaItem.Kind.BESLUT,
            presenters=[cls.tanja],
        )
        services.call_meeting(cls.next_meeting, acting_user=None)

        cls.lpo_published = meeting(cls.lpo, D(2022, 2, 1), secretary=cls.tanja)
        item(cls.lpo_published, "Mötets öppnande")
        publish(cls.lpo_published, cls.bob)
        cls.lpo_draft = meeting(cls.lpo, D(2022, 2, 15), secretary=cls.tanja)
        item(cls.lpo_draft, "Mötets öppnande")
        services.mark_held(cls.lpo_draft, acting_user=None)
        cls.styrgrupp_published = meeting(cls.styrgrupp, D(2022, 2, 2), secretary=cls.erin_person)
        item(cls.styrgrupp_published, "Mötets öppnande")
        publish(cls.styrgrupp_published, cls.erin)

    @classmethod
    def _write_minutes(cls) -> None:
        on = cls.minutes
        for who, status in (
            (cls.tomas, Attendance.Status.NARVARANDE),
            (cls.ulrika, Attendance.Status.NARVARANDE),
            (cls.camilla, Attendance.Status.DEL_AV_MOTET),
            (cls.tanja, Attendance.Status.NARVARANDE),
            (cls.helene, Attendance.Status.FRANVARANDE),
            (cls.ewa, Attendance.Status.FOREDRAGANDE),
        ):
            services.set_attendance(on, acting_user=None, person=who, status=status)
        item(on, "Mötets öppnande")
        agenda = item(on, "Godkännande av dagordning")
        decide(on, agenda, "att godkänna dagordningen.")
        strategy = item(
            on,
            "Länsgemensam strategi med målbild och färdplan för God och Nära vård i Dalarna "
            "2022-2030",
            kind=AgendaItem.Kind.BESLUT,
            presenters=[cls.ewa],
            presenter_text="Susanne Magnusson, chef för Medicinkliniken, Region Dalarna",
            text=(
                "En länsgemensam strategi är framtagen i bred samverkan mellan Region Dalarna "
                "och Dalarnas 15 kommuner.\n\nStrategins giltighetstid löper 2022-07-01 till och "
                "med 2030-01-01."
            ),
        )
        decide(
            on,
            strategy,
            "att godkänna Länsgemensam strategi med målbild och färdplan för God och Nära vård "
            "i Dalarna 2022-2030.",
        )
        decide(
            on, strategy, "att uppdra åt Tanja Mårtensson att skicka strategin till Välfärdsrådet."
        )
        report = item(
            on,
            "Reviderat uppdragsdirektiv till LPO PV om arbetsgrupp SUS",
            kind=AgendaItem.Kind.RAPPORT,
            presenters=[cls.helene],
            text="Helén Kastemyr föredrog ärendet och inga frågor uppkom.",
        )
        decide(on, report, "att lägga informationen till handlingarna.")
        cls.report_action = services.add_action(
            cls.lchnv,
            acting_user=None,
            meeting=on,
            item=report,
            text="Skicka ut det reviderade uppdragsdirektivet",
            responsible_people=[cls.tanja],
            due_date=D(2022, 2, 28),
        )
        cls.struck_item = item(
            on,
            "Uppdrag till LPO RHF Samverkan kring syn- & hörselinstruktörer",
            kind=AgendaItem.Kind.RAPPORT,
        )
        services.strike_item(cls.struck_item, acting_user=None)
        other = item(on, "Övriga frågor")
        decide(on, other, "Det beslutades att förlägga mötet den 9 juni till den 1 juni kl. 13-16.")
        item(
            on,
            "Riktlinje för screening av covid-19",
            text="Riktlinjen bifogas minnesanteckningarna som bilaga 11.",
            added_after_meeting=True,
        )
