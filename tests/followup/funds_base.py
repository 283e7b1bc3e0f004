"""A stage for the funds tests: a grant kept by bob's public LPO, one of erin's hidden styrgrupp.

* ``self.grant``: "ÖK psykisk hälsa 2022", 18 mkr for 2022, distributed by LPO Barn och unga
  (bob is its samordnare, carol a ledamot), requisition by 2022-03-31 and report by 2023-03-01.
  Two allocations: "Suicidprevention" 5 mkr and "Barn och unga" 3 mkr; 1.2 mkr spent on the
  first.
* ``self.hidden``: a grant distributed by the non-public styrgrupp (erin is its ordförande).
* ``self.decision``: a decision of a meeting of the LPO; ``self.other_decision`` one of the
  styrgrupp's.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kunskapsnav.followup import funds
from kunskapsnav.followup.models import Allocation, Grant
from kunskapsnav.meetings.models import Decision, Meeting
from tests.base import BaseTestCase

D = dt.date
MKR = Decimal(1_000_000)


class FundsTestCase(BaseTestCase):
    grant: Grant
    hidden: Grant
    suicide: Allocation
    children: Allocation
    decision: Decision
    other_decision: Decision

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        meeting = Meeting.objects.create(body=cls.lpo, date=D(2022, 1, 28))
        cls.decision = Decision.objects.create(
            meeting=meeting,
            deciding_body=cls.lpo,
            text="att Region Dalarna får i uppdrag att rekvirera de länsgemensamma medlen.",
        )
        hidden_meeting = Meeting.objects.create(body=cls.styrgrupp, date=D(2022, 1, 20))
        cls.other_decision = Decision.objects.create(
            meeting=hidden_meeting, deciding_body=cls.styrgrupp, text="att föreslå fördelningen."
        )
        cls.grant = funds.create_grant(
            acting_user=cls.bob,
            name="ÖK psykisk hälsa 2022",
            year=2022,
            amount=18 * MKR,
            amount_is_approximate=True,
            period_start=D(2022, 1, 1),
            period_end=D(2022, 12, 31),
            recipient_region=cls.dalarna,
            responsible_body=cls.lpo,
            requisition_deadline=D(2022, 3, 31),
            reporting_deadline=D(2023, 3, 1),
            conditions="Ej förbrukade medel återbetalas till staten.",
        )
        cls.suicide = funds.add_allocation(
            cls.grant, acting_user=cls.bob, measure="Suicidprevention", amount=5 * MKR
        )
        cls.children = funds.add_allocation(
            cls.grant,
            acting_user=cls.bob,
            measure="Barn och unga",
            amount=3 * MKR,
            responsible_body=cls.lpo,
        )
        funds.report_spending(
            cls.suicide, acting_user=cls.bob, amount=Decimal("1200000"), spent_on=D(2022, 5, 1)
        )
        cls.hidden = funds.create_grant(
            acting_user=cls.alice,
            name="Välfärdsteknik 2022",
            year=2022,
            amount=2 * MKR,
            period_start=D(2022, 1, 1),
            period_end=D(2022, 12, 31),
            recipient_region=cls.dalarna,
            responsible_body=cls.styrgrupp,
        )
