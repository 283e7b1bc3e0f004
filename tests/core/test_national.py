"""``generate_national``: the national synthetic data set at a test-sized scale."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

from django.core.management import CommandError, call_command
from django.test import TestCase

from kunskapsnav.core.national import generated_bodies, generated_people
from kunskapsnav.meetings.models import ActionItem, AgendaItem, Attendance, Decision, Meeting
from kunskapsnav.registry.models import Body, Membership, Person
from kunskapsnav.search.models import SearchDocument

# Three years rather than ten keep the test quick; the structure is the same.
ARGS = ("--scale", "0.01", "--years", "3", "--seed", "7")


def generate(*extra: str) -> str:
    out = StringIO()
    call_command("generate_national", *ARGS, *extra, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, Any]:
    bodies = generated_bodies()
    meetings = Meeting.objects.filter(body__in=bodies)
    return {
        "counts": {
            "bodies": bodies.count(),
            "people": generated_people().count(),
            "memberships": Membership.objects.filter(body__in=bodies).count(),
            "meetings": meetings.count(),
            "items": AgendaItem.objects.filter(meeting__in=meetings).count(),
            "decisions": Decision.objects.filter(meeting__in=meetings).count(),
            "actions": ActionItem.objects.filter(body__in=bodies).count(),
            "attendance": Attendance.objects.filter(meeting__in=meetings).count(),
        },
        "body_names": list(bodies.order_by("pk").values_list("name", flat=True)[:30]),
        "meeting_dates": list(meetings.order_by("pk").values_list("date", flat=True)[:30]),
        "people": list(generated_people().order_by("pk").values_list("name", flat=True)[:30]),
        "item_titles": list(
            AgendaItem.objects.filter(meeting__in=meetings)
            .order_by("pk")
            .values_list("title", flat=True)[:30]
        ),
    }


class GenerateNationalTests(TestCase):
    output: str
    first: dict[str, Any]
    demo_meeting: Meeting

    @classmethod
    def setUpTestData(cls) -> None:
        # Data that is not generated (as the demo's) must survive --replace untouched.
        demo = Body.objects.create(name="LPO Barn och unga", kind="lpo", level="regional")
        cls.demo_meeting = Meeting.objects.create(body=demo, date=dt.date(2024, 3, 4))
        AgendaItem.objects.create(meeting=cls.demo_meeting, title="Mötets öppnande")
        Person.objects.create(name="Tanja Demo")
        cls.output = generate()
        cls.first = snapshot()

    def test_builds_the_structure(self) -> None:
        kinds = set(generated_bodies().values_list("kind", flat=True))
        self.assertTrue({"npo", "nag", "rpo", "rag", "lpo", "lag", "natverk"} <= kinds)
        # The reduced structure: three programme areas in two regions.
        self.assertEqual(generated_bodies().filter(kind="npo").count(), 3)
        self.assertEqual(generated_bodies().filter(kind="lpo").count(), 6)
        self.assertEqual(generated_bodies().filter(kind="lag").count(), 18)
        lpo = generated_bodies().filter(kind="lpo").first()
        assert lpo is not None
        self.assertEqual(lpo.parent.kind if lpo.parent else None, "rpo")
        self.assertTrue(Membership.objects.filter(body=lpo, end_on__isnull=True).exists())
        self.assertEqual(generated_people().count(), 400)

    def test_meetings_have_items_decisions_and_actions(self) -> None:
        counts = self.first["counts"]
        self.assertGreater(counts["meetings"], 100)
        self.assertGreater(counts["items"], 8 * counts["meetings"])
        self.assertGreater(counts["actions"], counts["meetings"])
        self.assertGreater(counts["decisions"], 0)
        self.assertGreater(counts["attendance"], 0)
        meetings = Meeting.objects.filter(body__in=generated_bodies())
        statuses = set(meetings.values_list("status", flat=True))
        self.assertTrue({"publicerat", "planerat"} <= statuses)
        self.assertTrue(ActionItem.objects.filter(status="done", closed_in__isnull=False).exists())
        self.assertTrue(ActionItem.objects.filter(status__in=ActionItem.OPEN).exists())
        titles = AgendaItem.objects.filter(meeting__in=meetings).values_list("title", flat=True)
        self.assertTrue(any(title.startswith("Vårdförlopp ") for title in titles))

    def test_reports_counts_and_time(self) -> None:
        self.assertIn("möten: ", self.output)
        self.assertIn("Skapat på", self.output)
        self.assertIn("Sökindexet byggdes om", self.output)

    def test_the_search_index_has_the_generated_documents(self) -> None:
        documents = SearchDocument.objects.filter(body__in=generated_bodies())
        self.assertTrue(documents.filter(kind=SearchDocument.Kind.MEETING).exists())
        self.assertTrue(documents.filter(kind=SearchDocument.Kind.ITEM).exists())
        self.assertTrue(documents.filter(kind=SearchDocument.Kind.ACTION).exists())

    def test_refuses_a_second_run(self) -> None:
        with self.assertRaisesMessage(CommandError, "--replace"):
            generate()
        self.assertEqual(snapshot(), self.first)

    def test_replace_regenerates_the_same_data(self) -> None:
        output = generate("--replace", "--no-index")
        self.assertIn("Borttaget", output)
        self.assertNotIn("Sökindexet", output)
        self.assertEqual(snapshot(), self.first)
        # What was not generated is untouched.
        self.assertTrue(Meeting.objects.filter(pk=self.demo_meeting.pk).exists())
        self.assertEqual(self.demo_meeting.items.count(), 1)
        self.assertTrue(Person.objects.filter(name="Tanja Demo").exists())
        # The search documents of the deleted rows went with them.
        stale = SearchDocument.objects.filter(
            kind=SearchDocument.Kind.MEETING, body__in=generated_bodies()
        )
        self.assertFalse(stale.exists())

    def test_another_seed_gives_other_data(self) -> None:
        out = StringIO()
        call_command(
            "generate_national",
            *("--scale", "0.01", "--years", "1", "--seed", "8", "--replace", "--no-index"),
            stdout=out,
        )
        self.assertEqual(generated_bodies().filter(kind="npo").count(), 3)
        self.assertNotEqual(snapshot()["people"], self.first["people"])
