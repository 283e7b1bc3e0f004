"""The demo's meetings come from the seed minutes through the importer."""

from __future__ import annotations

from pathlib import Path

from django.test import TestCase

from kunskapsnav.meetings.models import ActionItem, Meeting
from kunskapsnav.minutes.demo import MinutesReport, demo_files, load_demo_minutes
from kunskapsnav.registry.demo import load_demo


class DemoMinutesTests(TestCase):
    report: MinutesReport

    @classmethod
    def setUpTestData(cls) -> None:
        load_demo()
        cls.report = load_demo_minutes()

    def test_the_package_carries_the_seed_minutes_unchanged(self) -> None:
        shared = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
        assert dict(demo_files()) == {path.name: path.read_bytes() for path in shared.glob("*.txt")}

    def test_lchnvs_meeting_reads_like_the_seed(self) -> None:
        meeting = Meeting.objects.get(body__short_name="LCHNV", date="2022-01-28")
        assert meeting.items.count() == 18
        assert list(meeting.items.filter(struck=True).values_list("number", flat=True)) == ["15"]
        assert meeting.diary_number == "RD22/00384"
        assert meeting.status == Meeting.Status.PUBLICERAT
        decisions = list(meeting.decisions.values_list("text", flat=True))
        assert "att godkänna dagordningen." in decisions
        assert all(text.startswith("att ") for text in decisions)
        assert meeting.attendance.filter(person__isnull=False).count() == meeting.attendance.count()

    def test_first_names_in_actions_become_registry_people(self) -> None:
        action = ActionItem.objects.get(text__istartswith="sammankalla till mötet")
        assert [p.name for p in action.responsible_people.all()] == ["Tanja Mårtensson"]
        assert action.due_date is not None
        assert action.due_text == "januari/februari 2021"

    def test_the_lpo_chairs_notes_say_their_date_is_approximate(self) -> None:
        meeting = Meeting.objects.get(body__name="LPO-ordförandenas möten", source_hash__gt="")
        assert "ungefärligt" in meeting.introduction

    def test_loading_again_changes_nothing(self) -> None:
        before = (Meeting.objects.count(), ActionItem.objects.count())
        again = load_demo_minutes()
        assert again.imported == []
        assert (Meeting.objects.count(), ActionItem.objects.count()) == before

    def test_open_actions_follow_up_at_the_next_meeting(self) -> None:
        upcoming = (
            Meeting.objects.filter(body__name="LPO-ordförandenas möten", source_hash="")
            .order_by("date")
            .first()
        )
        assert upcoming is not None
        assert ActionItem.objects.on_follow_up_of(upcoming).count() == 23
