"""The demo's meetings: the three seed minutes, imported the way a user imports them.

Each file in ``demo_minutes/`` goes through the importer (extract, parse, match, apply) with the
matches it proposes accepted, as a coordinator who agrees with every proposal would. Seed 000
names neither its body nor its date; the demo gives it the LPO chairs' group and the approximate
date of the registry demo, and says so on the meeting. Running it again changes nothing: an
imported file is recognised by its checksum.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import resources

from django.db import transaction
from django.utils import timezone

from kunskapsnav.meetings import services as meetings
from kunskapsnav.meetings.models import Meeting
from kunskapsnav.minutes import importer
from kunskapsnav.registry.demo import AUTUMN_2020
from kunskapsnav.registry.models import Body

#: What the seeds leave out, by file: the body's name and the date, with the reason shown.
MISSING = {
    "000_f42c3403668b8251.txt": (
        "LPO-ordförandenas möten",
        AUTUMN_2020,
        "Minnesanteckningarna anger varken organ eller datum. Datumet är ungefärligt (hösten "
        "2020, före det uppföljande mötet i januari/februari 2021).",
    ),
}
#: Bodies that get upcoming meetings in the demo, so that carry-over shows.
UPCOMING = ("Länsnätverket för förvaltningschefer", "LPO-ordförandenas möten")


@dataclass
class MinutesReport:
    imported: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    planned: int = 0

    def lines(self) -> list[str]:
        lines = [f"protokoll: {len(self.imported)} importerade, {len(self.skipped)} fanns redan"]
        if self.planned:
            lines.append(f"kommande möten: {self.planned} planerade")
        return lines


def demo_files() -> list[tuple[str, bytes]]:
    folder = resources.files("kunskapsnav.minutes").joinpath("demo_minutes")
    return sorted(
        (entry.name, entry.read_bytes())
        for entry in folder.iterdir()
        if entry.name.endswith(".txt")
    )


@transaction.atomic
def load_demo_minutes(today: dt.date | None = None) -> MinutesReport:
    report = MinutesReport()
    for name, data in demo_files():
        digest = importer.file_hash(data)
        if Meeting.objects.filter(source_hash=digest).exists():
            report.skipped.append(name)
            continue
        document = importer.create_document(data, name, acting_user=None)
        importer.parse_document(document)
        if name in MISSING:
            body_name, day, _reason = MISSING[name]
            body = Body.objects.get(name=body_name)
            document.review = {
                **importer.build_review(document.parsed or {}, body),
                "date": day.isoformat(),
            }
            document.body = body
            document.save(update_fields=["review", "body"])
        meeting = importer.apply(document, acting_user=None)
        if name in MISSING:
            meeting.introduction = MISSING[name][2]
            meeting.save(update_fields=["introduction"])
        meetings.publish_minutes(meeting, acting_user=None)
        report.imported.append(name)
    day = today or timezone.localdate()
    for body in Body.objects.filter(name__in=UPCOMING):
        if Meeting.objects.filter(body=body, date__gte=day).exists():
            continue
        series = meetings.plan_series(
            body,
            [day + dt.timedelta(days=14), day + dt.timedelta(days=70)],
            acting_user=None,
            name="Kommande möten",
            start_time=dt.time(9),
            end_time=dt.time(12),
            place="Teams",
        )
        report.planned += series.meetings.count()
        first = series.meetings.order_by("date").first()
        if first is not None:
            for title in ("Mötets öppnande", "Godkännande av dagordning", "Övriga frågor"):
                meetings.add_item(first, acting_user=None, title=title)
    return report
