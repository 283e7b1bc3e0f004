"""The demo's state grants, from seed 002 (Länschefsnätverket 2022-01-28, items 9–11).

Run after the registry demo and the demo minutes (``load_demo_minutes``), so that the decisions
of the meeting exist to link to; without them the grants are still created, unlinked, and a
later run links them. Idempotent: a grant or allocation that exists is left as it is. Invents
no figures:

* Item 9, ÖK psykisk hälsa 2021: "de länsgemensamma medlen för 2021, som uppgick till knappt
  18 mkr" (an approximate amount), "Sista datum för inrapportering är 1 mars", "huvuddelen
  [har] inte förbrukats", "Överskjutande medel ska emellertid återbetalas till staten". The
  styrgrupp decided to finance "kommunernas andelar i den gemensamma
  Tillnyktringsverksamheten (TN-platserna) för åren 2020 och 2021": an allocation whose
  amount the minutes do not give (0 kr, said so in its note). No spending is reported: the
  minutes give no sum.
* Items 10 and 11, ÖK psykisk hälsa 2022: "länsgemensamma medel om ca 18 mkr"; LCHNV
  decided "att Region Dalarna får i uppdrag att rekvirera de länsgemensamma medlen" (item 10,
  linked as the grant's decision) and to use them as the styrgrupp proposes in the PM
  "Användning av länsgemensamma medel ÖK psykisk hälsa 2022" (item 11, linked to the
  allocation, whose measures and amounts are in that appendix, not in the minutes). The
  reporting day 1 March 2023 follows the 2021 grant's and is marked as assumed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from kunskapsnav.core.models import Region
from kunskapsnav.followup import funds
from kunskapsnav.followup.models import Allocation, Grant
from kunskapsnav.meetings.models import Decision
from kunskapsnav.registry.models import Body, Organisation

DALARNA = "20"
LCHNV = "Länsnätverket för förvaltningschefer"
LCHNV_STYRGRUPP = "Styrgruppen för Länschefsnätverket"
REGION_DALARNA = "Region Dalarna"
MEETING = dt.date(2022, 1, 28)
SOURCE = (
    "Överenskommelse mellan staten och Sveriges Kommuner och Regioner (SKR) om insatser inom "
    "området psykisk hälsa och suicidprevention"
)
OK_2021 = "ÖK psykisk hälsa 2021"
OK_2022 = "ÖK psykisk hälsa 2022"
TN_PLATSER = "Kommunernas andelar i Tillnyktringsverksamheten (TN-platserna) 2020 och 2021"
PM_2022 = (
    "Insatser enligt Styrgruppens förslag "
    "(PM ”Användning av länsgemensamma medel ÖK psykisk hälsa 2022”)"
)


@dataclass
class DemoFundsReport:
    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    linked: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return (
            [f"Statsbidrag skapat: {line}" for line in self.created]
            + [f"Statsbidrag fanns redan: {line}" for line in self.existing]
            + [f"Beslut kopplat: {line}" for line in self.linked]
            + [f"Statsbidrag hoppades över: {line}" for line in self.skipped]
        )


def _decision(body: Body, *words: str) -> Decision | None:
    rows = Decision.objects.filter(meeting__body=body, meeting__date=MEETING)
    for word in words:
        rows = rows.filter(text__icontains=word)
    return rows.order_by("pk").first()


def _grant(report: DemoFundsReport, fields: dict[str, Any]) -> Grant:
    grant = Grant.objects.filter(
        name=fields["name"], recipient_region=fields["recipient_region"]
    ).first()
    if grant is None:
        grant = funds.create_grant(acting_user=None, **fields)
        report.created.append(grant.name)
    else:
        report.existing.append(grant.name)
        decision = fields.get("decision")
        if grant.decision_id is None and isinstance(decision, Decision):
            funds.update_grant(grant, acting_user=None, decision=decision)
            report.linked.append(f"{grant.name}: {decision.text[:60]}")
    return grant


def _allocation(report: DemoFundsReport, grant: Grant, fields: dict[str, Any]) -> Allocation:
    allocation = Allocation.objects.filter(grant=grant, measure=fields["measure"]).first()
    if allocation is None:
        return funds.add_allocation(grant, acting_user=None, **fields)
    decision = fields.get("decision")
    if allocation.decision_id is None and isinstance(decision, Decision):
        allocation.grant = grant
        funds.update_allocation(allocation, acting_user=None, decision=decision)
        report.linked.append(f"{grant.name}, {allocation.measure[:40]}: {decision.text[:60]}")
    return allocation


@transaction.atomic
def load_demo_funds() -> DemoFundsReport:
    report = DemoFundsReport()
    region = Region.objects.filter(code=DALARNA).first()
    lchnv = Body.objects.filter(name=LCHNV, region=region).order_by("pk").first()
    if region is None or lchnv is None:
        report.skipped.append(f"{OK_2021}, {OK_2022}: Region Dalarna eller {LCHNV} saknas")
        return report
    styrgrupp = Body.objects.filter(name=LCHNV_STYRGRUPP, region=region).order_by("pk").first()
    region_org = Organisation.objects.filter(name=REGION_DALARNA).order_by("pk").first()

    grant_2021 = _grant(
        report,
        {
            "name": OK_2021,
            "source": SOURCE + " 2021 (grundöverenskommelsen 2021–2022).",
            "year": 2021,
            "amount": Decimal(18_000_000),
            "amount_is_approximate": True,
            "period_start": dt.date(2021, 1, 1),
            "period_end": dt.date(2021, 12, 31),
            "recipient_region": region,
            "recipient_organisation": None,
            "responsible_body": lchnv,
            "reporting_deadline": dt.date(2022, 3, 1),
            "conditions": (
                "Länsgemensamma medel för kommunerna och regionen. Insatser och användning av "
                "medlen rapporteras in senast 1 mars 2022. Överskjutande medel ska återbetalas "
                "till staten."
            ),
            "note": (
                "Länschefsnätverket 2022-01-28, punkt 9: medlen ”uppgick till knappt 18 mkr” "
                "(beloppet här är avrundat uppåt). Huvuddelen hade inte förbrukats, då flertalet "
                "insatser kom igång först sent på året; pandemin bidrog. Styrgruppen för "
                "Länschefsnätverket beslutade att finansiera ytterligare insatser för att "
                "behålla så mycket som möjligt av medlen i länet. Protokollet anger inga belopp "
                "för det som har förbrukats."
            ),
        },
    )
    _allocation(
        report,
        grant_2021,
        {
            "measure": TN_PLATSER,
            "description": (
                "Finansiering av kommunernas andelar i den gemensamma "
                "Tillnyktringsverksamheten för åren 2020 och 2021."
            ),
            "responsible_body": styrgrupp,
            "amount": Decimal(0),
            "note": "Beslutat av Styrgruppen för Länschefsnätverket. Beloppet står inte i "
            "minnesanteckningarna – fyll i det när det är känt.",
        },
    )

    rekvirera = _decision(lchnv, "rekvirera")
    anvandning = _decision(lchnv, "ÖK psykisk hälsa 2022", "Styrgrupp")
    if rekvirera is None or anvandning is None:
        report.skipped.append(
            f"{OK_2022}: besluten från {MEETING.isoformat()} finns inte (kör demoprotokollen "
            "först); bidraget skapas utan koppling"
        )
    grant_2022 = _grant(
        report,
        {
            "name": OK_2022,
            "source": SOURCE + ": tilläggsöverenskommelse 2022 till grundöverenskommelsen "
            "2021–2022.",
            "year": 2022,
            "amount": Decimal(18_000_000),
            "amount_is_approximate": True,
            "period_start": dt.date(2022, 1, 1),
            "period_end": dt.date(2022, 12, 31),
            "recipient_region": region,
            "recipient_organisation": region_org,
            "responsible_body": lchnv,
            "reporting_deadline": dt.date(2023, 3, 1),
            "decision": rekvirera,
            "conditions": (
                "Kommunerna och regionen tilldelas länsgemensamma medel om ca 18 mkr. Medlen "
                "betalas ut till den aktör som regionen och länets kommuner anger som mottagare; "
                "Region Dalarna har fått i uppdrag att rekvirera dem. Inriktningen är oförändrad "
                "jämfört med tidigare års överenskommelser."
            ),
            "note": (
                "Länschefsnätverket 2022-01-28, punkterna 10 och 11. Sista dag för rekvirering "
                "anges inte i protokollet. Redovisningsdagen 1 mars 2023 är antagen efter "
                "samma ordning som för 2021; den står inte i protokollet."
            ),
        },
    )
    _allocation(
        report,
        grant_2022,
        {
            "measure": PM_2022,
            "description": "Länschefsnätverket beslutade i enlighet med Styrgruppens förslag.",
            "responsible_body": styrgrupp,
            "amount": Decimal(0),
            "decision": anvandning,
            "note": "Insatserna och beloppen står i bilagan (PM), inte i minnesanteckningarna "
            "– fyll i beloppen när bilagan finns.",
        },
    )
    return report
