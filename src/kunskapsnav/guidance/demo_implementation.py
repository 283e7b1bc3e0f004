"""Demo införanden in Region Dalarna, as seed 000 (autumn 2020) describes them.

* "Vårdförlopp schizofreni är i fas för gapanalys, planering pågår – ansvariga Ulf och Tanja"
  (under LPO Psykisk Hälsa): a gap analysis with a region unit and a kommun, some assessments
  and findings, and a draft handlingsplan with one action.
* "LAG kognitiv svikt/demens planeras, ansvarig för remisshantering av vårdförlopp": decided.
* "Primärvården engageras i gapanalyser och införande av vårdförlopp inom primärvården, t.ex.
  KOL, höftledsartros" (LPO Primärvård): gap analyses with a primärvård unit.
* "LAG rehabilitering inrättas i samband med införandet av vårdförloppet, rehabilitering":
  not started yet (the vårdförlopp was under utveckling).

The recommendations written here are neutral, generic steps of a vårdförlopp, made up for the
demo: they are not quoted from the national text, and their note says so. No people are
invented; the seed's "Ulf och Tanja" are named as the seed writes them.

Run after the registry demo and the catalogue loader; a missing kunskapsstöd or body is
skipped with a note. Running it again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from kunskapsnav.core.models import Kommun, Region
from kunskapsnav.guidance import implementation as services
from kunskapsnav.guidance.models import (
    Finding,
    GapAssessment,
    Implementation,
    ImplementationUnit,
    Kunskapsstod,
)
from kunskapsnav.registry.models import Body, Organisation

DALARNA = "20"
FALUN = "2080"
LPO_PSYKISK = "LPO Psykisk Hälsa"
LAG_KOGNITIV = "LAG kognitiv svikt/demens"
LPO_PV = "LPO Primärvård"
LPO_RHF = "LPO Rehabilitering, habilitering och försäkringsmedicin"

DEMO_NOTE = (
    "Rekommendationerna i demodata är påhittade exempel på steg i ett vårdförlopp, "
    "inte citat ur det nationella kunskapsstödet."
)

#: Generic steps of a vårdförlopp (demo examples, not the national text).
SCHIZOFRENI_STEPS = (
    ("1", "Utredning påbörjas inom fastställd tid efter remiss eller första kontakt."),
    ("2", "En samordnad plan upprättas tillsammans med patienten och, om hen vill, närstående."),
    ("3", "Behandlingen följs upp regelbundet enligt en strukturerad plan."),
    ("4", "Stöd i boende och sysselsättning erbjuds i samverkan med kommunen."),
    ("5", "Somatisk hälsa och levnadsvanor följs upp minst en gång per år."),
)
PRIMARVARD_STEPS = (
    ("1", "Utredning och diagnos görs i primärvården inom fastställd tid."),
    ("2", "Patienten erbjuds information och stöd till egenvård."),
    ("3", "Uppföljning sker enligt en plan som patienten känner till."),
)

PSYKIATRI_UNIT = "Psykiatrin, Region Dalarna"
PRIMARVARD_UNIT = "Primärvården, Region Dalarna"


@dataclass
class ImplementationDemoReport:
    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = [f"införanden: {len(self.created)} nya, {len(self.existing)} fanns redan"]
        lines.extend(f"hoppade över: {note}" for note in self.skipped)
        return lines


class _Loader:
    def __init__(self, report: ImplementationDemoReport) -> None:
        self.report = report
        self.region = Region.objects.filter(code=DALARNA).first()

    def _stod(self, code: str) -> Kunskapsstod | None:
        stod = Kunskapsstod.objects.filter(code=code).first()
        if stod is None:
            self.report.skipped.append(f"kunskapsstödet {code} finns inte i katalogen")
        return stod

    def _body(self, name: str) -> Body | None:
        body = Body.objects.filter(name=name, region=self.region).first()
        if body is None:
            self.report.skipped.append(f"organet {name} finns inte")
        return body

    def _start(self, code: str, body_name: str, status: str, note: str) -> Implementation | None:
        assert self.region is not None
        stod, body = self._stod(code), self._body(body_name)
        if stod is None or body is None:
            return None
        existing = Implementation.objects.filter(kunskapsstod=stod, region=self.region).first()
        if existing is not None:
            self.report.existing.append(str(existing))
            return None
        implementation = services.start_implementation(
            stod,
            self.region,
            responsible_body=body,
            acting_user=None,
            status=Implementation.Status.EJ_PABORJAD
            if status == Implementation.Status.EJ_PABORJAD
            else Implementation.Status.BESLUT,
            note=note,
        )
        if status not in (Implementation.Status.EJ_PABORJAD, Implementation.Status.BESLUT):
            services.change_status(implementation, status, acting_user=None)
        self.report.created.append(str(implementation))
        return implementation

    def _recommendations(self, stod: Kunskapsstod, steps: tuple[tuple[str, str], ...]) -> None:
        if stod.recommendations.exists():
            return
        for number, text in steps:
            services.add_recommendation(stod, number=number, text=text, acting_user=None)

    def _region_unit(self, implementation: Implementation, name: str) -> ImplementationUnit:
        return services.add_unit(
            implementation,
            acting_user=None,
            name=name,
            huvudman=ImplementationUnit.Huvudman.REGION,
            organisation=Organisation.objects.filter(region=self.region).first(),
        )

    def schizofreni(self) -> None:
        implementation = self._start(
            "schizofreni",
            LPO_PSYKISK,
            Implementation.Status.GAPANALYS,
            "Seed 000: ”Vårdförlopp schizofreni är i fas för gapanalys, planering pågår – "
            "ansvariga Ulf och Tanja.” " + DEMO_NOTE,
        )
        if implementation is None:
            return
        stod = implementation.kunskapsstod
        self._recommendations(stod, SCHIZOFRENI_STEPS)
        psykiatri = self._region_unit(implementation, PSYKIATRI_UNIT)
        units = [psykiatri]
        falun = Kommun.objects.filter(code=FALUN).first()
        if falun is None:
            self.report.skipped.append(f"kommunen {FALUN} finns inte i referensdata")
        else:
            units.append(services.add_unit(implementation, acting_user=None, kommun=falun))
        steps = list(stod.recommendations.order_by("order", "id"))
        state = GapAssessment.State
        wanted = {
            (PSYKIATRI_UNIT, 0): (state.UPPFYLLT, ""),
            (PSYKIATRI_UNIT, 1): (state.DELVIS, "Planen upprättas, men inte alltid tillsammans."),
            (PSYKIATRI_UNIT, 2): (state.UPPFYLLT, ""),
            (PSYKIATRI_UNIT, 4): (state.EJ_UPPFYLLT, "Ingen rutin för årlig uppföljning."),
            (falun.name if falun else "", 0): (state.EJ_TILLAMPLIGT, ""),
            (falun.name if falun else "", 3): (
                state.DELVIS,
                "Stöd i boende finns, sysselsättning saknas.",
            ),
        }
        for unit in units:
            for index, recommendation in enumerate(steps):
                found = wanted.get((unit.name, index))
                if found:
                    services.set_assessment(
                        unit, recommendation, acting_user=None, state=found[0], comment=found[1]
                    )
        competence = services.add_finding(
            implementation,
            acting_user=None,
            dimension=Finding.Dimension.KOMPETENS,
            text="Behov av utbildning i strukturerad uppföljning av somatisk hälsa (demoexempel).",
            unit=psykiatri,
            recommendation=steps[4] if len(steps) > 4 else None,
        )
        services.add_finding(
            implementation,
            acting_user=None,
            dimension=Finding.Dimension.ARBETSSATT,
            text="Rutin för samordnad plan mellan region och kommun saknas (demoexempel).",
        )
        plan = services.create_action_plan(implementation, acting_user=None)
        services.add_plan_action(
            plan,
            acting_user=None,
            text="Ta fram en rutin för årlig uppföljning av somatisk hälsa (demoexempel).",
            finding=competence,
            responsible_text="Ulf och Tanja",
        )

    def kognitiv_svikt(self) -> None:
        self._start(
            "kognitiv-svikt",
            LAG_KOGNITIV,
            Implementation.Status.BESLUT,
            "Seed 000: ”LAG kognitiv svikt/demens planeras, ansvarig för remisshantering av "
            "vårdförlopp”.",
        )

    def primarvard(self, code: str) -> None:
        implementation = self._start(
            code,
            LPO_PV,
            Implementation.Status.GAPANALYS,
            "Seed 000: ”Primärvården engageras i gapanalyser och införande av vårdförlopp inom "
            "primärvården, t.ex. KOL, höftledsartros”. " + DEMO_NOTE,
        )
        if implementation is None:
            return
        self._recommendations(implementation.kunskapsstod, PRIMARVARD_STEPS)
        self._region_unit(implementation, PRIMARVARD_UNIT)

    def rehabilitering(self) -> None:
        self._start(
            "rehabilitering-generisk-modell",
            LPO_RHF,
            Implementation.Status.EJ_PABORJAD,
            "Seed 000: ”LAG rehabilitering inrättas i samband med införandet av vårdförloppet, "
            "rehabilitering”; vårdförloppet var då under utveckling.",
        )

    def run(self) -> None:
        if self.region is None:
            self.report.skipped.append(f"regionen {DALARNA} finns inte i referensdata")
            return
        self.schizofreni()
        self.kognitiv_svikt()
        self.primarvard("kol")
        self.primarvard("hoftledsartros-primarvard")
        self.rehabilitering()


@transaction.atomic
def load_demo_implementations() -> ImplementationDemoReport:
    """Load the demo införanden in Region Dalarna; all or nothing, and idempotent."""
    report = ImplementationDemoReport()
    _Loader(report).run()
    return report
