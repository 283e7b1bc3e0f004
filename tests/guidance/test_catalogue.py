"""The national catalogue is loaded from the reference data, idempotently."""

from __future__ import annotations

import datetime as dt

from django.test import TestCase

from kunskapsnav.core.reference import LoadReport, load_reference
from kunskapsnav.guidance.catalogue import load_catalogue, parse_partial_date
from kunskapsnav.guidance.models import Kunskapsstod, RemissRound


def snapshot() -> tuple[object, ...]:
    stod = list(
        Kunskapsstod.objects.order_by("code").values_list(
            "pk",
            "code",
            "name",
            "type__code",
            "programme_area__code",
            "status",
            "approved_on",
            "approved_precision",
            "published_on",
            "part_of__code",
        )
    )
    rounds = list(
        RemissRound.objects.order_by("pk").values_list(
            "pk", "kunskapsstod__code", "kind", "opens", "closes"
        )
    )
    return (
        stod,
        rounds,
        Kunskapsstod.history.count(),
        RemissRound.history.count(),
    )


class CatalogueTests(TestCase):
    first: LoadReport

    @classmethod
    def setUpTestData(cls) -> None:
        load_reference()
        cls.first = load_catalogue()

    def test_every_kunskapsstod_of_the_reference_data_is_loaded(self) -> None:
        assert Kunskapsstod.objects.count() == 25
        assert self.first.created["kunskapsstöd"] == 25

    def test_loading_twice_leaves_the_same_rows_and_writes_no_history(self) -> None:
        before = snapshot()
        again = load_catalogue()
        assert snapshot() == before
        assert again.created == {}
        assert again.updated == {}
        assert again.unchanged["kunskapsstöd"] == 25

    def test_a_changed_row_is_updated_and_audited_as_the_loader(self) -> None:
        Kunskapsstod.objects.filter(code="kol").update(name="Fel namn")
        report = load_catalogue()
        assert report.updated == {"kunskapsstöd": 1}
        kol = Kunskapsstod.objects.get(code="kol")
        assert kol.name == "KOL"
        record = kol.history.latest()
        assert record.history_user is None
        assert record.history_change_reason == "load_reference"

    def test_types_and_programme_areas_map_to_reference_rows(self) -> None:
        tbi = Kunskapsstod.objects.get(code="traumatisk-hjarnskada")
        assert tbi.type.name == "Personcentrerat och sammanhållet vårdförlopp"
        assert tbi.programme_area is not None
        assert tbi.programme_area.code == "nervsystemets-sjukdomar"
        assert set(tbi.other_programme_areas.values_list("code", flat=True)) == {
            "akut-vard",
            "barn-och-ungdomars-halsa",
            "rehabilitering-habilitering-och-forsakringsmedicin",
            "primarvardsrad",
        }
        assert "TBI" in tbi.aliases
        rehab = Kunskapsstod.objects.get(code="rehabilitering-generisk-modell")
        assert rehab.type.code == "generisk_modell"
        program = Kunskapsstod.objects.get(code="vardprogram-levnadsvanor")
        assert program.type.code == "nationellt_vardprogram"

    def test_statuses_map_to_the_national_status(self) -> None:
        statuses = dict(Kunskapsstod.objects.values_list("code", "status"))
        assert statuses["kol"] == Kunskapsstod.Status.FASTSTALLD
        assert statuses["vardprogram-levnadsvanor"] == Kunskapsstod.Status.PUBLICERAD
        assert statuses["levnadsvanor-generiskt"] == Kunskapsstod.Status.UNDER_UTVECKLING

    def test_approval_dates_keep_their_precision(self) -> None:
        rows = {k.code: (k.approved_on, k.approved_precision) for k in Kunskapsstod.objects.all()}
        assert rows["hjartsvikt"] == (dt.date(2021, 2, 24), "day")
        assert rows["stroke-och-tia"] == (dt.date(2020, 5, 1), "month")
        assert rows["kol"] == (dt.date(2020, 1, 1), "year")
        assert rows["knaledsartros-primarvard"] == (None, "")
        proteskirurgi = Kunskapsstod.objects.get(code="hoftledsartros-proteskirurgi")
        assert proteskirurgi.published_on == dt.date(2023, 4, 1)
        assert not Kunskapsstod.objects.get(code="knaledsartros-primarvard").verified

    def test_parts_point_at_their_group_when_it_is_in_the_catalogue(self) -> None:
        etablerad = Kunskapsstod.objects.get(code="etablerad-reumatoid-artrit")
        assert etablerad.part_of is not None
        assert etablerad.part_of.code == "reumatoid-artrit"
        assert Kunskapsstod.objects.get(code="reumatoid-artrit").part_of is None
        # "hoftledsartros" is a group without a record of its own.
        assert Kunskapsstod.objects.get(code="hoftledsartros-primarvard").part_of is None

    def test_remiss_rounds_are_loaded_and_open_ended_ones_close_by_the_calendar(self) -> None:
        hjartsvikt = RemissRound.objects.get(kunskapsstod__code="hjartsvikt")
        assert (hjartsvikt.kind, hjartsvikt.opens, hjartsvikt.closes) == (
            RemissRound.Kind.REMISS,
            dt.date(2020, 9, 16),
            dt.date(2020, 11, 27),
        )
        tbi = RemissRound.objects.get(kunskapsstod__code="traumatisk-hjarnskada")
        assert (tbi.opens, tbi.closes) == (dt.date(2022, 9, 15), dt.date(2022, 11, 14))
        assert "remisskalendern" in tbi.note
        horsel = RemissRound.objects.get(kunskapsstod__code="grav-horselnedsattning")
        assert horsel.closes == dt.date(2021, 11, 12)  # 14 November 2021 was a Sunday
        assert RemissRound.objects.count() == 13


def test_partial_dates_are_parsed_with_their_precision() -> None:
    assert parse_partial_date("2021-02-24") == (dt.date(2021, 2, 24), "day")
    assert parse_partial_date("2020-05") == (dt.date(2020, 5, 1), "month")
    assert parse_partial_date("2020") == (dt.date(2020, 1, 1), "year")
    assert parse_partial_date(None) == (None, "")
