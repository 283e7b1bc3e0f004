"""The demo registry: Dalarna's structure as the seed minutes show it, loaded idempotently."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from pathlib import Path

from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import models
from django.test import TestCase

from kunskapsnav.core.models import Kommun, ProgrammeArea, Region, Sjukvardsregion
from kunskapsnav.registry import queries
from kunskapsnav.registry.demo import BODIES, DemoReport, load_demo
from kunskapsnav.registry.models import (
    Body,
    Commission,
    CommissionVersion,
    Membership,
    Nomination,
    Organisation,
    Person,
    Seat,
)

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

REGISTRY_MODELS: tuple[type[models.Model], ...] = (
    Organisation,
    Person,
    Body,
    Seat,
    Membership,
    Nomination,
    Commission,
    CommissionVersion,
)


def seed_text() -> str:
    """All three seeds, with every run of whitespace (line breaks, NBSP) made one space."""
    return " ".join(
        " ".join(path.read_text(encoding="utf-8").split()) for path in sorted(SEEDS.glob("*.txt"))
    )


def body(name: str) -> Body:
    return Body.objects.get(name=name)


def vacancies_in(name: str) -> dict[str, int]:
    """Vacant places per seat title of one body, as the vacancy list shows them to anyone."""
    return {
        vacancy.seat.title: vacancy.places
        for vacancy in queries.vacancies(AnonymousUser())
        if vacancy.body.name == name
    }


def listed_vacancy_count(name: str) -> int:
    listed = queries.body_list(AnonymousUser(), queries.BodyFilter(region="20")).get(name=name)
    return int(listed.vacancy_count)  # type: ignore[attr-defined]


def current_roles(name: str) -> set[tuple[str, str]]:
    return {
        (m.person.name, m.role)
        for m in Membership.objects.current().filter(body__name=name).select_related("person")
    }


def chart_node(nodes: list[queries.ChartNode], name: str) -> queries.ChartNode | None:
    for node in nodes:
        if node.body.name == name:
            return node
        found = chart_node(node.children, name)
        if found is not None:
            return found
    return None


def chart_names(nodes: list[queries.ChartNode]) -> list[str]:
    names: list[str] = []
    for node in nodes:
        names.append(node.body.name)
        names.extend(chart_names(node.children))
    return names


def row_counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in REGISTRY_MODELS}


def history_counts() -> dict[str, int]:
    models_with_history = (*REGISTRY_MODELS, Region, Kommun, Sjukvardsregion, ProgrammeArea)
    return {model.__name__: model.history.count() for model in models_with_history}  # type: ignore[attr-defined]


class DemoTestCase(TestCase):
    report: DemoReport

    @classmethod
    def setUpTestData(cls) -> None:
        cls.report = load_demo()


class DemoSeatsAndVacanciesTests(DemoTestCase):
    def test_lpo_barn_och_unga_has_four_regional_and_three_to_four_municipal_seats(self) -> None:
        lpo = body("LPO Barn och Unga")
        regional = lpo.seats.get(represents=Seat.Represents.REGION)
        municipal = lpo.seats.get(represents=Seat.Represents.KOMMUN)
        assert (regional.quota, regional.quota_min, regional.unnamed_holders) == (4, None, 0)
        assert (municipal.quota, municipal.quota_min) == (4, 3)
        assert municipal.quota_label == "3–4"
        assert municipal.profile == "socialchef, IFO, elevhälsa, förskola"
        assert municipal.nominating_body == body("Socialchefsnätverket")
        assert municipal.nominating_body is not None
        assert municipal.nominating_body.short_name == "SCHNV"
        # Nobody is appointed yet: every place is vacant, at least three of them must be filled.
        assert municipal.required_vacancies == 3
        assert vacancies_in("LPO Barn och Unga") == {
            "Representanter från regionen": 4,
            "Kommunrepresentanter": 4,
        }
        assert listed_vacancy_count("LPO Barn och Unga") == 8

    def test_lpo_aldre_has_one_filled_and_two_vacant_municipal_seats(self) -> None:
        municipal = body("LPO Äldre").seats.get(represents=Seat.Represents.KOMMUN)
        # "En representant från kommunerna är utsedd, två saknas" – the one is not named.
        assert (municipal.quota, municipal.unnamed_holders) == (3, 1)
        assert municipal.holders() == []
        assert municipal.vacancies == 2
        assert municipal.nominating_body == body("Socialchefsnätverket")

    def test_lpo_aldre_has_a_vacant_primarvard_seat_nominated_by_primarvardsledningen(
        self,
    ) -> None:
        seat = body("LPO Äldre").seats.get(title="Primärvårdsrepresentant")
        assert seat.nominating_body is None
        assert seat.nominating_note == "primärvårdsledningen"
        [vacancy] = [v for v in queries.vacancies(AnonymousUser()) if v.seat.pk == seat.pk]
        assert vacancy.places == 1
        assert vacancy.nominator == "primärvårdsledningen"
        assert vacancies_in("LPO Äldre") == {
            "Kommunrepresentanter": 2,
            "Primärvårdsrepresentant": 1,
        }
        assert listed_vacancy_count("LPO Äldre") == 3

    def test_vacancy_list_and_body_list_agree_for_every_lpo(self) -> None:
        expected = {
            "LPO Barn och Unga": 8,
            "LPO Psykisk Hälsa": 8,
            "LPO Äldre": 3,
            "LPO Rehabilitering, habilitering och försäkringsmedicin": 1,  # elevhälsan
            "LPO Levnadsvanor": 1,
            "LPO Primärvård": 0,
        }
        for name, count in expected.items():
            with self.subTest(name):
                assert sum(vacancies_in(name).values()) == count
                assert listed_vacancy_count(name) == count

    def test_seats_known_from_seed_000_open_in_autumn_2020(self) -> None:
        seat = body("LPO Barn och Unga").seats.get(represents=Seat.Represents.KOMMUN)
        assert seat.opened_on == dt.date(2020, 9, 1)
        [vacancy] = [v for v in queries.vacancies(AnonymousUser()) if v.seat.pk == seat.pk]
        assert vacancy.since == dt.date(2020, 9, 1)

    def test_lag_bhv_has_an_adjungerad_kommun_seat_nominated_by_schnv(self) -> None:
        seat = body("LAG BHV").seats.get()
        assert seat.seat_type == Seat.SeatType.ADJUNGERAD
        assert seat.represents == Seat.Represents.KOMMUN
        assert seat.nominating_body == body("Socialchefsnätverket")


class DemoStructureTests(DemoTestCase):
    def test_region_dalarna_and_its_fifteen_kommuner_are_organisations(self) -> None:
        dalarna = Organisation.objects.get(region__code="20")
        assert dalarna.name == "Region Dalarna"
        assert dalarna.kind == Organisation.Kind.REGION
        kommuner = Organisation.objects.filter(kommun__region__code="20")
        assert kommuner.count() == 15
        assert set(kommuner.values_list("kind", flat=True)) == {Organisation.Kind.KOMMUN}
        assert kommuner.filter(name="Borlänge kommun", kommun__code="2081").exists()

    def test_the_six_lpo_have_the_chairs_and_coordinators_the_seeds_name(self) -> None:
        chair, coordinator = Membership.Role.ORDFORANDE, Membership.Role.SAMORDNARE
        assert current_roles("LPO Barn och Unga") == {("Anders Grawé", chair)}
        assert current_roles("LPO Psykisk Hälsa") == {("Ulf Björnfot", chair)}
        assert current_roles("LPO Äldre") == {("Lotta Jansson", chair)}
        assert current_roles("LPO Rehabilitering, habilitering och försäkringsmedicin") == {
            ("Marie-Louise Liljergren", chair),
            ("Marie-Louise Liljergren", coordinator),
        }
        assert current_roles("LPO Levnadsvanor") == {("Yvonne", coordinator)}
        assert current_roles("LPO Primärvård") == {("Susanna", Membership.Role.LEDAMOT)}

    def test_lpos_have_the_programme_area_their_seed_name_is_an_alias_of(self) -> None:
        seed_names = {
            "LPO Barn och Unga": "Barn och unga",
            "LPO Psykisk Hälsa": "Psykisk hälsa",
            "LPO Äldre": "Äldre",
            "LPO Rehabilitering, habilitering och försäkringsmedicin": (
                "Rehab HAB Försäkringsmedicin"
            ),
            "LPO Levnadsvanor": "Levnadsvanor",
            "LPO Primärvård": "LPO PV",
        }
        for name, seed_name in seed_names.items():
            with self.subTest(name):
                area = body(name).programme_area
                assert area is not None
                assert seed_name in [area.name, *area.aliases]
        rhf = ProgrammeArea.objects.get(code="rehabilitering-habilitering-och-forsakringsmedicin")
        assert body("RPO rehabilitering, habilitering och försäkringsmedicin").programme_area == rhf
        assert body("NPO rehabilitering, habilitering och försäkringsmedicin").programme_area == rhf

    def test_planned_lags_hang_under_their_lpo(self) -> None:
        planned = {
            "LAG BHV": "LPO Barn och Unga",
            "LAG schizofreni": "LPO Psykisk Hälsa",
            "LAG kognitiv svikt/demens": "LPO Äldre",
            "LAG levnadsvanor": "LPO Levnadsvanor",
        }
        for name, parent in planned.items():
            with self.subTest(name):
                lag = body(name)
                assert lag.kind == Body.Kind.LAG
                assert lag.status == Body.Status.PLANERAD
                assert lag.parent == body(parent)
        # Seed 003 (2022) moves the rehabilitering LAG on and names one at work.
        assert body("LAG rehabilitering").status == Body.Status.UNDER_INRATTANDE
        assert body("LAG syn och hörsel").status == Body.Status.AKTIV

    def test_org_chart_of_dalarna_shows_the_whole_structure(self) -> None:
        roots = queries.org_chart(AnonymousUser(), "20")
        names = chart_names(roots)
        # Dalarna's chart holds every body of the demo but those of the other regions.
        assert sorted(names) == sorted(data.name for data in BODIES if data.region in ("", "20"))
        assert len(names) == len(set(names))
        root_names = [node.body.name for node in roots]
        for root in (
            "NPO rehabilitering, habilitering och försäkringsmedicin",
            "RPO rehabilitering, habilitering och försäkringsmedicin",
            "LPO Barn och Unga",
            "LPO Primärvård",
            "Välfärdsrådet",
        ):
            assert root in root_names
        # National first, then sjukvårdsregional, then the region's own.
        assert root_names[0].startswith("NPO")
        assert root_names[1].startswith("RPO")
        expected_children = {
            "Välfärdsrådet": {"Länsnätverket för förvaltningschefer"},
            "Länsnätverket för förvaltningschefer": {
                "Styrgruppen för Länschefsnätverket",
                "Socialchefsnätverket",
                "Regional styrgrupp för välfärdsteknik och digitalisering",
                "Länsgemensam styrgrupp för God och nära vård",
            },
            "Socialchefsnätverket": {"Styrgruppen för Socialchefsnätverket"},
            "LPO Barn och Unga": {"LAG BHV"},
            "LPO Psykisk Hälsa": {"LAG schizofreni"},
            "LPO Äldre": {"LAG kognitiv svikt/demens"},
            "LPO Rehabilitering, habilitering och försäkringsmedicin": {
                "LAG rehabilitering",
                "LAG syn och hörsel",
            },
            "LPO Levnadsvanor": {"LAG levnadsvanor"},
            "LPO Primärvård": {"Arbetsgrupp SUS"},
        }
        for name, children in expected_children.items():
            with self.subTest(name):
                node = chart_node(roots, name)
                assert node is not None
                assert {child.body.name for child in node.children} == children
        barn = chart_node(roots, "LPO Barn och Unga")
        assert barn is not None
        assert barn.total_vacancies == 8 + 1  # its own eight and the adjungerad place in LAG BHV

    def test_closed_styrgrupp_god_och_nara_vard_has_no_open_seats_and_no_current_memberships(
        self,
    ) -> None:
        styrgrupp = body("Länsgemensam styrgrupp för God och nära vård")
        assert styrgrupp.status == Body.Status.AVVECKLAD
        assert styrgrupp.closed_on == dt.date(2022, 1, 28)
        assert styrgrupp.parent == body("Länsnätverket för förvaltningschefer")
        assert not styrgrupp.seats.open().exists()
        assert not Membership.objects.current().filter(body=styrgrupp).exists()
        ewa = Membership.objects.get(body=styrgrupp)
        assert (ewa.person.name, ewa.role) == ("Ewa Welén", Membership.Role.PROCESSLEDARE)
        assert ewa.end_on == dt.date(2022, 1, 28)
        assert styrgrupp not in Body.objects.active()

    def test_valfardsteknik_styrgrupp_commission_is_approved_by_lchnv_on_2022_01_28(self) -> None:
        styrgrupp = body("Regional styrgrupp för välfärdsteknik och digitalisering")
        lchnv = body("Länsnätverket för förvaltningschefer")
        commission = styrgrupp.commissions.get()
        assert commission.kind == Commission.Kind.UPPDRAGSBESKRIVNING
        version = commission.current_version()
        assert version is not None
        assert version.approved_by == lchnv
        assert version.approved_on == dt.date(2022, 1, 28)
        assert "10 ledamöter" in version.text
        assert styrgrupp.parent == lchnv

    def test_valfardsteknik_styrgrupp_has_ten_places_filled_by_unnamed_members(self) -> None:
        seat = body("Regional styrgrupp för välfärdsteknik och digitalisering").seats.get()
        assert (seat.quota, seat.unnamed_holders, seat.vacancies) == (10, 10, 0)
        assert "Högskolan Dalarna" in seat.profile
        assert "Dalarnas Science Park" in seat.profile

    def test_sus_directive_is_a_draft_because_lchnv_only_took_note_of_it(self) -> None:
        commission = body("Arbetsgrupp SUS").commissions.get()
        assert commission.kind == Commission.Kind.UPPDRAGSDIREKTIV
        assert commission.current_version() is None
        assert commission.versions.get().status == CommissionVersion.Status.DRAFT


class DemoPeopleTests(DemoTestCase):
    def test_rpo_rhf_has_the_seed_003_members_with_their_regions(self) -> None:
        rpo = body("RPO rehabilitering, habilitering och försäkringsmedicin")
        assert rpo.level == Body.Level.SJUKVARDSREGIONAL
        assert rpo.sjukvardsregion is not None
        assert rpo.sjukvardsregion.code == "mellansverige"
        members = {
            m.person.name: (m.representing.name if m.representing else "", m.note)
            for m in rpo.memberships.select_related("person", "representing")
        }
        habilitering = "RAG Habilitering, Syn, Hörsel, Skriv/teckenspråkstolk"
        assert members == {
            "Marie Bergsten": ("Region Gävleborg", "RAG Rehabilitering"),
            "Marie-Louise Liljergren": ("Region Dalarna", "RAG Rehabilitering"),
            "Caisa Hedlund": ("Region Värmland", "RAG Försäkringsmedicin"),
            "Carolina Blomberg": ("Region Örebro län", "RAG Försäkringsmedicin"),
            "Annica Winroth": ("Region Västmanland", habilitering),
            "Annika Öst Nilsson": (
                "Region Gävleborg",
                "NPO Rehabilitering Habilitering Försäkringsmedicin",
            ),
            # Frånvarande at the meeting, a member still.
            "Birgitta Törnblom": ("Region Sörmland", habilitering),
        }
        for organisation in Organisation.objects.filter(representatives__body=rpo):
            assert organisation.kind == Organisation.Kind.REGION
            assert organisation.region is not None
            assert organisation.region.sjukvardsregion.code == "mellansverige"

    def test_npo_rhf_asks_for_a_new_member_for_the_northern_region(self) -> None:
        npo = body("NPO rehabilitering, habilitering och försäkringsmedicin")
        assert npo.level == Body.Level.NATIONELL
        nomination = Nomination.objects.get(seat__body=npo)
        assert nomination.status == Nomination.Status.REQUESTED
        assert nomination.candidate is None
        assert "norra" in nomination.seat.title
        assert "ny ledamot ska nomineras" in nomination.note
        # The leaving member still holds the place until the new one is decided.
        assert nomination.seat.vacancies == 0

    def test_marie_louise_is_one_person_chairing_lpo_rhf_and_sitting_in_rpo_rhf(self) -> None:
        assert not Person.objects.filter(name="Marie-Louise").exists()
        person = Person.objects.get(name__startswith="Marie-Louise")
        bodies = set(person.memberships.values_list("body__name", "role"))
        assert bodies == {
            ("LPO Rehabilitering, habilitering och försäkringsmedicin", "ordforande"),
            ("LPO Rehabilitering, habilitering och försäkringsmedicin", "samordnare"),
            ("RPO rehabilitering, habilitering och försäkringsmedicin", "ledamot"),
            ("LPO-ordförandenas möten", "ledamot"),
        }

    def test_lchnv_members_are_the_attendance_list_of_seed_002(self) -> None:
        lchnv = body("Länsnätverket för förvaltningschefer")
        assert lchnv.short_name == "LCHNV"
        assert lchnv.parent == body("Välfärdsrådet")
        members = Membership.objects.current().filter(body=lchnv)
        assert members.count() == 25
        assert set(members.values_list("role", flat=True)) == {Membership.Role.LEDAMOT}
        tomas = members.select_related("person__organisation", "representing").get(
            person__name="Tomas Ahlin"
        )
        assert tomas.person.title == "Socialchef"
        assert tomas.person.organisation is not None
        assert tomas.person.organisation.name == "Borlänge kommun"
        assert tomas.representing == tomas.person.organisation
        # Only what the seed states: no title for someone it names without one.
        assert Person.objects.get(name="Stefan Nielsen").title == ""
        ulrika = Person.objects.get(name="Ulrika Gärdsback")
        assert ulrika.memberships.filter(body__name="Styrgruppen för Länschefsnätverket").exists()

    def test_every_person_in_the_demo_is_named_in_the_seeds(self) -> None:
        text = seed_text()
        people = list(Person.objects.values_list("name", flat=True))
        assert len(people) == len(set(people))
        for name in people:
            with self.subTest(name):
                # The full name, or the surname where the seed splits or shortens the name.
                assert any(
                    re.search(rf"\b{re.escape(words)}\b", text)
                    for words in (name, name.split()[-1])
                )

    def test_no_person_has_an_invented_email_or_phone(self) -> None:
        assert not Person.objects.exclude(email="").exists()
        assert not Person.objects.exclude(phone="").exists()


class LoadDemoTests(TestCase):
    def test_loading_twice_leaves_the_same_rows_and_no_new_history(self) -> None:
        first = load_demo()
        rows, history = row_counts(), history_counts()
        second = load_demo()
        assert row_counts() == rows
        assert history_counts() == history
        assert second.created_total == 0
        assert second.closed == []
        assert first.closed == ["Länsgemensam styrgrupp för God och nära vård"]
        for model in DemoReport.MODELS:
            with self.subTest(model.__name__):
                assert second.existing[model] == first.created[model] + first.existing[model]

    def test_it_loads_the_reference_data_it_needs_itself(self) -> None:
        assert not Region.objects.exists()
        load_demo()
        assert Region.objects.filter(code="20").exists()
        assert Kommun.objects.filter(region__code="20").count() == 15

    def test_load_demo_command_prints_a_swedish_summary(self) -> None:
        out = StringIO()
        call_command("load_demo", stdout=out)
        assert "organ: " in out.getvalue()
        assert "Demodata inläst." in out.getvalue()
        bodies = Body.objects.count()
        assert f"organ: {bodies} nya, 0 fanns redan" in out.getvalue()
        again = StringIO()
        call_command("load_demo", stdout=again)
        assert f"organ: 0 nya, {bodies} fanns redan" in again.getvalue()
        assert "inget ändrades" in again.getvalue()
