"""The demo's remisser in Region Dalarna, from the seeds; run after the registry demo and the
catalogue (``load_catalogue``). Idempotent: what exists is left as it is. Invents no people.

* Seed 000: "Vårdförlopp Traumatisk hjärnskada är under utveckling, remiss under 2021 – LPO
  ansvarig för remisshantering" (under LPO Barn och Unga); seed 003 (2022): "Vårdförlopp TBI
  kommer ut på öppen remiss 15/9". The round opens 2022-09-15 and closes by the national
  calendar (15 september – 14 november). LPO Barn och Unga coordinates the remissvar and asks
  LPO Rehabilitering, habilitering och försäkringsmedicin and Socialchefsnätverket for
  synpunkter (the vårdförlopp is also owned by NPO rehabilitering; kommunerna take part
  through Socialchefsnätverket).
* Seed 000: "Vårdförlopp rehabilitering under utveckling - LPO / LAG ansvarig för
  remisshantering" (LPO RHF), and "LAG kognitiv svikt/demens planeras, ansvarig för
  remisshantering av vårdförlopp". Each is assigned only if the reference data records a
  remiss round for that kunskapsstöd (kognitiv svikt: 2020-09-16 – 2020-11-27; the generic
  model for rehabilitering has none, so it is reported as skipped).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from kunskapsnav.core.models import Region
from kunskapsnav.guidance import remiss
from kunskapsnav.guidance.models import Kunskapsstod, RemissAssignment, RemissRound
from kunskapsnav.registry.models import Body

DALARNA = "20"
TBI = "traumatisk-hjarnskada"
TBI_REMISS_OPENS = dt.date(2022, 9, 15)  # seed 003: "kommer ut på öppen remiss 15/9"
REHABILITERING = "rehabilitering-generisk-modell"
KOGNITIV_SVIKT = "kognitiv-svikt"

LPO_BARN = "LPO Barn och Unga"
LPO_RHF = "LPO Rehabilitering, habilitering och försäkringsmedicin"
SCHNV = "Socialchefsnätverket"
LAG_KOGNITIV_SVIKT = "LAG kognitiv svikt/demens"


@dataclass
class DemoRemissReport:
    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return (
            [f"Remiss skapad: {line}" for line in self.created]
            + [f"Remiss fanns redan: {line}" for line in self.existing]
            + [f"Remiss hoppades över: {line}" for line in self.skipped]
        )


def _body(name: str, region: Region) -> Body | None:
    return Body.objects.filter(name=name, region=region).order_by("pk").first()


def _assign(
    report: DemoRemissReport,
    round: RemissRound,
    region: Region,
    body_name: str,
    contributors: tuple[str, ...] = (),
) -> RemissAssignment | None:
    label = f"{round.kunskapsstod.name} ({round.opens.isoformat()}) → {body_name}"
    body = _body(body_name, region)
    if body is None:
        report.skipped.append(f"{label}: organet finns inte (kör registrets demo först)")
        return None
    assignment = RemissAssignment.objects.filter(round=round, region=region).first()
    if assignment is None:
        assignment = remiss.assign_round(
            round, region=region, coordinating_body=body, acting_user=None
        )
        report.created.append(label)
    else:
        report.existing.append(label)
    bodies = [b for b in (_body(name, region) for name in contributors) if b is not None]
    asked = {c.body_id for c in assignment.contributions.all()}
    wanted = [b for b in bodies if b.pk not in asked]
    if wanted and assignment.status in remiss.OPEN_STATUSES:
        remiss.request_contributions(assignment, acting_user=None, bodies=wanted)
    return assignment


@transaction.atomic
def load_demo_remiss() -> DemoRemissReport:
    report = DemoRemissReport()
    region = Region.objects.filter(code=DALARNA).first()
    if region is None:
        report.skipped.append("Region Dalarna finns inte (kör load_reference först)")
        return report
    stod = {
        k.code: k
        for k in Kunskapsstod.objects.filter(code__in=[TBI, REHABILITERING, KOGNITIV_SVIKT])
    }

    tbi = stod.get(TBI)
    if tbi is None:
        report.skipped.append(f"{TBI}: finns inte i katalogen (kör load_catalogue först)")
    else:
        round = tbi.remiss_rounds.filter(opens=TBI_REMISS_OPENS).first()
        if round is None:
            round = remiss.create_round(
                tbi,
                acting_user=None,
                opens=TBI_REMISS_OPENS,
                note="Seed 003: Vårdförlopp TBI kommer ut på öppen remiss 15/9.",
            )
        _assign(report, round, region, LPO_BARN, contributors=(LPO_RHF, SCHNV))

    for code, body_name in ((REHABILITERING, LPO_RHF), (KOGNITIV_SVIKT, LAG_KOGNITIV_SVIKT)):
        found = stod.get(code)
        if found is None:
            report.skipped.append(f"{code}: finns inte i katalogen")
            continue
        latest = found.remiss_rounds.order_by("-opens").first()
        if latest is None:
            report.skipped.append(
                f"{found.name} → {body_name}: referensdata har ingen remissomgång"
            )
            continue
        _assign(report, latest, region, body_name)
    return report
