from __future__ import annotations

import json
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase

from kunskapsnav.core import reference
from kunskapsnav.core.models import (
    GlossaryTerm,
    Kommun,
    KunskapsstodType,
    ProgrammeArea,
    Region,
    Sjukvardsregion,
)

PACKAGE_DATA = Path(reference.__file__).parent / "reference_data"


def row_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Sjukvardsregion,
            Region,
            Kommun,
            ProgrammeArea,
            KunskapsstodType,
            GlossaryTerm,
        )
    }


def history_count() -> int:
    return sum(
        model.history.count()
        for model in (
            Sjukvardsregion,
            Region,
            Kommun,
            ProgrammeArea,
            KunskapsstodType,
            GlossaryTerm,
        )
    )


class LoadReferenceTests(TestCase):
    def test_it_loads_every_region_kommun_and_programme_area(self) -> None:
        call_command("load_reference", stdout=open("/dev/null", "w"))  # noqa: SIM115
        counts = row_counts()
        assert counts["Region"] == 21
        assert counts["Kommun"] == 290
        assert counts["Sjukvardsregion"] == 6
        assert counts["ProgrammeArea"] == len(reference.read_reference("programomraden.json"))
        assert counts["ProgrammeArea"] == 33
        assert counts["KunskapsstodType"] == 12
        assert counts["GlossaryTerm"] == 105

    def test_running_it_twice_leaves_the_same_rows_and_no_new_history(self) -> None:
        reference.load_reference()
        counts, history = row_counts(), history_count()
        report = reference.load_reference()
        assert row_counts() == counts
        assert history_count() == history
        assert report.created == {}
        assert report.updated == {}
        assert sum(report.unchanged.values()) == sum(counts.values())

    def test_it_restores_a_changed_row_and_records_the_change(self) -> None:
        reference.load_reference()
        falun = Kommun.objects.get(code="2080")
        falun.name = "Falun (felstavat)"
        falun.save()
        report = reference.load_reference()
        falun.refresh_from_db()
        assert falun.name == "Falun"
        assert report.updated == {"kommuner": 1}
        newest = falun.history.first()
        assert newest.history_change_reason == reference.REASON
        assert newest.history_user is None

    def test_dalarna_has_its_fifteen_kommuner_and_keeps_leading_zeros(self) -> None:
        reference.load_reference()
        dalarna = Region.objects.get(code="20")
        assert dalarna.name == "Region Dalarna"
        assert dalarna.sjukvardsregion.code == "mellansverige"
        assert dalarna.kommuner.count() == 15
        assert Kommun.objects.get(code="0114").name == "Upplands Väsby"

    def test_halland_kommuner_follow_their_own_sjukvardsregion(self) -> None:
        reference.load_reference()
        assert Kommun.objects.get(code="1384").sjukvardsregion.code == "vastra"  # Kungsbacka
        assert Kommun.objects.get(code="1380").sjukvardsregion.code == "sodra"  # Halmstad

    def test_a_dangling_reference_fails_whole_and_loads_nothing(self) -> None:
        original = reference.read_reference

        def broken(name: str) -> list[dict[str, object]]:
            rows = original(name)
            if name == "kommuner.json":
                rows[-1] = {**rows[-1], "region": "99"}
            return rows

        reference.read_reference = broken
        try:
            with self.assertRaisesMessage(reference.ReferenceDataError, "unknown region '99'"):
                reference.load_reference()
        finally:
            reference.read_reference = original
        assert Region.objects.count() == 0


def test_package_reference_data_matches_the_shared_reference(shared_dir: Path) -> None:
    """The package carries its own copy; it must not drift from the project's reference data."""
    shared = shared_dir / "reference"
    for name in reference.REFERENCE_FILES:
        packaged = json.loads((PACKAGE_DATA / name).read_text(encoding="utf-8"))
        source = json.loads((shared / name).read_text(encoding="utf-8"))
        assert packaged == source, f"{name} differs from ../shared/reference/{name}"
    shared_names = {path.name for path in shared.glob("*.json")}
    assert shared_names == set(reference.REFERENCE_FILES)
