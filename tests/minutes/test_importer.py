"""Matching parsed minutes to the registry, and saving a reviewed document as a meeting."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from kunskapsnav.meetings.models import ActionItem, Meeting
from kunskapsnav.minutes import importer, matching
from kunskapsnav.minutes.models import ImportDocument
from kunskapsnav.registry import services as registry
from kunskapsnav.registry.models import Body, Person
from tests.base import BaseTestCase


def parsed_minutes(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "document_type": "minnesanteckningar",
        "body": "Länsnätverket för förvaltningschefer (Länschefsnätverket, LCHNV)",
        "date": "2022-01-28",
        "start_time": "09:00",
        "end_time": "12:00",
        "place": "Teams",
        "diary_number": "RD22/00384",
        "attendees": [
            {"name": "Tomas Ahlin", "status": "present", "organisation": None, "role": None},
            {"name": "Helén Kastemyr", "status": "partial", "organisation": None, "role": None},
            {"name": "Okänd Okändsson", "status": "present", "organisation": None, "role": None},
        ],
        "items": [
            {
                "number": "3",
                "title": "Godkännande av dagordning",
                "kind": "decision",
                "presenters": [],
                "text": "",
                "struck": False,
            },
            {
                "number": "15",
                "title": "Uppdrag till LPO RHF",
                "kind": "report",
                "presenters": [
                    {
                        "name": "Ewa Welén",
                        "title": "Processledare",
                        "organisation": "Region Dalarna",
                    }
                ],
                "text": "Lägesrapport.",
                "struck": True,
            },
        ],
        "decisions": [
            {"item": "3", "body": "Länschefsnätverket", "text": "att godkänna dagordningen."}
        ],
        "actions": [
            {
                "item": "15",
                "text": "Sammankalla till mötet",
                "responsible": ["Tomas"],
                "due": "2022-02-15",
            },
            {
                "item": None,
                "text": "Bereda frågan",
                "responsible": ["Socialchefsnätverket"],
                "due": "våren 2022",
            },
        ],
        "next_meeting": {"date": None, "text": "Nästa möte i mars."},
        "warnings": [],
    }
    data.update(overrides)
    return data


class ImporterTestCase(BaseTestCase):
    lchnv: Body
    schnv: Body
    tomas: Person
    helene: Person

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.lchnv = registry.create_body(
            acting_user=None,
            name="Länsnätverket för förvaltningschefer",
            short_name="LCHNV",
            kind="natverk",
            level="lansgemensam",
            region=cls.dalarna,
        )
        cls.schnv = registry.create_body(
            acting_user=None,
            name="Socialchefsnätverket",
            short_name="SCHNV",
            kind="natverk",
            level="lansgemensam",
            region=cls.dalarna,
        )
        cls.tomas = registry.create_person(acting_user=None, name="Tomas Ahlin", title="Socialchef")
        cls.helene = registry.create_person(acting_user=None, name="Helene Kastemyr")
        registry.appoint(cls.lchnv, cls.tomas, acting_user=None)
        registry.appoint(cls.lchnv, cls.helene, acting_user=None)

    def document(self, parsed: dict[str, Any], data: bytes = b"minutes") -> ImportDocument:
        document = ImportDocument(original_name="lchnv.txt", sha256=importer.file_hash(data))
        document.file.save("lchnv.txt", ContentFile(data), save=False)
        document.parsed = parsed
        document.text = "…"
        document.review = importer.build_review(parsed, None)
        document.status = ImportDocument.Status.PARSED
        document.save()
        return document


class MatchingTests(ImporterTestCase):
    def test_the_body_is_found_by_its_name_or_the_short_name_in_parentheses(self) -> None:
        best = matching.best(
            matching.match_body("Länsnätverket för förvaltningschefer (Länschefsnätverket, LCHNV)")
        )
        assert best is not None
        assert best.id == self.lchnv.pk
        short = matching.best(matching.match_body("LCHNV"))
        assert short is not None
        assert short.id == self.lchnv.pk

    def test_a_spelling_variant_still_matches(self) -> None:
        candidates = matching.match_person("Helén Kastemyr")
        assert candidates[0].id == self.helene.pk
        assert candidates[0].score >= matching.SUGGEST

    def test_a_first_name_is_resolved_among_the_meetings_people(self) -> None:
        people = matching.MeetingPeople.of_body(self.lchnv)
        found = matching.best(matching.match_person("Tomas", meeting_people=people))
        assert found is not None
        assert found.id == self.tomas.pk
        assert matching.best(matching.match_person("Tomas")) is None

    def test_an_unknown_name_has_no_good_candidate(self) -> None:
        assert matching.best(matching.match_person("Okänd Okändsson")) is None

    def test_the_review_proposes_matches_and_new_people(self) -> None:
        review = importer.build_review(parsed_minutes(), None)
        assert review["body_id"] == self.lchnv.pk
        choices = [a["choice"] for a in review["attendees"]]
        assert choices[0] == f"p:{self.tomas.pk}"
        assert choices[2] == "new"
        assert review["actions"][0]["responsible"][0]["choice"] == f"p:{self.tomas.pk}"
        assert review["actions"][1]["responsible"][0]["choice"] == f"b:{self.schnv.pk}"


class ApplyTests(ImporterTestCase):
    def test_a_reviewed_document_becomes_a_meeting_in_one_go(self) -> None:
        document = self.document(parsed_minutes())
        meeting = importer.apply(document, acting_user=self.alice)
        assert (meeting.body, meeting.date, meeting.diary_number) == (
            self.lchnv,
            dt.date(2022, 1, 28),
            "RD22/00384",
        )
        assert meeting.status == Meeting.Status.JUSTERAT
        assert meeting.start_time == dt.time(9)
        attendance = {a.display_name: a.status for a in meeting.attendance.all()}
        assert attendance == {
            "Tomas Ahlin": "narvarande",
            "Helene Kastemyr": "del_av_motet",
            "Okänd Okändsson": "narvarande",
        }
        assert Person.objects.filter(name="Okänd Okändsson").exists()
        items = list(meeting.items.order_by("order"))
        assert [(i.number, i.kind, i.struck) for i in items] == [
            ("3", "beslut", False),
            ("15", "rapport", True),
        ]
        assert [p.name for p in items[1].presenters.all()] == ["Ewa Welén"]
        assert meeting.decisions.get().item == items[0]
        action = ActionItem.objects.get(text="Sammankalla till mötet")
        assert list(action.responsible_people.all()) == [self.tomas]
        assert action.due_date == dt.date(2022, 2, 15)
        loose = ActionItem.objects.get(text="Bereda frågan")
        assert list(loose.responsible_bodies.all()) == [self.schnv]
        assert loose.due_text == "våren 2022"
        document.refresh_from_db()
        assert document.meeting == meeting
        assert document.status == ImportDocument.Status.IMPORTED

    def test_the_same_file_is_refused_the_second_time_with_a_link(self) -> None:
        document = self.document(parsed_minutes())
        meeting = importer.apply(document, acting_user=self.alice)
        with pytest.raises(importer.DuplicateImportError) as duplicate:
            importer.create_document(b"minutes", "igen.txt", acting_user=self.alice)
        assert duplicate.value.url == meeting.get_absolute_url()

    def test_minutes_without_a_date_must_get_one_before_saving(self) -> None:
        document = self.document(parsed_minutes(date=None))
        with pytest.raises(ValidationError, match="datum"):
            importer.apply(document, acting_user=self.alice)
        assert not Meeting.objects.exists()

    def test_a_failure_half_way_leaves_nothing_behind(self) -> None:
        parsed = parsed_minutes()
        parsed["decisions"][0]["text"] = ""  # a decision without text is refused by the service
        document = self.document(parsed)
        with pytest.raises(ValidationError):
            importer.apply(document, acting_user=self.alice)
        assert not Meeting.objects.exists()
        assert not Person.objects.filter(name="Okänd Okändsson").exists()


def test_decision_clauses_leave_the_item_text_but_the_rest_stays() -> None:
    text = "Föredragarna presenterade arbetet.\natt godkänna strategin.\nInga frågor uppkom."
    assert importer.without_decisions(text, ["att godkänna strategin."]) == (
        "Föredragarna presenterade arbetet.\nInga frågor uppkom."
    )


def test_a_due_period_in_words_ends_on_its_last_day() -> None:
    assert importer.period_end("januari/februari 2021") == dt.date(2021, 2, 28)
    assert importer.period_end("augusti 2022") == dt.date(2022, 8, 31)
    assert importer.period_end("våren 2022") is None
    assert importer.period_end("snarast") is None
