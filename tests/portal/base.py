"""Shared data for portal tests: a public LPO with meetings in every state, a non-public
styrgrupp with published minutes, and the words that must never reach the public."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kunskapsnav.accounts.models import User
from kunskapsnav.meetings import services
from kunskapsnav.meetings.models import Meeting
from kunskapsnav.registry.models import Body, Membership, Organisation, Person, Seat
from tests.base import BaseTestCase
from tests.meetings.factories import item, meeting

SECRET_DECISION = "att hemlighålla utkastet"
SECRET_ITEM = "Utkast som inte är justerat"
STYRGRUPP_DECISION = "att köpa larm i hemlighet"
PUBLIC_DECISION = "att godkänna handlingsplanen"


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def published(
    body: Body, date: dt.date, approver: User, decision: str, **fields: object
) -> Meeting:
    """A meeting of ``body`` held, approved by ``approver`` (its secretary) and published."""
    secretary = Person.objects.get(user=approver)
    m = meeting(body, date, secretary=secretary, **fields)
    point = item(m, "Handlingsplan", kind="beslut")
    services.add_decision(m, acting_user=None, item=point, text=decision)
    services.set_attendance(m, acting_user=None, name="Anna Andersson", organisation="Falu kommun")
    services.mark_held(m, acting_user=None)
    services.approve_minutes(m, acting_user=approver)
    return services.publish_minutes(m, acting_user=None)


class PortalTestCase(BaseTestCase):
    public_meeting: Meeting
    draft: Meeting
    upcoming: Meeting
    cancelled: Meeting
    styrgrupp_meeting: Meeting

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        Person.objects.create(name="Bob Berg", user=cls.bob)
        Person.objects.create(name="Erin Ek", user=cls.erin)
        falun = Organisation.objects.create(name="Falu kommun", kind=Organisation.Kind.KOMMUN)
        seat = Seat.objects.create(body=cls.lpo, title="Kommunrepresentant", quota=2)
        Membership.objects.create(
            body=cls.lpo,
            seat=seat,
            person=Person.objects.create(name="Karin Kommunsson", title="Socialchef"),
            role=Membership.Role.ORDFORANDE,
            representing=falun,
        )
        cls.public_meeting = published(cls.lpo, days(-30), cls.bob, PUBLIC_DECISION)
        cls.draft = meeting(cls.lpo, days(-10), title="Arbetsmöte")
        services.add_decision(
            cls.draft, acting_user=None, item=item(cls.draft, SECRET_ITEM), text=SECRET_DECISION
        )
        services.mark_held(cls.draft, acting_user=None)
        cls.upcoming = meeting(
            cls.lpo, days(20), title="Vårmöte", place="", online_link="https://teams.example/x"
        )
        item(cls.upcoming, "Hemlig punkt på kommande möte")
        services.call_meeting(cls.upcoming, acting_user=None)
        cls.cancelled = meeting(cls.lpo, days(40), title="Inställt höstmöte")
        services.cancel_meeting(cls.cancelled, acting_user=None, reason="Ingen lokal")
        cls.styrgrupp_meeting = published(cls.styrgrupp, days(-20), cls.erin, STYRGRUPP_DECISION)
