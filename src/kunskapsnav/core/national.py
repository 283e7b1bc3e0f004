"""National synthetic data: the whole structure of kunskapsstyrning and ten years of activity.

``generate_national(scale=1.0)`` builds, deterministically from a seed, the national structure
from the reference data (NPO and the primärvårdsråd, NAG, RPO and RAG per sjukvårdsregion, LPO
and LAG per region, networks per län and a samverkansgrupp per kommun, about 3,000 bodies), the
people in their seats (about 40,000) and ten years of meetings with agenda items, decisions,
actions and attendance, införanden of the national kunskapsstöd and a few questionnaires, with
Swedish text built from templates. At ``scale`` below 0.05 a reduced structure (two regions,
three programme areas) keeps it quick enough for tests.

Rows are written with ``bulk_create``: no signals, no history rows, no search indexing per row;
the search index is rebuilt once at the end. Everything generated is marked (bodies by the
prefix of their purpose, people and införanden by their note) so that a second run can refuse,
or with ``replace`` delete exactly what the previous run wrote. The demo data is never touched.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import time
import uuid
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models.deletion import CASCADE, DO_NOTHING, SET_NULL
from django.utils import timezone

from kunskapsnav.core.db import update_planner_statistics
from kunskapsnav.core.models import Kommun, ProgrammeArea, Region, Sjukvardsregion
from kunskapsnav.followup.models import (
    Answer,
    Question,
    Questionnaire,
    QuestionnaireRound,
    Recipient,
)
from kunskapsnav.guidance.models import Implementation, Kunskapsstod
from kunskapsnav.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    MeetingSeries,
)
from kunskapsnav.registry.models import Body, Membership, Organisation, Person, Seat

#: Marks generated people and införanden (``note``); bodies carry it first in ``purpose``.
MARKER = "Syntetisk data"
PURPOSE_PREFIX = f"{MARKER}. "
BATCH = 5_000
#: Below this scale the structure is reduced to two regions and three programme areas.
REDUCED_BELOW = 0.05

# The national totals at scale 1.0 over ten years (see DESIGN.md, "Scale").
PEOPLE_AT_SCALE_1 = 40_000
MEETINGS_PER_YEAR_AT_SCALE_1 = 20_000

M = TypeVar("M", bound=models.Model)


class GeneratedDataExistsError(Exception):
    """Generated data is already in the database and ``replace`` was not asked for."""


class ProtectedGeneratedDataError(Exception):
    """Something outside the generated data refers to it, so it cannot be deleted."""


@dataclass
class NationalReport:
    counts: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    index_counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    index_seconds: float | None = None

    def add(self, model: type[models.Model], number: int) -> None:
        label = str(model._meta.verbose_name_plural)
        self.counts[label] = self.counts.get(label, 0) + number


# --- Text ----------------------------------------------------------------------------------

FIRST_NAMES = [
    "Anna",
    "Eva",
    "Maria",
    "Karin",
    "Sara",
    "Lena",
    "Kerstin",
    "Emma",
    "Ingrid",
    "Malin",
    "Linda",
    "Sofia",
    "Johanna",
    "Elin",
    "Ida",
    "Hanna",
    "Marie",
    "Camilla",
    "Annika",
    "Susanne",
    "Helena",
    "Jenny",
    "Ulrika",
    "Lotta",
    "Tanja",
    "Åsa",
    "Birgitta",
    "Cecilia",
    "Frida",
    "Josefin",
    "Karolina",
    "Petra",
    "Märta",
    "Agneta",
    "Gunilla",
    "Erik",
    "Lars",
    "Karl",
    "Anders",
    "Johan",
    "Per",
    "Nils",
    "Mikael",
    "Jan",
    "Hans",
    "Peter",
    "Fredrik",
    "Daniel",
    "Magnus",
    "Stefan",
    "Mats",
    "Henrik",
    "Jonas",
    "Björn",
    "Ulf",
    "Andreas",
    "Thomas",
    "Oskar",
    "Gustav",
    "Olof",
    "Göran",
    "Mattias",
    "Patrik",
    "Niklas",
    "Håkan",
    "Sven",
    "Leif",
    "Viktor",
    "Emil",
    "Ali",
    "Mohammed",
    "Ahmed",
    "Fatima",
    "Amira",
    "Yusuf",
    "Leila",
    "Dragan",
    "Milena",
    "Jukka",
    "Aino",
    "Sami",
]
LAST_NAMES = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Jansson",
    "Hansson",
    "Bengtsson",
    "Jönsson",
    "Lindberg",
    "Jakobsson",
    "Magnusson",
    "Lindström",
    "Olofsson",
    "Lindqvist",
    "Lindgren",
    "Berg",
    "Axelsson",
    "Bergström",
    "Lundberg",
    "Lind",
    "Lundgren",
    "Lundqvist",
    "Mattsson",
    "Berglund",
    "Fredriksson",
    "Sandberg",
    "Henriksson",
    "Forsberg",
    "Sjöberg",
    "Wallin",
    "Engström",
    "Eklund",
    "Danielsson",
    "Lundin",
    "Håkansson",
    "Björk",
    "Bergman",
    "Gunnarsson",
    "Holm",
    "Wikström",
    "Samuelsson",
    "Isaksson",
    "Fransson",
    "Bergqvist",
    "Nyström",
    "Holmberg",
    "Arvidsson",
    "Löfgren",
    "Söderberg",
    "Nyberg",
    "Blomqvist",
    "Claesson",
    "Nordström",
    "Mårtensson",
    "Lundström",
    "Hedlund",
    "Ali",
    "Mohammed",
    "Hassan",
    "Öberg",
    "Åberg",
    "Ek",
    "Strand",
    "Dahl",
    "Falk",
    "Hedberg",
    "Sundberg",
    "Norberg",
    "Palm",
    "Sundström",
    "Holmgren",
]
TITLES_REGION = (
    "Verksamhetschef",
    "Överläkare",
    "Specialistläkare",
    "Distriktsläkare",
    "Sjuksköterska",
    "Vårdenhetschef",
    "Utvecklingsledare",
    "Processledare",
    "Fysioterapeut",
    "Arbetsterapeut",
    "Kurator",
    "Psykolog",
    "Apotekare",
    "Dietist",
    "Hälso- och sjukvårdsdirektör",
    "Chefläkare",
    "Verksamhetsutvecklare",
)
TITLES_KOMMUN = (
    "Socialchef",
    "IFO-chef",
    "Äldreomsorgschef",
    "Enhetschef",
    "Medicinskt ansvarig sjuksköterska",
    "Medicinskt ansvarig för rehabilitering",
    "Biståndshandläggare",
    "Utvecklingsledare",
    "Förvaltningschef",
    "Verksamhetsutvecklare",
    "Kommundirektör",
)
VARDFORLOPP = (
    "stroke och TIA",
    "höftledsartros",
    "KOL",
    "reumatoid artrit",
    "sepsis",
    "depression och ångestsyndrom hos vuxna",
    "hjärtsvikt",
    "kritisk benischemi",
    "schizofreni",
    "kognitiv svikt",
    "ADHD",
    "diabetes med hög risk för fotsår",
    "ländryggsbesvär",
    "psoriasis",
    "multipel skleros",
    "graviditetsdiabetes",
    "osteoporos",
    "palliativ vård i livets slutskede",
)
TOPICS = (
    "kompetensförsörjning",
    "digitala vårdtjänster",
    "nära vård",
    "samverkan mellan region och kommun",
    "läkemedelsuppföljning",
    "patientsäkerhet",
    "jämlik vård",
    "vårdens tillgänglighet",
    "psykisk hälsa hos barn och unga",
    "suicidprevention",
    "hälsofrämjande arbete",
    "standardiserade vårdförlopp",
    "indikatorer och uppföljning",
    "informationsöverföring vid utskrivning",
    "hjälpmedel",
    "rehabilitering i hemmet",
    "brukarmedverkan",
)
LAG_TOPICS = (
    "Vårdförlopp",
    "Läkemedel",
    "Primärvård",
    "Uppföljning",
    "Kompetens",
    "Samverkan kommun",
    "Barn och unga",
    "Digitalisering",
    "Kunskapsstöd",
)
LAN_NETWORKS = (
    ("Socialchefsnätverket", Body.Kind.NATVERK),
    ("Länschefsnätverket", Body.Kind.NATVERK),
    ("Välfärdsrådet", Body.Kind.RAD),
    ("Nätverket för medicinskt ansvariga sjuksköterskor", Body.Kind.NATVERK),
    ("Nätverket för individ- och familjeomsorg", Body.Kind.NATVERK),
    ("Nätverket för äldreomsorg", Body.Kind.NATVERK),
)
MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]
PRESENTER_TITLES = ("processledare", "utvecklingsledare", "verksamhetschef", "samordnare")

OPENING = ("Mötets öppnande och godkännande av dagordningen", "Föregående minnesanteckningar")
CLOSING = ("Uppföljning av åtgärder", "Övriga frågor")


def swedish_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _trim(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


# --- The plan ------------------------------------------------------------------------------


@dataclass
class _Term:
    seat: int  # index into the body's seats
    person: int  # index into the people
    role: str
    start: dt.date
    end: dt.date | None


@dataclass
class _BodyPlan:
    body: Body
    pool: str  # key of the people pool the body draws members from
    seats: list[Seat] = field(default_factory=list)
    terms: list[_Term] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)
    owners: list[int] = field(default_factory=list)  # Organisation ids

    def members_on(self, day: dt.date) -> list[_Term]:
        seen: set[int] = set()
        result = []
        for term in self.terms:
            running = term.start <= day and (term.end is None or term.end >= day)
            if running and term.person not in seen:
                seen.add(term.person)
                result.append(term)
        return result


@dataclass
class _PersonPlan:
    name: str
    organisation_id: int
    pool: str


def _bulk(model: type[M], rows: Sequence[M], report: NationalReport) -> list[M]:
    """Insert ``rows`` in batches (no signals, no history); they come back with primary keys."""
    if not rows:
        return []
    created = model._default_manager.bulk_create(rows, batch_size=BATCH)
    report.add(model, len(created))
    return created


def _aware(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


class _Generator:
    def __init__(
        self,
        scale: float,
        seed: int,
        years: int,
        today: dt.date,
        report: NationalReport,
        progress: Callable[[str], None],
    ) -> None:
        self.scale = scale
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
        self.years = years
        self.today = today
        self.report = report
        self.progress = progress
        self.started = time.monotonic()
        self.window_start = today - dt.timedelta(days=365 * years)
        self.window_end = today + dt.timedelta(days=182)
        self.reduced = scale < REDUCED_BELOW
        self.plans: list[_BodyPlan] = []
        self.people: list[_PersonPlan] = []
        self.person_ids: list[int] = []
        self.pools: dict[str, list[int]] = {}
        self.lpo_by: dict[tuple[int, int], Body] = {}

    def say(self, text: str) -> None:
        self.progress(f"[{time.monotonic() - self.started:7.1f} s] {text}")

    # Reference data ---------------------------------------------------------------------

    def load_structure(self) -> None:
        regions = list(Region.objects.select_related("sjukvardsregion").order_by("code"))
        areas = list(
            ProgrammeArea.objects.filter(
                kind__in=[ProgrammeArea.Kind.NPO, ProgrammeArea.Kind.RAD]
            ).order_by("kind", "code")
        )
        if self.reduced:
            wanted = {"20", "03"}
            regions = [r for r in regions if r.code in wanted] or regions[:2]
            chosen = {
                "psykisk-halsa",
                "barn-och-ungdomars-halsa",
                "aldres-halsa-och-palliativ-vard",
            }
            areas = [a for a in areas if a.code in chosen] or areas[:3]
        self.regions = regions
        self.areas = areas
        svr_ids = {r.sjukvardsregion_id for r in regions}
        self.sjukvardsregioner = list(
            Sjukvardsregion.objects.filter(pk__in=svr_ids).order_by("order", "code")
        )
        self.kommuner = list(Kommun.objects.filter(region__in=regions).order_by("code"))
        self.stod = list(Kunskapsstod.objects.order_by("code"))

    def ensure_organisations(self) -> None:
        """One organisation per region and kommun, reusing those already registered."""
        by_region = {o.region_id: o for o in Organisation.objects.filter(region__in=self.regions)}
        by_kommun = {o.kommun_id: o for o in Organisation.objects.filter(kommun__in=self.kommuner)}
        missing: list[Organisation] = []
        for region in self.regions:
            if region.pk not in by_region:
                missing.append(
                    Organisation(
                        name=region.name,
                        short_name=region.short_name[:60],
                        kind=Organisation.Kind.REGION,
                        region=region,
                    )
                )
        for kommun in self.kommuner:
            if kommun.pk not in by_kommun:
                missing.append(
                    Organisation(
                        name=kommun.official_name,
                        short_name=kommun.name[:60],
                        kind=Organisation.Kind.KOMMUN,
                        kommun=kommun,
                    )
                )
        for organisation in _bulk(Organisation, missing, self.report):
            if organisation.region_id:
                by_region[organisation.region_id] = organisation
            else:
                by_kommun[organisation.kommun_id] = organisation
        self.region_org = {r.pk: by_region[r.pk].pk for r in self.regions}
        self.kommun_org = {k.pk: by_kommun[k.pk].pk for k in self.kommuner}
        self.org_names = {o.pk: o.name for o in [*by_region.values(), *by_kommun.values()]}
        self.kommuner_of: dict[int, list[Kommun]] = {}
        for kommun in self.kommuner:
            self.kommuner_of.setdefault(kommun.region_id, []).append(kommun)

    # People -----------------------------------------------------------------------------

    def make_people(self) -> None:
        rng = self.rng
        total = max(round(PEOPLE_AT_SCALE_1 * self.scale), 40 * len(self.regions))
        weights = [len(self.kommuner_of.get(r.pk, [])) + 10 for r in self.regions]
        rows: list[Person] = []
        used: dict[str, int] = {}
        for _ in range(total):
            region = rng.choices(self.regions, weights)[0]
            kommuner = self.kommuner_of.get(region.pk, [])
            if kommuner and rng.random() < 0.4:
                kommun = rng.choice(kommuner)
                organisation = self.kommun_org[kommun.pk]
                title = rng.choice(TITLES_KOMMUN)
                domain = f"{kommun.name}.kommun"
            else:
                organisation = self.region_org[region.pk]
                title = rng.choice(TITLES_REGION)
                domain = f"region{region.short_name}"
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            name = f"{first} {last}"
            local = _ascii(f"{first}.{last}")
            used[local + domain] = used.get(local + domain, 0) + 1
            number = used[local + domain]
            suffix = "" if number == 1 else str(number)
            email = f"{local}{suffix}@{_ascii(domain).replace(' ', '')}.example"
            rows.append(
                Person(
                    name=name, title=title, email=email, organisation_id=organisation, note=MARKER
                )
            )
            self.people.append(_PersonPlan(name, organisation, region.code))
            self.pools.setdefault(region.code, []).append(len(self.people) - 1)
        self.pools["national"] = list(range(len(self.people)))
        self.person_ids = [p.pk for p in _bulk(Person, rows, self.report)]
        self.say(f"{len(rows)} personer")

    # Bodies -----------------------------------------------------------------------------

    def _body(self, plans: list[_BodyPlan], pool: str, **fields: Any) -> Body:
        rng = self.rng
        established = self.window_start - dt.timedelta(days=rng.randrange(0, 5 * 365))
        purpose = fields.pop("purpose", "")
        name = _trim(fields.pop("name"), 200)
        body = Body(
            name=name,
            short_name=_trim(fields.pop("short_name", ""), 50),
            status=Body.Status.AKTIV,
            purpose=PURPOSE_PREFIX + purpose,
            established_on=established,
            is_public=rng.random() > 0.05,
            **fields,
        )
        plans.append(_BodyPlan(body=body, pool=pool))
        return body

    def _save_level(self, plans: list[_BodyPlan]) -> None:
        _bulk(Body, [p.body for p in plans], self.report)
        self.plans.extend(plans)

    def make_bodies(self) -> None:
        rng = self.rng
        level_national: list[_BodyPlan] = []
        npo: dict[int, Body] = {}
        for area in self.areas:
            kind = Body.Kind.RAD if area.kind == ProgrammeArea.Kind.RAD else Body.Kind.NPO
            prefix = "" if kind == Body.Kind.RAD else "NPO "
            npo[area.pk] = self._body(
                level_national,
                "national",
                name=f"{prefix}{area.name}",
                short_name=f"{prefix}{(area.abbreviations or [area.name])[0]}",
                kind=kind,
                level=Body.Level.NATIONELL,
                programme_area=area,
                purpose=f"Nationellt programområde för {area.name.lower()}.",
            )
        self._save_level(level_national)
        nag: list[_BodyPlan] = []
        for area in self.areas:
            for topic in rng.sample(VARDFORLOPP, 2):
                self._body(
                    nag,
                    "national",
                    name=f"NAG {topic}, {area.name}",
                    short_name=f"NAG {topic}",
                    kind=Body.Kind.NAG,
                    level=Body.Level.NATIONELL,
                    programme_area=area,
                    parent=npo[area.pk],
                    purpose=f"Tar fram kunskapsstöd om {topic}.",
                )
        self._save_level(nag)
        rpo: dict[tuple[int, int], Body] = {}
        level_rpo: list[_BodyPlan] = []
        for svr in self.sjukvardsregioner:
            for area in self.areas:
                rpo[svr.pk, area.pk] = self._body(
                    level_rpo,
                    f"svr:{svr.pk}",
                    name=f"RPO {area.name}, {svr.name}",
                    short_name=f"RPO {area.name}",
                    kind=Body.Kind.RPO,
                    level=Body.Level.SJUKVARDSREGIONAL,
                    programme_area=area,
                    sjukvardsregion=svr,
                    parent=npo[area.pk],
                    purpose=f"Regionalt programområde för {area.name.lower()} i {svr.name}.",
                )
        self._save_level(level_rpo)
        rag: list[_BodyPlan] = []
        for (svr_id, _area_id), parent in rpo.items():
            self._body(
                rag,
                f"svr:{svr_id}",
                name=f"RAG {rng.choice(VARDFORLOPP)}, {parent.name.removeprefix('RPO ')}",
                short_name="RAG",
                kind=Body.Kind.RAG,
                level=Body.Level.SJUKVARDSREGIONAL,
                programme_area=parent.programme_area,
                sjukvardsregion_id=svr_id,
                parent=parent,
                purpose="Regional arbetsgrupp under RPO.",
            )
        self._save_level(rag)
        lpo_plans: list[_BodyPlan] = []
        for region in self.regions:
            for area in self.areas:
                body = self._body(
                    lpo_plans,
                    region.code,
                    name=f"LPO {area.name}, {region.name}",
                    short_name=f"LPO {area.name}",
                    kind=Body.Kind.LPO,
                    level=Body.Level.REGIONAL,
                    programme_area=area,
                    region=region,
                    sjukvardsregion_id=region.sjukvardsregion_id,
                    parent=rpo.get((region.sjukvardsregion_id, area.pk)),
                    purpose=f"Lokalt programområde för {area.name.lower()} i {region.name}.",
                )
                self.lpo_by[region.pk, area.pk] = body
                lpo_plans[-1].owners = [self.region_org[region.pk]]
        self._save_level(lpo_plans)
        lag: list[_BodyPlan] = []
        for (region_id, _area_id), parent in self.lpo_by.items():
            region_code = next(r.code for r in self.regions if r.pk == region_id)
            for topic in rng.sample(LAG_TOPICS, 3):
                self._body(
                    lag,
                    region_code,
                    name=f"LAG {topic.lower()}, {parent.name.removeprefix('LPO ')}",
                    short_name=f"LAG {topic.lower()}",
                    kind=Body.Kind.LAG,
                    level=Body.Level.REGIONAL,
                    programme_area=parent.programme_area,
                    region_id=region_id,
                    parent=parent,
                    purpose=f"Lokal arbetsgrupp för {topic.lower()}.",
                )
        self._save_level(lag)
        networks: list[_BodyPlan] = []
        for region in self.regions:
            owners = [self.kommun_org[k.pk] for k in self.kommuner_of.get(region.pk, [])]
            for name, kind in LAN_NETWORKS:
                self._body(
                    networks,
                    region.code,
                    name=f"{name}, {region.lan_name}",
                    short_name=name,
                    kind=kind,
                    level=Body.Level.LANSGEMENSAM,
                    region=region,
                    purpose=f"Länsgemensamt forum för kommunerna i {region.lan_name}.",
                )
                networks[-1].owners = [self.region_org[region.pk], *owners]
                networks[-1].context["kommuner"] = self.kommuner_of.get(region.pk, [])
        for kommun in self.kommuner:
            region = next(r for r in self.regions if r.pk == kommun.region_id)
            self._body(
                networks,
                region.code,
                name=f"Lokal samverkansgrupp vård och omsorg, {kommun.name}",
                short_name=f"LSG {kommun.name}",
                kind=Body.Kind.ARBETSGRUPP,
                level=Body.Level.KOMMUNAL,
                region=region,
                purpose=f"Samverkan mellan {kommun.official_name} och {region.name}.",
            )
            networks[-1].owners = [self.kommun_org[kommun.pk], self.region_org[region.pk]]
            networks[-1].context["kommuner"] = [kommun]
        self._save_level(networks)
        through = Body.owners.through
        _bulk(
            through,
            [
                through(body_id=plan.body.pk, organisation_id=organisation)
                for plan in self.plans
                for organisation in plan.owners
            ],
            self.report,
        )
        self.say(f"{len(self.plans)} organ")

    # Seats and memberships --------------------------------------------------------------

    def _seat_specs(self, body: Body, plan: _BodyPlan) -> list[tuple[str, str, int, str]]:
        """(title, represents, quota, role) of the body's seats."""
        kind = body.kind
        specs: list[tuple[str, str, int, str]] = [
            ("Ordförande", Seat.Represents.REGION, 1, Membership.Role.ORDFORANDE)
        ]
        if "kommuner" in plan.context:
            quota = max(2, min(len(plan.context["kommuner"]), 12))
            specs.append(
                (
                    "Representant för kommunerna",
                    Seat.Represents.KOMMUN,
                    quota,
                    Membership.Role.LEDAMOT,
                )
            )
        elif kind in (Body.Kind.NPO, Body.Kind.RAD):
            specs += [
                ("Ledamot för sjukvårdsregion", Seat.Represents.REGION, 6, Membership.Role.LEDAMOT),
                ("Representant för kommunerna", Seat.Represents.KOMMUN, 2, Membership.Role.LEDAMOT),
            ]
        elif kind == Body.Kind.RPO:
            specs.append(("Ledamot per region", Seat.Represents.REGION, 4, Membership.Role.LEDAMOT))
            specs.append(("Kommunrepresentant", Seat.Represents.KOMMUN, 1, Membership.Role.LEDAMOT))
        elif kind == Body.Kind.LPO:
            specs += [
                (
                    "Representant för specialistvården",
                    Seat.Represents.REGION,
                    4,
                    Membership.Role.LEDAMOT,
                ),
                (
                    "Representant för primärvården",
                    Seat.Represents.REGION,
                    2,
                    Membership.Role.LEDAMOT,
                ),
                ("Kommunrepresentant", Seat.Represents.KOMMUN, 2, Membership.Role.LEDAMOT),
            ]
        else:
            specs.append(("Ledamot", Seat.Represents.REGION, 5, Membership.Role.LEDAMOT))
        specs.append(("Processledare", Seat.Represents.REGION, 1, Membership.Role.PROCESSLEDARE))
        return specs

    def make_seats(self) -> None:
        rows: list[Seat] = []
        for plan in self.plans:
            body = plan.body
            for order, (title, represents, quota, _role) in enumerate(self._seat_specs(body, plan)):
                seat = Seat(
                    body_id=body.pk,
                    title=title,
                    represents=represents,
                    quota=quota,
                    opened_on=body.established_on or self.window_start,
                    order=order,
                )
                plan.seats.append(seat)
                rows.append(seat)
        _bulk(Seat, rows, self.report)
        self.say(f"{len(rows)} platser")

    def make_memberships(self) -> None:
        rng = self.rng
        rows: list[Membership] = []
        for plan in self.plans:
            pool = self.pools.get(plan.pool) or self.pools["national"]
            if plan.pool.startswith("svr:"):
                svr_id = int(plan.pool[4:])
                pool = [
                    i
                    for r in self.regions
                    if r.sjukvardsregion_id == svr_id
                    for i in self.pools.get(r.code, [])
                ] or self.pools["national"]
            used: set[int] = set()
            assert plan.body.established_on is not None
            for index, (_title, _represents, quota, role) in enumerate(
                self._seat_specs(plan.body, plan)
            ):
                for _slot in range(quota):
                    start = plan.body.established_on + dt.timedelta(days=rng.randrange(0, 120))
                    while start <= self.today:
                        length = rng.randrange(2 * 365, 5 * 365)
                        end: dt.date | None = start + dt.timedelta(days=length)
                        assert end is not None
                        if end > self.today:
                            end = None
                        person = rng.choice(pool)
                        for _attempt in range(5):
                            if person not in used:
                                break
                            person = rng.choice(pool)
                        used.add(person)
                        plan.terms.append(_Term(index, person, role, start, end))
                        if end is None:
                            break
                        start = end + dt.timedelta(days=rng.randrange(1, 90))
            for term in plan.terms:
                rows.append(
                    Membership(
                        body_id=plan.body.pk,
                        seat_id=plan.seats[term.seat].pk,
                        person_id=self.person_ids[term.person],
                        role=term.role,
                        representing_id=self.people[term.person].organisation_id,
                        start_on=term.start,
                        end_on=term.end,
                        note=MARKER,
                    )
                )
        _bulk(Membership, rows, self.report)
        self.say(f"{len(rows)} uppdrag")

    # Meetings ---------------------------------------------------------------------------

    def meeting_dates(self, mean: float) -> list[dt.date]:
        rng = self.rng
        count = max(1, round(rng.gauss(mean, mean * 0.15)))
        span = (self.window_end - self.window_start).days
        days = []
        for _ in range(count):
            day = self.window_start + dt.timedelta(days=rng.randrange(span))
            if day.weekday() >= 4:  # Friday to Sunday: the Monday after
                day += dt.timedelta(days=7 - day.weekday())
            days.append(day)
        return sorted(days)

    def status_on(self, day: dt.date) -> str:
        rng = self.rng
        age = (self.today - day).days
        s = Meeting.Status
        if age < -30:
            return s.PLANERAT
        if age < 0:
            return s.KALLAT
        if age < 14:
            return s.GENOMFORT
        if age < 60:
            return s.PUBLICERAT if rng.random() < 0.5 else s.JUSTERAT
        roll = rng.random()
        return s.INSTALLT if roll < 0.03 else s.JUSTERAT if roll < 0.07 else s.PUBLICERAT

    def make_activity(self) -> None:
        total_meetings = MEETINGS_PER_YEAR_AT_SCALE_1 * self.scale * (self.years + 0.5)
        mean = max(total_meetings / max(len(self.plans), 1), 1.0)
        group_size = max(1, int(5_000 / mean))
        for start in range(0, len(self.plans), group_size):
            group = self.plans[start : start + group_size]
            with transaction.atomic():
                self._activity_for(group, mean)
            self.say(
                f"möten för {min(start + group_size, len(self.plans))} av {len(self.plans)} organ "
                f"({self.report.counts.get(str(Meeting._meta.verbose_name_plural), 0)} möten)"
            )

    def _topic(self, plan: _BodyPlan, day: dt.date) -> tuple[str, str, str, str]:
        """(title, kind, text, decision or "") of one item on the body's agenda."""
        rng = self.rng
        body = plan.body
        area = body.programme_area.name if body.programme_area else rng.choice(TOPICS)
        place = body.region.name if body.region else "sjukvårdsregionerna"
        kommuner: list[Kommun] = plan.context.get("kommuner") or self.kommuner
        kommun = rng.choice(kommuner).name if kommuner else place
        stod = rng.choice(self.stod).name if self.stod else f"kunskapsstöd inom {area.lower()}"
        roll = rng.randrange(12)
        k = AgendaItem.Kind
        if roll == 0:
            forlopp = rng.choice(VARDFORLOPP)
            return (
                f"Vårdförlopp {forlopp}",
                k.INFORMATION,
                f"Genomgång av införandet av vårdförloppet för {forlopp} i {place}.",
                "",
            )
        if roll == 1:
            target = body.parent.name if body.parent else f"RPO {area}"
            name = self.people[rng.choice(self.pools["national"])].name
            return (
                f"Nominering av ledamot till {target}",
                k.BESLUT,
                f"Förslag att nominera {name} till {target}.",
                f"att nominera {name} som ledamot till {target}.",
            )
        if roll == 2:
            return (
                f"Uppföljning av handlingsplan för {stod}",
                k.RAPPORT,
                f"Rapport om hur handlingsplanen för {stod} följs i {place}.",
                "",
            )
        if roll == 3:
            return (
                f"Införande av {stod}",
                k.BESLUT,
                f"Förslag till beslut om införande av {stod} i {place}.",
                f"att ställa sig bakom införandet av {stod}.",
            )
        if roll == 4:
            topic = rng.choice(TOPICS)
            return (
                f"Rapport från {kommun} om {topic}",
                k.RAPPORT,
                f"{kommun} berättar om sitt arbete med {topic}.",
                "",
            )
        if roll == 5:
            return (
                f"Verksamhetsplan {day.year + (1 if day.month > 8 else 0)}",
                k.BESLUT,
                "Förslag till verksamhetsplan med mål, aktiviteter och uppföljning.",
                "att fastställa verksamhetsplanen.",
            )
        if roll == 6:
            return (
                f"Remiss: {stod}",
                k.DISKUSSION,
                f"Synpunkter på remissversionen av {stod} samlas in inför svar.",
                "",
            )
        if roll == 7:
            topic = rng.choice(TOPICS)
            return (
                f"Information från {place} om {topic}",
                k.INFORMATION,
                f"Aktuellt om {topic} i {place}.",
                "",
            )
        if roll == 8:
            return (
                f"Statsbidrag {day.year}",
                k.BESLUT,
                f"Fördelning av statsbidrag inom {area.lower()} för {day.year}.",
                f"att godkänna fördelningen av statsbidraget för {day.year}.",
            )
        if roll == 9:
            topic = rng.choice(TOPICS)
            return (
                f"Samverkan med {kommun} kring {topic}",
                k.DISKUSSION,
                f"Diskussion om gemensamma rutiner för {topic}.",
                "",
            )
        if roll == 10:
            return (
                f"Indikatorer för {area.lower()}",
                k.RAPPORT,
                f"Genomgång av utfallet för {area.lower()} i {place} jämfört med riket.",
                "",
            )
        topic = rng.choice(TOPICS)
        return (
            f"Kompetensförsörjning inom {topic}",
            k.DISKUSSION,
            f"Behov av utbildning och rekrytering inom {topic}.",
            "",
        )

    def _activity_for(self, group: list[_BodyPlan], mean: float) -> None:
        rng = self.rng
        report = self.report
        series = _bulk(
            MeetingSeries,
            [
                MeetingSeries(
                    body_id=plan.body.pk,
                    name=f"Ordinarie möten, {plan.body.short_name or plan.body.name}"[:200],
                    start_time=dt.time(9),
                    end_time=dt.time(12),
                    place="Digitalt via Teams",
                )
                for plan in group
            ],
            report,
        )
        meetings: list[Meeting] = []
        owner: list[_BodyPlan] = []
        for plan, serie in zip(group, series, strict=True):
            body = plan.body
            place = f"{body.region.name}, regionens hus" if body.region else "Digitalt via Teams"
            for day in self.meeting_dates(mean):
                status = self.status_on(day)
                start_hour = rng.choice((9, 9, 10, 13, 14))
                members = plan.members_on(day)
                chair = next((t for t in members if t.role == Membership.Role.ORDFORANDE), None)
                secretary = next(
                    (t for t in members if t.role == Membership.Role.PROCESSLEDARE), None
                )
                held = status in (
                    Meeting.Status.GENOMFORT,
                    Meeting.Status.JUSTERAT,
                    Meeting.Status.PUBLICERAT,
                )
                meetings.append(
                    Meeting(
                        body_id=body.pk,
                        series_id=serie.pk,
                        date=day,
                        start_time=dt.time(start_hour),
                        end_time=dt.time(start_hour + rng.choice((1, 2, 2, 3))),
                        place=place if rng.random() < 0.5 else "Digitalt via Teams",
                        status=status,
                        document_type=(
                            Meeting.DocumentType.PROTOKOLL
                            if body.level == Body.Level.NATIONELL
                            else Meeting.DocumentType.MINNESANTECKNINGAR
                        ),
                        chair_id=self.person_ids[chair.person] if chair else None,
                        secretary_id=self.person_ids[secretary.person] if secretary else None,
                        change_note="Inställt på grund av få anmälda."
                        if status == "installt"
                        else "",
                        uid=uuid.UUID(int=rng.getrandbits(128), version=4),
                        approved_at=(
                            _aware(day + dt.timedelta(days=10))
                            if status in Meeting.LOCKED
                            else None
                        ),
                        published_at=(
                            _aware(day + dt.timedelta(days=14))
                            if status == Meeting.Status.PUBLICERAT
                            else None
                        ),
                        introduction="" if held else "Dagordningen kan komma att ändras.",
                    )
                )
                owner.append(plan)
        # The note of the next meeting, once the dates of all are known.
        for index, meeting in enumerate(meetings[:-1]):
            following = meetings[index + 1]
            if owner[index + 1] is owner[index]:
                meeting.next_meeting_note = f"Nästa möte: {swedish_date(following.date)}"
        _bulk(Meeting, meetings, report)

        items: list[AgendaItem] = []
        item_meeting: list[int] = []  # index into meetings
        decisions_for: list[tuple[int, str]] = []  # (index into items, decision text)
        for index, meeting in enumerate(meetings):
            plan = owner[index]
            titles: list[tuple[str, str, str, str]] = [
                (title, AgendaItem.Kind.OVRIGT, "", "") for title in OPENING
            ]
            titles += [self._topic(plan, meeting.date) for _ in range(rng.randint(4, 8))]
            titles += [(title, AgendaItem.Kind.OVRIGT, "", "") for title in CLOSING]
            held = meeting.has_minutes
            for order, (title, kind, text, decision) in enumerate(titles, start=1):
                presenter = ""
                if kind != AgendaItem.Kind.OVRIGT and rng.random() < 0.5:
                    person = self.people[rng.choice(self.pools["national"])]
                    presenter = (
                        f"{person.name}, {rng.choice(PRESENTER_TITLES)}, "
                        f"{self.org_names.get(person.organisation_id, '')}"
                    )
                items.append(
                    AgendaItem(
                        meeting_id=meeting.pk,
                        order=order,
                        number=str(order),
                        title=_trim(title, 500),
                        kind=kind,
                        presenter_text=presenter,
                        text=text if held else "",
                    )
                )
                item_meeting.append(index)
                if held and decision:
                    decisions_for.append((len(items) - 1, decision))
        _bulk(AgendaItem, items, report)

        _bulk(
            Decision,
            [
                Decision(
                    meeting_id=items[i].meeting_id,
                    item_id=items[i].pk,
                    deciding_body_id=owner[item_meeting[i]].body.pk,
                    text=text,
                    order=1,
                )
                for i, text in decisions_for
            ],
            report,
        )
        self._actions_and_attendance(meetings, owner, items, item_meeting)

    def _actions_and_attendance(
        self,
        meetings: list[Meeting],
        owner: list[_BodyPlan],
        items: list[AgendaItem],
        item_meeting: list[int],
    ) -> None:
        rng = self.rng
        topical: dict[int, list[AgendaItem]] = {}
        for item, index in zip(items, item_meeting, strict=True):
            if item.kind != AgendaItem.Kind.OVRIGT:
                topical.setdefault(index, []).append(item)
        held_dates: dict[int, tuple[list[dt.date], list[Meeting]]] = {}
        for meeting, plan in zip(meetings, owner, strict=True):
            if meeting.has_minutes:
                dates, rows = held_dates.setdefault(id(plan), ([], []))
                dates.append(meeting.date)
                rows.append(meeting)
        actions: list[ActionItem] = []
        responsible: list[int] = []
        attendance: list[Attendance] = []
        for index, meeting in enumerate(meetings):
            if not meeting.has_minutes:
                continue
            plan = owner[index]
            members = plan.members_on(meeting.date)
            for order, term in enumerate(members, start=1):
                roll = rng.random()
                presence = (
                    Attendance.Status.FRANVARANDE
                    if roll < 0.1
                    else Attendance.Status.DEL_AV_MOTET
                    if roll < 0.15
                    else Attendance.Status.NARVARANDE
                )
                attendance.append(
                    Attendance(
                        meeting_id=meeting.pk,
                        person_id=self.person_ids[term.person],
                        status=presence,
                        organisation=self.org_names.get(
                            self.people[term.person].organisation_id, ""
                        )[:200],
                        order=order,
                    )
                )
            candidates = topical.get(index, [])
            if not candidates or not members:
                continue
            dates, held = held_dates[id(plan)]
            for _ in range(rng.randint(1, 5)):
                item = rng.choice(candidates)
                term = rng.choice(members)
                person = self.people[term.person]
                due = meeting.date + dt.timedelta(days=rng.choice((30, 60, 90, 120, 180)))
                status = ActionItem.Status.OPEN
                closed_in: Meeting | None = None
                position = bisect_left(dates, due)
                if position < len(held) and rng.random() < 0.9:
                    closed_in = held[position]
                    status = (
                        ActionItem.Status.CANCELLED
                        if rng.random() < 0.04
                        else ActionItem.Status.DONE
                    )
                elif due < self.today + dt.timedelta(days=60) and rng.random() < 0.5:
                    status = ActionItem.Status.IN_PROGRESS
                first = person.name.split()[0]
                text = rng.choice(
                    (
                        f"{first} tar fram underlag om {item.title.lower()} till nästa möte.",
                        f"{first} ansvarar för att sammankalla en arbetsgrupp om "
                        f"{item.title.lower()}.",
                        f"{first} tar tillbaka frågan om {item.title.lower()} till sin "
                        "organisation.",
                        f"{first} skickar ut sammanställningen om {item.title.lower()}.",
                        f"Återkoppla till {plan.body.name} om {item.title.lower()}.",
                    )
                )
                actions.append(
                    ActionItem(
                        body_id=plan.body.pk,
                        meeting_id=meeting.pk,
                        item_id=item.pk,
                        text=text,
                        responsible_text=person.name,
                        due_date=due,
                        status=status,
                        closed_in_id=closed_in.pk if closed_in else None,
                        closed_on=closed_in.date if closed_in else None,
                        closing_note="Klart." if status == ActionItem.Status.DONE else "",
                        created_at=_aware(meeting.date, 15),
                    )
                )
                responsible.append(self.person_ids[term.person])
        _bulk(ActionItem, actions, self.report)
        through = ActionItem.responsible_people.through
        _bulk(
            through,
            [
                through(actionitem_id=action.pk, person_id=person)
                for action, person in zip(actions, responsible, strict=True)
            ],
            self.report,
        )
        _bulk(Attendance, attendance, self.report)

    # Kunskapsstöd and follow-up ---------------------------------------------------------

    def make_implementations(self) -> None:
        rng = self.rng
        existing = set(Implementation.objects.values_list("kunskapsstod_id", "region_id"))
        statuses = [value for value, _label in Implementation.Status.choices]
        rows: list[Implementation] = []
        for stod in self.stod:
            for region in self.regions:
                if (stod.pk, region.pk) in existing or rng.random() < 0.2:
                    continue
                status = rng.choice(statuses)
                step = statuses.index(status)
                decided = self.today - dt.timedelta(days=rng.randrange(60, 6 * 365))
                started = decided + dt.timedelta(days=rng.randrange(30, 200))
                completed = started + dt.timedelta(days=rng.randrange(180, 900))
                lpo = self.lpo_by.get((region.pk, stod.programme_area_id or 0))
                if lpo is None:
                    lpo = next((b for (r, _a), b in self.lpo_by.items() if r == region.pk), None)
                rows.append(
                    Implementation(
                        kunskapsstod=stod,
                        region=region,
                        status=status,
                        responsible_body=lpo,
                        decided_on=decided if step >= 1 else None,
                        started_on=started if step >= 4 and started <= self.today else None,
                        completed_on=(completed if step >= 5 and completed <= self.today else None),
                        note=MARKER,
                    )
                )
        _bulk(Implementation, rows, self.report)

    def make_questionnaires(self) -> None:
        rng = self.rng
        national = [
            p
            for p in self.plans
            if p.body.kind in (Body.Kind.NPO, Body.Kind.RAD)
            and p.body.level == Body.Level.NATIONELL
        ]
        questionnaires = _bulk(
            Questionnaire,
            [
                Questionnaire(
                    title=_trim(f"Enkät om kunskapsstöd inom {plan.body.name}", 200),
                    description="Svara för din region. Svaren sammanställs till nästa möte.",
                    owner_body_id=plan.body.pk,
                    created_at=_aware(self.today - dt.timedelta(days=400)),
                )
                for plan in national
            ],
            self.report,
        )
        questions: list[Question] = []
        rounds: list[QuestionnaireRound] = []
        for questionnaire in questionnaires:
            questions += [
                Question(
                    questionnaire=questionnaire,
                    order=1,
                    text="Hur långt har regionen kommit med införandet?",
                    kind=Question.Kind.SCALE,
                    required=True,
                    self_assessment=True,
                    scale_low_label="Inte påbörjat",
                    scale_high_label="Helt infört",
                ),
                Question(
                    questionnaire=questionnaire,
                    order=2,
                    text="Finns en fastställd handlingsplan?",
                    kind=Question.Kind.SINGLE,
                    choices=["Ja", "Nej", "Under arbete"],
                ),
                Question(
                    questionnaire=questionnaire,
                    order=3,
                    text="Antal enheter som deltar",
                    kind=Question.Kind.NUMBER,
                ),
                Question(
                    questionnaire=questionnaire,
                    order=4,
                    text="Vilka hinder ser ni?",
                    kind=Question.Kind.TEXT,
                ),
            ]
            for number, (opens, status) in enumerate(
                (
                    (self.today - dt.timedelta(days=380), QuestionnaireRound.Status.CLOSED),
                    (self.today - dt.timedelta(days=15), QuestionnaireRound.Status.OPEN),
                ),
                start=1,
            ):
                rounds.append(
                    QuestionnaireRound(
                        questionnaire=questionnaire,
                        number=number,
                        title=f"Omgång {opens.year}",
                        opens_on=opens,
                        deadline=opens + dt.timedelta(days=30),
                        status=status,
                        sent_at=_aware(opens),
                        closed_at=(
                            _aware(opens + dt.timedelta(days=31))
                            if status == QuestionnaireRound.Status.CLOSED
                            else None
                        ),
                    )
                )
        _bulk(Question, questions, self.report)
        _bulk(QuestionnaireRound, rounds, self.report)
        questions_of: dict[int, list[Question]] = {}
        for question in questions:
            questions_of.setdefault(question.questionnaire_id, []).append(question)
        recipients: list[Recipient] = []
        for round_ in rounds:
            area = next(
                p.body.programme_area_id
                for p in national
                if p.body.pk == round_.questionnaire.owner_body_id
            )
            for region in self.regions:
                lpo = self.lpo_by.get((region.pk, area or 0))
                pool = self.pools.get(region.code) or self.pools["national"]
                person = rng.choice(pool)
                submitted = rng.random() < (
                    0.9 if round_.status == QuestionnaireRound.Status.CLOSED else 0.4
                )
                recipients.append(
                    Recipient(
                        round=round_,
                        person_id=self.person_ids[person],
                        name=self.people[person].name,
                        region=region,
                        body=lpo,
                        token_nonce=secrets.token_hex(16),
                        invited_at=round_.sent_at,
                        submitted_at=(
                            _aware(round_.opens_on + dt.timedelta(days=rng.randrange(1, 30)))
                            if submitted
                            else None
                        ),
                    )
                )
        _bulk(Recipient, recipients, self.report)
        answers: list[Answer] = []
        for recipient in recipients:
            if recipient.submitted_at is None:
                continue
            for question in questions_of[recipient.round.questionnaire_id]:
                value: Any
                if question.kind == Question.Kind.SCALE:
                    value = rng.randint(1, 5)
                elif question.kind == Question.Kind.SINGLE:
                    value = rng.choice(question.choices)
                elif question.kind == Question.Kind.NUMBER:
                    value = rng.randint(0, 40)
                else:
                    value = rng.choice(
                        ("Brist på tid.", "Svårt att rekrytera.", "IT-stöd saknas.", "Inga.")
                    )
                answers.append(Answer(recipient=recipient, question=question, value=value))
        _bulk(Answer, answers, self.report)
        self.say(f"{len(questionnaires)} enkäter")


def _ascii(text: str) -> str:
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u", " ": "-"})
    return text.lower().translate(table)


# --- Deleting what a previous run wrote ----------------------------------------------------


def generated_bodies() -> models.QuerySet[Body]:
    return Body.objects.filter(purpose__startswith=PURPOSE_PREFIX)


def generated_people() -> models.QuerySet[Person]:
    return Person.objects.filter(note=MARKER)


def has_generated_data() -> bool:
    return generated_bodies().exists() or generated_people().exists()


def _purge(queryset: models.QuerySet[Any], deleted: dict[str, int]) -> None:
    """Delete ``queryset`` and what cascades from it in SQL: no per-row signals, no history.

    Nullable references are cleared, protected references to rows outside the generated data
    stop the deletion (``ProtectedGeneratedDataError``), historical rows (``DO_NOTHING``) are kept.
    """
    model = queryset.model
    keys = queryset.values("pk")
    # Every reverse relation, hidden ones ("+") and the tables behind many-to-many fields too.
    relations = [
        f
        for f in model._meta.get_fields(include_hidden=True)
        if f.auto_created and not f.concrete and (f.one_to_many or f.one_to_one)
    ]
    for relation in relations:
        related: Any = relation.related_model
        field_name = relation.field.name
        on_delete = relation.on_delete
        if on_delete is DO_NOTHING:
            continue
        children = related._base_manager.filter(**{f"{field_name}__in": keys})
        if related is model:
            children = children.exclude(pk__in=keys)
        if on_delete is CASCADE:
            _purge(children, deleted)
        elif on_delete is SET_NULL:
            children.update(**{field_name: None})
        elif children.exists():  # PROTECT, RESTRICT or anything else
            raise ProtectedGeneratedDataError(
                f"{related._meta.verbose_name_plural} hänvisar till genererade "
                f"{model._meta.verbose_name_plural}"
            )
    number = queryset._raw_delete(queryset.db)
    if number:
        label = str(model._meta.verbose_name_plural)
        deleted[label] = deleted.get(label, 0) + number


@transaction.atomic
def delete_generated() -> dict[str, int]:
    """Delete everything an earlier run generated; the number of rows per model."""
    from kunskapsnav.search.models import SearchDocument

    deleted: dict[str, int] = {}
    bodies = list(generated_bodies().values_list("pk", flat=True))
    people = list(generated_people().values_list("pk", flat=True))
    steps: Iterable[models.QuerySet[Any]] = (
        Questionnaire.objects.filter(owner_body__in=bodies),
        Implementation.objects.filter(note=MARKER, responsible_body__in=bodies),
        Implementation.objects.filter(note=MARKER, responsible_body__isnull=True),
        ActionItem.objects.filter(body__in=bodies),
        Decision.objects.filter(deciding_body__in=bodies),
        Meeting.objects.filter(body__in=bodies),
        Membership.objects.filter(body__in=bodies),
        Body.objects.filter(pk__in=bodies),
        SearchDocument.objects.filter(kind=SearchDocument.Kind.PERSON, object_id__in=people),
        Person.objects.filter(pk__in=people),
    )
    for queryset in steps:
        _purge(queryset, deleted)
    return deleted


# --- Entry point ---------------------------------------------------------------------------


def generate_national(
    scale: float = 1.0,
    seed: int = 1,
    years: int = 10,
    *,
    replace: bool = False,
    index: bool = True,
    today: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
) -> NationalReport:
    """Generate the national synthetic data set; see the module's docstring."""
    if scale <= 0 or years < 1:
        raise ValueError("scale must be positive and years at least 1")
    report = NationalReport()
    say = progress or (lambda _text: None)
    started = time.monotonic()
    if has_generated_data():
        if not replace:
            raise GeneratedDataExistsError(
                "Syntetisk data finns redan. Använd --replace för att ersätta den."
            )
        report.deleted = delete_generated()
        say(f"Tog bort tidigare syntetisk data ({sum(report.deleted.values())} rader).")
    if not Region.objects.exists():
        from kunskapsnav.core.reference import load_reference

        load_reference()
    if not Kunskapsstod.objects.exists():
        from kunskapsnav.guidance.catalogue import load_catalogue

        load_catalogue()
    generator = _Generator(scale, seed, years, today or timezone.localdate(), report, say)
    generator.load_structure()
    with transaction.atomic():
        generator.ensure_organisations()
        generator.make_people()
        generator.make_bodies()
        generator.make_seats()
        generator.make_memberships()
    generator.make_activity()
    with transaction.atomic():
        generator.make_implementations()
        generator.make_questionnaires()
    report.seconds = time.monotonic() - started
    if index:
        from kunskapsnav.search.documents import reindex_all

        say("Bygger om sökindexet …")
        index_started = time.monotonic()
        report.index_counts = reindex_all()
        report.index_seconds = time.monotonic() - index_started
    # After a bulk load the planner needs fresh statistics to choose the right indexes.
    say(f"Statistik för frågeplaneringen: {update_planner_statistics():.1f} s")
    return report
