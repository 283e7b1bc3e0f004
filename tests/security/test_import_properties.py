"""Properties of every import on generated input: never a crash, and all or nothing.

- minutes: ``parse`` on hostile text (the parser's own properties are in
  ``tests/minutes/test_parser_properties.py``; here its strategy gets control characters, bidi
  overrides, astral characters and very long lines); ``extract`` on arbitrary and on mutated
  real files raises only ``ExtractionError``; the importer, from text to meeting through the
  service functions, makes a complete meeting or nothing;
- the gap analysis in Excel: generated workbooks (edits of the export, and hostile ones with
  formulas, long text, numbers, dates, merged cells, extra and missing sheets and headers)
  either apply exactly what ``read_gap_analysis`` reported or change nothing;
- the measurements CSV (the product's CSV import): generated rows are read all or nothing;
- the questionnaire recipients typed as lines: all are added or none.

Each example runs in its own transaction (Hypothesis' Django test case) and inside a savepoint
that is rolled back, so examples do not see each other.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from hypothesis.extra.django import TestCase as HypothesisTestCase
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import MergedCell

from kunskapsnav.followup import questionnaires as q
from kunskapsnav.followup.models import Recipient
from kunskapsnav.followup.questionnaire_forms import RecipientsForm
from kunskapsnav.guidance import gap_xlsx
from kunskapsnav.guidance import implementation as guidance
from kunskapsnav.guidance.models import GapAssessment, Measurement
from kunskapsnav.meetings.models import ActionItem, AgendaItem, Attendance, Decision, Meeting
from kunskapsnav.minutes import importer
from kunskapsnav.minutes.extract import ExtractionError, extract
from kunskapsnav.minutes.models import ImportDocument
from kunskapsnav.minutes.parser import parse, to_json
from kunskapsnav.registry.models import Body, Person
from tests.base import BaseTestCase
from tests.guidance.implementation_base import ImplementationTestCase
from tests.minutes.conftest import schema_errors
from tests.minutes.test_parser_properties import _texts as minutes_texts


def examples(count: int) -> settings:
    """``count`` examples, no deadline (the database makes times vary), no health checks."""
    return settings(max_examples=count, deadline=None, suppress_health_check=list(HealthCheck))


T = TypeVar("T")


def _refusal(call: Callable[[], T]) -> T | ValidationError:
    """What ``call`` returns, or the ``ValidationError`` it raised (anything else propagates)."""
    try:
        return call()
    except ValidationError as error:
        return error


def _event(name: str) -> None:
    """A Hypothesis event (shown with --hypothesis-show-statistics), outside it nothing."""
    if currently_in_test_context():
        event(name)


@contextmanager
def rolled_back() -> Iterator[None]:
    """Run the block in a savepoint and undo everything it wrote."""
    savepoint = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


# --- Minutes: parse and extract ---------------------------------------------------------------

_HOSTILE_CHARS = st.sampled_from(
    ["\x00", "\x07", "\x1b[31m", "\u202e", "\u200b", "\ufeff", "\r", "\f", "\v", "\u2028", "𝕏"]
)
_hostile_texts = st.one_of(
    st.lists(st.one_of(minutes_texts, _HOSTILE_CHARS), max_size=30).map("".join),
    # A long line without spaces: kept short here, see the ReDoS test below.
    st.tuples(minutes_texts, st.integers(1, 3_000)).map(lambda t: t[0] + "x" * t[1] + t[0]),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
)


@examples(300)
@given(_hostile_texts)
def test_hostile_text_parses_to_valid_json(text: str) -> None:
    assert schema_errors(to_json(parse(text))) == []


def test_a_long_line_without_spaces_parses_in_linear_time() -> None:
    started = time.perf_counter()
    parse("x" * 12_000)
    assert time.perf_counter() - started < 1.0


def _docx() -> bytes:
    from docx import Document

    document = Document()
    document.add_heading("Minnesanteckningar", 0)
    document.add_paragraph("Närvarande: Anna Berg", style="List Bullet")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "1. Inledning"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


REAL_FILES = {".docx": _docx(), ".pdf": _pdf(), ".txt": "Minnesanteckningar\nÅsa\n".encode()}
SUFFIXES = [".txt", ".md", ".pdf", ".docx", ".docm", ".doc", ".csv", ".zip", ""]
MAGIC = [b"", b"%PDF-1.7\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xff\xfe"]


@st.composite
def _mutated(draw: st.DrawFn) -> bytes:
    """A real file with bytes overwritten, cut short or spliced: reaches the deep parsers."""
    data = bytearray(draw(st.sampled_from(sorted(REAL_FILES.items())))[1])
    for _ in range(draw(st.integers(0, 8))):
        at = draw(st.integers(0, len(data) - 1))
        data[at : at + 4] = draw(st.binary(min_size=1, max_size=4))
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


_file_bytes = st.one_of(
    st.tuples(st.sampled_from(MAGIC), st.binary(max_size=3000)).map(b"".join),
    _mutated(),
)


@examples(400)
@given(_file_bytes, st.sampled_from(SUFFIXES))
def test_extract_raises_only_its_own_clear_error(data: bytes, suffix: str) -> None:
    try:
        result = extract(data, f"fil{suffix}")
    except ExtractionError as error:
        message = str(error)
        assert message.startswith(f"fil{suffix}")
        assert "\n" not in message
        assert "Traceback" not in message
    else:
        assert isinstance(result.text, str)
        assert result.pages >= 1


# --- Minutes: the importer end to end ---------------------------------------------------------


SAMPLES = sorted((Path(__file__).parents[1] / "minutes" / "samples").glob("*.*"))


@st.composite
def _mutated_minutes(draw: st.DrawFn) -> str:
    """Real minutes with lines dropped, repeated, cut or replaced by hostile text."""
    lines = draw(st.sampled_from(SAMPLES)).read_text(encoding="utf-8").splitlines()
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        how = draw(st.sampled_from(["drop", "repeat", "cut", "replace"]))
        if not lines:
            break
        if how == "drop":
            del lines[at]
        elif how == "repeat":
            lines.insert(at, lines[at])
        elif how == "cut":
            lines[at] = lines[at][: draw(st.integers(0, len(lines[at])))]
        else:
            lines[at] = draw(_hostile_texts)
    return "\n".join(lines)


class MinutesImporterProperties(HypothesisTestCase, BaseTestCase):
    """Text in, through ``create_document``, ``parse_document`` and ``apply``: a whole meeting
    (every item, decision and action the parser found) or nothing at all."""

    def setUp(self) -> None:
        super().setUp()
        media = tempfile.mkdtemp(prefix="kunskapsnav-properties-")
        override = override_settings(MEDIA_ROOT=media)
        override.enable()
        self.addCleanup(override.disable)
        self.addCleanup(shutil.rmtree, media, ignore_errors=True)

    def counts(self) -> dict[str, int]:
        return {
            model.__name__: model.objects.count()
            for model in (Meeting, AgendaItem, Decision, ActionItem, Attendance, Person)
        } | {"history": Meeting.history.count() + Person.history.count()}

    @examples(80)
    @given(st.one_of(_mutated_minutes(), minutes_texts, _hostile_texts))
    def test_any_text_becomes_a_whole_meeting_or_nothing(self, text: str) -> None:
        with rolled_back():
            before = self.counts()
            document = importer.create_document(
                text.encode("utf-8"), "protokoll.txt", acting_user=self.alice, body=self.lpo
            )
            importer.parse_document(document)
            document.refresh_from_db()
            if document.status == ImportDocument.Status.FAILED:
                event("not readable")
                assert document.error
                assert self.counts() == before
                return
            assert document.status == ImportDocument.Status.PARSED
            document.review["body_id"] = self.lpo.pk
            document.review["date"] = document.review.get("date") or "2024-05-03"
            document.save()
            try:
                meeting = importer.apply(document, acting_user=self.alice)
            except ValidationError:
                event("refused by apply")
                assert self.counts() == before
                document.refresh_from_db()
                assert document.status == ImportDocument.Status.PARSED
                return
            parsed = document.parsed or {}
            event("imported" if parsed.get("items") else "imported without items")
            assert meeting.items.count() == len(parsed.get("items", []))
            assert Decision.objects.filter(meeting=meeting).count() == len(
                parsed.get("decisions", [])
            )
            assert ActionItem.objects.filter(meeting=meeting).count() == len(
                parsed.get("actions", [])
            )
            assert meeting.attendance.count() <= len(parsed.get("attendees", []))
            document.refresh_from_db()
            assert document.status == ImportDocument.Status.IMPORTED
            assert document.meeting == meeting


# --- The gap analysis in Excel ----------------------------------------------------------------

State = GapAssessment.State
LABELS: dict[str, str] = {"Uppfyllt": State.UPPFYLLT, "Delvis uppfyllt": State.DELVIS}
LABELS |= {"Ej uppfyllt": State.EJ_UPPFYLLT, "Ej tillämpligt": State.EJ_TILLAMPLIGT, "": ""}
_label_spellings = st.sampled_from(sorted(LABELS)).flatmap(
    lambda label: st.sampled_from([label, label.upper(), label.lower(), f"  {label} "])
)
# Cell text openpyxl can write: no control characters but tab, newline and carriage return.
_cell_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=300
)
_comments = _cell_text.filter(lambda text: not text.strip().startswith(("=", "'")))
_values = st.one_of(
    st.none(),
    _cell_text,
    st.sampled_from(["=1+1", "=SUM(A1:A9)", '=HYPERLINK("http://x","y")', "'=x", "@x", "+1"]),
    st.sampled_from(["'\tKlart", "'\rKlart ", "'-", "'+ Klart", "Klart\n", "\tKlart"]),
    st.text(min_size=5_001, max_size=6_000, alphabet="abcåäö "),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 1, 1)),
    st.booleans(),
    _label_spellings,
    st.sampled_from(["1", "2", "3", "17", "Nr", "Rekommendation", "Nuläge", "Kommentar"]),
    st.sampled_from(["Psykiatrin, Region Dalarna", "Falun", "Mora"]),
)


class GapWorkbookProperties(HypothesisTestCase, ImplementationTestCase):
    def setUp(self) -> None:
        super().setUp()
        guidance.set_assessment(
            self.psykiatri, self.r1, acting_user=None, state=State.UPPFYLLT, comment="Klart"
        )
        self.export = gap_xlsx.export_gap_analysis(self.refresh())
        # Rows 3–5 are recommendations 1–3; columns C–D Psykiatrin, E–F Falun.
        self.cells = {
            (row, column): (unit, recommendation)
            for row, recommendation in ((3, self.r1), (4, self.r2), (5, self.r3))
            for column, unit in ((3, self.psykiatri), (5, self.falun_unit))
        }

    def snapshot(self) -> dict[tuple[int, int], tuple[str, str]]:
        return {
            (a.unit_id, a.recommendation_id): (a.state, a.comment)
            for a in GapAssessment.objects.all()
            if a.state or a.comment
        }

    def upload(self, workbook: Workbook) -> bytes:
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    def import_all_or_nothing(self, data: bytes) -> gap_xlsx.ImportResult | None:
        """Import ``data``; assert that it applied exactly what was read, or nothing."""
        implementation = self.refresh()
        before, history = self.snapshot(), GapAssessment.history.count()
        changes, errors = gap_xlsx.read_gap_analysis(implementation, data)
        refused = _refusal(
            lambda: gap_xlsx.import_gap_analysis(implementation, data, acting_user=self.bob)
        )
        if isinstance(refused, ValidationError):
            _event("refused")
            assert errors, "refused, but read_gap_analysis found nothing wrong"
            assert refused.messages == errors
            assert all(m.strip() and "Traceback" not in m for m in errors)
            assert self.snapshot() == before
            assert GapAssessment.history.count() == history
            return None
        result = refused
        _event("applied" if result.changed else "applied, nothing changed")
        assert not errors
        expected = dict(before)
        for change in changes:
            key = (change.unit.pk, change.recommendation.pk)
            expected[key] = (change.state, change.comment)
            if not change.state and not change.comment:
                expected.pop(key)
        assert self.snapshot() == expected
        assert GapAssessment.history.count() == history + result.changed
        assert result.changed + result.unchanged == len(changes)
        return result

    @examples(80)
    @given(
        st.dictionaries(
            st.sampled_from([(r, c) for r in (3, 4, 5) for c in (3, 5)]),
            st.tuples(_label_spellings, _comments),
        )
    )
    def test_valid_edits_of_the_export_are_applied_exactly(
        self, edits: dict[tuple[int, int], tuple[str, str]]
    ) -> None:
        with rolled_back():
            workbook = load_workbook(io.BytesIO(self.export))
            sheet = workbook["Gapanalys"]
            for (row, column), (label, comment) in edits.items():
                # (``cell(value=None)`` would leave the cell as it was.)
                sheet.cell(row=row, column=column).value = label or None
                sheet.cell(row=row, column=column + 1).value = comment or None
            result = self.import_all_or_nothing(self.upload(workbook))
            assert result is not None, "valid edits were refused"
            for (row, column), (label, comment) in edits.items():
                unit, recommendation = self.cells[(row, column)]
                assessment = GapAssessment.objects.filter(
                    unit=unit, recommendation=recommendation
                ).first()
                state, text = (assessment.state, assessment.comment) if assessment else ("", "")
                assert (state, text) == (LABELS[_canonical(label)], comment.strip())

    @examples(100)
    @given(st.data())
    def test_hostile_workbooks_apply_what_was_read_or_nothing(self, data: st.DataObject) -> None:
        with rolled_back():
            workbook = load_workbook(io.BytesIO(self.export))
            sheet = workbook["Gapanalys"]
            # Plausible edits of states and comments, and now and then something hostile.
            for _ in range(data.draw(st.integers(0, 6), label="edits")):
                row = data.draw(st.integers(3, 6), label="row")
                column = data.draw(st.sampled_from([3, 4, 5, 6]), label="column")
                values = _label_spellings if column in (3, 5) else _comments
                sheet.cell(row=row, column=column).value = data.draw(values, label="value")
            for _ in range(data.draw(st.sampled_from([0, 0, 0, 1, 2, 5]), label="hostile")):
                target = sheet.cell(
                    row=data.draw(st.integers(1, 8), label="row"),
                    column=data.draw(st.integers(1, 9), label="column"),
                )
                value = data.draw(_values, label="value")
                if not isinstance(target, MergedCell):
                    target.value = value
            change = data.draw(
                st.sampled_from(
                    ["none"] * 6 + ["merge", "extra sheet", "rename", "drop header", "far cell"]
                ),
                label="change",
            )
            if change == "merge":
                top = data.draw(st.integers(1, 6))
                left = data.draw(st.integers(1, 7))
                sheet.merge_cells(
                    start_row=top, start_column=left, end_row=top + 1, end_column=left + 1
                )
            elif change == "extra sheet":
                workbook.create_sheet(data.draw(st.sampled_from(["Extra", "Blad2", "gapanalys 2"])))
            elif change == "rename":
                sheet.title = "Gap"
            elif change == "drop header":
                sheet.delete_rows(1, data.draw(st.integers(1, 2)))
            elif change == "far cell":
                sheet.cell(row=data.draw(st.integers(6, 2_500)), column=400, value="x")
            self.import_all_or_nothing(self.upload(workbook))

    def test_a_comment_that_only_differs_in_what_is_stripped_is_no_change(self) -> None:
        for value in ("'\tKlart", "Klart\n", "'\rKlart "):
            with self.subTest(value), rolled_back():
                workbook = load_workbook(io.BytesIO(self.export))
                workbook["Gapanalys"]["D3"] = value
                result = self.import_all_or_nothing(self.upload(workbook))
                assert result is not None
                assert result.changed == 0

    @examples(50)
    @given(st.binary(max_size=2_000))
    def test_arbitrary_bytes_are_refused_with_a_message(self, data: bytes) -> None:
        with rolled_back():
            assume(data)
            assert self.import_all_or_nothing(data) is None


def _canonical(label: str) -> str:
    folded = label.strip().casefold()
    return next(key for key in LABELS if key.casefold() == folded)


# --- The measurements CSV ---------------------------------------------------------------------

_csv_cell = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters=';\n\r"'), max_size=40),
    st.sampled_from(["Andel med årlig uppföljning", "20", "Region Dalarna", "Dalarna", "Falun"]),
    st.sampled_from(["2024-01-01", "2024-12-31", "2023-02-30", "1.5", "12,5", "1e11", "NaN", ""]),
)


@st.composite
def _valid_measurement(draw: st.DrawFn) -> list[str]:
    start = draw(st.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 1)))
    end = start + dt.timedelta(days=draw(st.integers(0, 400)))
    value = draw(st.decimals(min_value=-(10**9), max_value=10**9, places=2))
    return [
        draw(st.sampled_from(["Andel med årlig uppföljning", "andel MED årlig uppföljning"])),
        draw(st.sampled_from(["20", "Region Dalarna", "Dalarna"])),
        draw(st.sampled_from(["", "Falun", "Psykiatrin, Region Dalarna"])),
        start.isoformat(),
        end.isoformat(),
        draw(st.sampled_from([str(value), str(value).replace(".", ",")])),
    ]


@st.composite
def _measurement_rows(draw: st.DrawFn) -> list[list[str]]:
    """Valid rows, and in one file of four a row of anything."""
    rows = draw(st.lists(_valid_measurement(), max_size=8))
    if draw(st.sampled_from([False, False, False, True])):
        at = draw(st.integers(0, len(rows)))
        rows.insert(at, draw(st.lists(_csv_cell, max_size=8)))
    return rows


class MeasurementCsvProperties(HypothesisTestCase, ImplementationTestCase):
    @examples(80)
    @given(
        _measurement_rows(),
        st.sampled_from([";"] * 5 + [","]),
        st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
        st.sampled_from([True] * 5 + [False]),
    )
    def test_a_csv_is_read_all_or_nothing(
        self, rows: list[list[str]], delimiter: str, encoding: str, header: bool
    ) -> None:
        lines = ([";".join(guidance.CSV_COLUMNS)] if header else []) + [
            delimiter.join(row) for row in rows
        ]
        data = "\r\n".join(lines).encode(encoding, errors="replace")
        with rolled_back():
            before = Measurement.objects.count(), Measurement.history.count()
            parsed, errors = guidance.parse_measurements_csv(self.refresh(), data)
            count = _refusal(
                lambda: guidance.import_measurements_csv(self.refresh(), data, acting_user=self.bob)
            )
            if isinstance(count, ValidationError):
                event("refused")
                assert count.messages
                assert (Measurement.objects.count(), Measurement.history.count()) == before
                return
            event("imported")
            assert not errors
            assert count == len(parsed)
            assert Measurement.objects.count() == before[0] + len(
                {(r.indicator.pk, r.region.pk, r.unit, r.period_start) for r in parsed}
            )

    def test_a_field_longer_than_the_csv_modules_limit_is_a_clear_error(self) -> None:
        data = (";".join(guidance.CSV_COLUMNS) + "\n" + "x" * 200_000 + ";20\n").encode()
        with pytest.raises(ValidationError):
            guidance.import_measurements_csv(self.refresh(), data, acting_user=self.bob)


# --- Questionnaire recipients typed as lines --------------------------------------------------

_unit_names = st.sampled_from(
    ["Region Dalarna", "dalarna", "Falun", "Falu kommun", "Atlantis", "", "region "]
)
_emails = st.one_of(
    st.emails(),
    st.sampled_from(["anna@example.org", "ANNA@example.org", "inte-en-adress", "a@b", ""]),
    st.text(max_size=30),
)
_names = st.one_of(
    st.sampled_from(["Anna Berg", "Olle Ek", "Åsa Öberg", ""]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters=";\n\r"), max_size=250),
)
_valid_line = st.tuples(
    st.sampled_from(["Anna Berg", "Olle Ek", "Åsa Öberg", "Per"]),
    st.emails(),
    st.sampled_from(["Region Dalarna", "dalarna", "Falun", "Falu kommun", ""]),
).map(lambda t: "; ".join(t))
_line = st.one_of(
    *[_valid_line] * 6,
    st.tuples(_names, _emails, _unit_names).map(lambda t: "; ".join(t)),
    st.tuples(_names, _emails).map(lambda t: ";".join(t)),
    st.text(max_size=60),
)


class RecipientLinesProperties(HypothesisTestCase, BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        questionnaire = q.create_questionnaire(
            owner_body=self.lpo, title="Enkät", acting_user=self.bob
        )
        self.round = q.create_round(
            questionnaire, deadline=dt.date.today() + dt.timedelta(days=30), acting_user=self.bob
        )

    @examples(100)
    @given(st.lists(_line, max_size=8).map("\n".join))
    def test_typed_lines_add_everyone_or_no_one(self, text: str) -> None:
        with rolled_back():
            form = RecipientsForm({"lines": text}, bodies=Body.objects.none())
            before = Recipient.objects.count()
            if not form.is_valid():
                event("form refused")
                assert form.errors
                assert Recipient.objects.count() == before
                return
            new: list[q.NewRecipient] = form.cleaned_data["lines"]
            outcome = _refusal(lambda: q.add_recipients(self.round, new, acting_user=self.bob))
            if isinstance(outcome, ValidationError):
                event("service refused")
                assert outcome.messages
                assert Recipient.objects.count() == before
                return
            added, skipped = outcome
            event("added" if added else "none new")
            assert len(added) + len(skipped) == len(new)
            assert Recipient.objects.count() == before + len(added)
            assert {r.email for r in added} <= {n.email.strip().lower() for n in new}
