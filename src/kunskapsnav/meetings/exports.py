"""Minutes and kallelser as Word and PDF documents; the action list and the calendar as tables.

Both formats are drawn from one description of the document (``minutes_document(page)`` and
``kallelse_document(page)`` build a ``Document``), so the Word file and the PDF always say the
same thing, in the layout of real Swedish minutes (see ``../shared/seeds``)::

    Region Dalarna
    Länsnätverket för förvaltningschefer (LCHNV)
    Minnesanteckningar
    Datum: 28 januari 2022
    Tid:   Kl. 9.00–12.00
    Plats: Teams
    Dnr:   RD22/00384
    Närvarande: Tomas Ahlin, Camilla Sömsk (del av mötet), … samt föredragande enligt nedan.

    5. Beslut: Länsgemensam strategi …
    Föredragande: Ewa Welén, Processledare, Region Dalarna
    …
    Länsnätverket för förvaltningschefer beslutade:
        att godkänna …

The functions take what ``queries.meeting_page`` returns and return bytes; the only read they
add is one query for the presenters' organisations.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kunskapsnav.meetings.models import ActionItem, AgendaItem, Attendance, Decision, Meeting
from kunskapsnav.registry.models import Organisation, Person

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.text.paragraph import Paragraph

    from kunskapsnav.meetings.queries import MeetingPage


# --- Swedish dates and times ----------------------------------------------------------------


def long_date(day: dt.date) -> str:
    """ "28 januari 2022" (in the active language's month names)."""
    return dateformat.format(day, "j F Y")


def clock(time: dt.time) -> str:
    """ "9.00", "13.30": Swedish writes the time with a full stop."""
    return f"{time.hour}.{time.minute:02d}"


def time_span(start: dt.time | None, end: dt.time | None) -> str:
    """ "Kl. 9.00–12.00", "Kl. 9.00", or "" when the time is not set."""
    if start is None:
        return ""
    if end is None:
        return _("Kl. %(start)s") % {"start": clock(start)}
    return _("Kl. %(start)s–%(end)s") % {"start": clock(start), "end": clock(end)}


# --- The document, once for both formats ----------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """A header line: "Datum: 28 januari 2022"."""

    label: str
    value: str


@dataclass(frozen=True)
class DecisionBlock:
    """ "<Organ> beslutade:" and its "att …" clauses; a plain sentence has no heading."""

    heading: str
    clauses: list[str]


@dataclass(frozen=True)
class ItemBlock:
    heading: str
    marks: list[str]
    presenters: str
    attachments: str
    paragraphs: list[str]
    decisions: list[DecisionBlock]
    actions: list[str]
    struck: bool


@dataclass(frozen=True)
class FollowUpRow:
    text: str
    responsible: str
    due: str
    status: str
    origin: str
    overdue: bool


@dataclass(frozen=True)
class Signature:
    label: str
    names: list[str]


@dataclass
class Document:
    """What a minutes or kallelse document says, ready to be drawn as DOCX or PDF."""

    kind_title: str
    letterhead: str
    body_name: str
    subtitle: str
    notices: list[str]
    facts: list[Fact]
    attendance: list[Fact]
    introduction: list[str]
    items_heading: str
    items: list[ItemBlock]
    other_heading: str
    other_decisions: list[DecisionBlock]
    other_actions: list[str]
    follow_up_heading: str
    follow_up_columns: list[str]
    follow_up: list[FollowUpRow]
    closing: list[Fact]
    signatures: list[Signature]
    approvals: str
    footer: str
    file_stem: str
    lang: str = field(default_factory=lambda: get_language() or settings.LANGUAGE_CODE)


def _paragraphs(text: str) -> list[str]:
    """Paragraphs of a text field: split on blank lines; single line breaks are kept."""
    return [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]


def _item_heading(item: AgendaItem) -> str:
    title = item.title
    if item.kind != AgendaItem.Kind.OVRIGT:
        title = _("%(kind)s: %(title)s") % {"kind": item.get_kind_display(), "title": title}
    number = item.number.strip()
    if not number:
        return title
    if number[-1].isdigit() and not number.startswith("§"):
        return f"{number}. {title}"
    return f"{number} {title}"


def _person_line(person: Person, organisations: dict[int, Organisation]) -> str:
    """ "Ewa Welén, Processledare, Region Dalarna": how minutes name a presenter."""
    organisation = organisations.get(person.organisation_id or 0)
    return ", ".join(
        p for p in (person.name, person.title, organisation and organisation.name) if p
    )


def _presenters(item: AgendaItem, organisations: dict[int, Organisation]) -> str:
    """ "Föredragande: Ewa Welén, Processledare, Region Dalarna, …", or "" when none."""
    named = [_person_line(p, organisations) for p in item.presenters.all()]
    if item.presenter_text.strip():
        named.append(" ".join(item.presenter_text.split()))
    return _("Föredragande: %(names)s") % {"names": ", ".join(named)} if named else ""


def _organisations_of_presenters(items: Sequence[AgendaItem]) -> dict[int, Organisation]:
    """The presenters' employers in one query (the page prefetches the people only)."""
    ids = {p.organisation_id for item in items for p in item.presenters.all() if p.organisation_id}
    return Organisation.objects.in_bulk(ids) if ids else {}


def decision_blocks(decisions: Iterable[Decision]) -> list[DecisionBlock]:
    """Consecutive "att …" clauses of one body under one "<Organ> beslutade:" heading."""
    blocks: list[DecisionBlock] = []
    current_body: int | None = None
    for decision in decisions:
        text = decision.text.strip()
        if re.match(r"(?i)att\b", text):
            if current_body != decision.deciding_body_id or not blocks:
                heading = _("%(body)s beslutade:") % {"body": decision.deciding_body.name}
                blocks.append(DecisionBlock(heading=heading, clauses=[]))
                current_body = decision.deciding_body_id
            blocks[-1].clauses.append(text)
        else:
            blocks.append(DecisionBlock(heading="", clauses=[text]))
            current_body = None
    return blocks


def responsible_names(action: ActionItem) -> str:
    """Who answers for the action: people and bodies, or the text of the minutes."""
    names = [p.name for p in action.responsible_people.all()]
    names += [b.display_name for b in action.responsible_bodies.all()]
    if not names and action.responsible_text:
        names.append(action.responsible_text)
    return ", ".join(names)


def due_label(action: ActionItem) -> str:
    if action.due_date is not None:
        return long_date(action.due_date)
    return action.due_text


def action_line(action: ActionItem) -> str:
    """ "Åtgärd: skicka ut strategin – ansvarig: Tanja Mårtensson, klart senast 1 mars 2022"."""
    who = responsible_names(action)
    if action.due_date is not None:
        when = _("klart senast %(date)s") % {"date": long_date(action.due_date)}
    else:
        when = action.due_text
    values = {"text": action.text, "who": who, "when": when}
    if who and when:
        return _("Åtgärd: %(text)s – ansvarig: %(who)s, %(when)s") % values
    if who:
        return _("Åtgärd: %(text)s – ansvarig: %(who)s") % values
    if when:
        return _("Åtgärd: %(text)s – %(when)s") % values
    return _("Åtgärd: %(text)s") % values


def _attachment_labels(item: AgendaItem) -> str:
    """ "Bilagor: Bilaga 9 Lägesrapport", or "" when the item has none."""
    labels = [str(a) for a in item.attachments.all()]
    return _("Bilagor: %(names)s") % {"names": ", ".join(labels)} if labels else ""


def _attendee(attendance: Attendance) -> str:
    name = attendance.display_name
    notes = {
        Attendance.Status.DEL_AV_MOTET: _("del av mötet"),
        Attendance.Status.ADJUNGERAD: _("adjungerad"),
        Attendance.Status.GAST: _("gäst"),
    }
    note = notes.get(Attendance.Status(attendance.status))
    return f"{name} ({note})" if note else name


def _attendance_facts(page: MeetingPage, has_presenters: bool) -> list[Fact]:
    present = [
        _attendee(a)
        for a in page.attendance
        if a.status not in (Attendance.Status.FRANVARANDE, Attendance.Status.FOREDRAGANDE)
    ]
    presenting = any(a.status == Attendance.Status.FOREDRAGANDE for a in page.attendance)
    facts: list[Fact] = []
    if present:
        text = ", ".join(present)
        if has_presenters or presenting:
            text = _("%(names)s samt föredragande enligt nedan.") % {"names": text}
        facts.append(Fact(_("Närvarande"), text))
    absent = [a.display_name for a in page.absent]
    if absent:
        facts.append(Fact(_("Frånvarande"), ", ".join(absent)))
    return facts


def _follow_up_rows(actions: Iterable[ActionItem], on: dt.date) -> list[FollowUpRow]:
    rows = []
    for action in actions:
        overdue = action.is_overdue(on)
        status = action.get_status_display()
        if overdue:
            status = _("%(status)s, försenad") % {"status": status}
        if action.closing_note:
            status = f"{status}: {action.closing_note}"
        origin = (
            _("Mötet %(date)s") % {"date": long_date(action.meeting.date)}
            if action.meeting is not None
            else ""
        )
        rows.append(
            FollowUpRow(
                text=action.text,
                responsible=responsible_names(action),
                due=due_label(action),
                status=status,
                origin=origin,
                overdue=overdue,
            )
        )
    return rows


def _follow_up_columns() -> list[str]:
    return [_("Åtgärd"), _("Ansvarig"), _("Klart senast"), _("Status")]


def _letterhead(meeting: Meeting) -> tuple[str, str]:
    body = meeting.body
    region = body.region.name if body.region_id and body.region else ""
    name = f"{body.name} ({body.short_name})" if body.short_name else body.name
    return region, name


def _place(meeting: Meeting) -> str:
    if meeting.place:
        return meeting.place
    return _("Digitalt möte") if meeting.online_link else ""


def _file_stem(prefix: str, meeting: Meeting) -> str:
    from django.utils.text import slugify

    body = slugify(meeting.body.short_name or meeting.body.name)[:40] or "organ"
    return f"{prefix}-{body}-{meeting.date.isoformat()}"


def minutes_document(page: MeetingPage) -> Document:
    """The minutes (minnesanteckningar or protokoll) of a held meeting."""
    meeting = page.meeting
    organisations = _organisations_of_presenters(page.items)
    items = []
    for item in page.items:
        marks = []
        if item.struck:
            marks.append(
                _("Punkten utgick: %(reason)s") % {"reason": item.struck_reason}
                if item.struck_reason
                else _("Punkten utgick")
            )
        if item.added_after_meeting:
            marks.append(_("Tillagt efter mötet"))
        items.append(
            ItemBlock(
                heading=_item_heading(item),
                marks=marks,
                presenters=_presenters(item, organisations),
                attachments=_attachment_labels(item),
                paragraphs=_paragraphs(item.text),
                decisions=decision_blocks(item.all_decisions),  # type: ignore[attr-defined]
                actions=[action_line(a) for a in item.all_actions],  # type: ignore[attr-defined]
                struck=item.struck,
            )
        )
    letterhead, body_name = _letterhead(meeting)
    kind_title = meeting.get_document_type_display()
    facts = [Fact(_("Datum"), long_date(meeting.date))]
    if span := time_span(meeting.start_time, meeting.end_time):
        facts.append(Fact(_("Tid"), span))
    if place := _place(meeting):
        facts.append(Fact(_("Plats"), place))
    if meeting.diary_number:
        facts.append(Fact(_("Dnr"), meeting.diary_number))

    notices = []
    if not meeting.is_locked:
        notices.append(_("Utkast – ej justerat"))
    if meeting.revision > 1:
        notices.append(_("Version %(revision)s (rättad)") % {"revision": meeting.revision})

    closing = []
    if meeting.next_meeting_note:
        closing.append(Fact(_("Nästa möte"), meeting.next_meeting_note))

    signatures: list[Signature] = []
    if meeting.document_type == Meeting.DocumentType.PROTOKOLL:
        secretary = [meeting.secretary.name] if meeting.secretary else []
        chair = [meeting.chair.name] if meeting.chair else []
        signatures = [
            Signature(_("Vid protokollet"), secretary),
            Signature(_("Justeras"), [p.name for p in meeting.justerare.all()]),
            Signature(_("Ordförande"), chair),
        ]
    approvals = ""
    if meeting.is_locked and page.approvals:
        approvals = _("Justerat i Kunskapsnav av %(names)s.") % {
            "names": ", ".join(
                f"{a.person.name} {long_date(timezone.localdate(a.approved_at))}"
                for a in page.approvals
            )
        }

    has_presenters = any(block.presenters for block in items)
    return Document(
        kind_title=kind_title,
        letterhead=letterhead,
        body_name=body_name,
        subtitle=meeting.title,
        notices=notices,
        facts=facts,
        attendance=_attendance_facts(page, has_presenters),
        introduction=_paragraphs(meeting.introduction),
        items_heading=_("Anteckningar")
        if meeting.document_type == Meeting.DocumentType.MINNESANTECKNINGAR
        else _("Ärenden"),
        items=items,
        other_heading=_("Övriga beslut och åtgärder"),
        other_decisions=decision_blocks(page.loose_decisions),
        other_actions=[action_line(a) for a in page.loose_actions],
        follow_up_heading=_("Uppföljning av åtgärder"),
        follow_up_columns=_follow_up_columns(),
        follow_up=_follow_up_rows(page.follow_up, meeting.date),
        closing=closing,
        signatures=signatures,
        approvals=approvals,
        footer=f"{meeting.body.display_name} · {kind_title} {long_date(meeting.date)}",
        file_stem=_file_stem(
            "protokoll"
            if meeting.document_type == Meeting.DocumentType.PROTOKOLL
            else "minnesanteckningar",
            meeting,
        ),
    )


def kallelse_document(page: MeetingPage) -> Document:
    """The kallelse: when and where, the agenda with presenters, and the actions to follow up."""
    meeting = page.meeting
    organisations = _organisations_of_presenters(page.items)
    items = [
        ItemBlock(
            heading=_item_heading(item),
            marks=[_("Punkten utgår")] if item.struck else [],
            presenters=_presenters(item, organisations),
            attachments=_attachment_labels(item),
            paragraphs=_paragraphs(item.text),
            decisions=[],
            actions=[],
            struck=item.struck,
        )
        for item in page.items
        if not item.added_after_meeting
    ]
    letterhead, body_name = _letterhead(meeting)
    facts = [Fact(_("Datum"), dateformat.format(meeting.date, "l j F Y").capitalize())]
    if span := time_span(meeting.start_time, meeting.end_time):
        facts.append(Fact(_("Tid"), span))
    if meeting.place:
        facts.append(Fact(_("Plats"), meeting.place))
    if meeting.online_link:
        facts.append(Fact(_("Länk till mötet"), meeting.online_link))

    notices = []
    if meeting.status == Meeting.Status.INSTALLT:
        notices.append(_("Mötet är inställt."))
    elif meeting.moved_from is not None and meeting.moved_from != meeting.date:
        notices.append(
            _("Mötet är flyttat från %(date)s.") % {"date": long_date(meeting.moved_from)}
        )
    if meeting.change_note:
        notices.append(meeting.change_note)

    closing = []
    sender = meeting.secretary or meeting.chair
    if sender is not None:
        role = _("Sekreterare") if meeting.secretary else _("Ordförande")
        closing.append(Fact(role, ", ".join(p for p in (sender.name, sender.email) if p)))

    return Document(
        kind_title=_("Kallelse"),
        letterhead=letterhead,
        body_name=body_name,
        subtitle=meeting.title,
        notices=notices,
        facts=facts,
        attendance=[],
        introduction=_paragraphs(meeting.introduction),
        items_heading=_("Dagordning"),
        items=items,
        other_heading="",
        other_decisions=[],
        other_actions=[],
        follow_up_heading=_("Åtgärder att följa upp"),
        follow_up_columns=_follow_up_columns(),
        follow_up=_follow_up_rows([a for a in page.follow_up if a.is_open], meeting.date),
        closing=closing,
        signatures=[],
        approvals="",
        footer=f"{meeting.body.display_name} · {_('Kallelse')} {long_date(meeting.date)}",
        file_stem=_file_stem("kallelse", meeting),
    )


# --- Page numbers ---------------------------------------------------------------------------


def _page_label_parts() -> list[str]:
    """ "Sida %(page)s av %(pages)s" as literal text and the markers "{page}", "{pages}"."""
    label = _("Sida %(page)s av %(pages)s") % {"page": "\0page\0", "pages": "\0pages\0"}
    return [
        {"page": "{page}", "pages": "{pages}"}.get(part, part) for part in label.split("\0") if part
    ]


def _css_string(text: str) -> SafeString:
    """Text as a CSS string literal, safe inside a <style> element: everything but letters,
    digits and a few punctuation marks is written as a CSS escape."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,–-" else f"\\{ord(ch):06x} " for ch in text)
    return mark_safe(f'"{escaped}"')  # noqa: S308 - nothing unescaped can end the string


def _page_counter_css() -> SafeString:
    pieces = []
    for part in _page_label_parts():
        if part == "{page}":
            pieces.append("counter(page)")
        elif part == "{pages}":
            pieces.append("counter(pages)")
        else:
            pieces.append(_css_string(part))
    return mark_safe(" ".join(pieces))  # noqa: S308 - every piece is a CSS string or counter


# --- PDF ------------------------------------------------------------------------------------


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Documents are self-contained: WeasyPrint fetches nothing, from the network or disk."""
    raise ValueError(f"external resource refused: {url[:80]}")


def render_pdf(document: Document) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]

    html = render_to_string(
        "meetings/export/minutes.html",
        {
            "doc": document,
            "footer_css": _css_string(document.footer),
            "page_counter_css": _page_counter_css(),
        },
    )
    pdf: bytes = HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()
    return pdf


def minutes_pdf(page: MeetingPage) -> bytes:
    return render_pdf(minutes_document(page))


def kallelse_pdf(page: MeetingPage) -> bytes:
    return render_pdf(kallelse_document(page))


# --- DOCX -----------------------------------------------------------------------------------

FONT = "Calibri"
GREY = (0x59, 0x59, 0x59)


def _docx_paragraph(
    doc: DocxDocument,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    indent_cm: float = 0,
    space_before: float = 0,
    space_after: float = 4,
    keep_with_next: bool = False,
    grey: bool = False,
) -> Paragraph:
    from docx.shared import Cm, Pt, RGBColor

    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(space_before)
    fmt.space_after = Pt(space_after)
    fmt.keep_with_next = keep_with_next
    if indent_cm:
        fmt.left_indent = Cm(indent_cm)
    lines = text.split("\n")
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold = bold
        run.italic = italic
        if size:
            run.font.size = Pt(size)
        if grey:
            run.font.color.rgb = RGBColor(*GREY)
        if index < len(lines) - 1:
            run.add_break()
    return paragraph


def _docx_labelled(doc: DocxDocument, fact: Fact, *, tab_cm: float = 2.6) -> None:
    """ "Datum:<tab>28 januari 2022", with wrapped lines indented under the value."""
    from docx.shared import Cm, Pt

    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(2)
    fmt.left_indent = Cm(tab_cm)
    fmt.first_line_indent = Cm(-tab_cm)
    fmt.tab_stops.add_tab_stop(Cm(tab_cm))
    paragraph.add_run(f"{fact.label}:").bold = True
    paragraph.add_run(f"\t{fact.value}")


def _docx_field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the pages; written as
    Word writes it, one run per part, so that every part takes the footer's formatting."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> Any:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    for element in (char("begin"), instr, char("separate")):
        paragraph.add_run()._r.append(element)
    paragraph.add_run("1")
    paragraph.add_run()._r.append(char("end"))


def _docx_setup(doc: DocxDocument, document: Document) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Inches, Pt, RGBColor

    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.2)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.2)

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    r_pr = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "sv-SE" if document.lang.startswith("sv") else document.lang)
    r_pr.append(lang)

    props = doc.core_properties
    props.title = f"{document.kind_title} {document.body_name}"
    props.subject = document.footer
    props.author = "Kunskapsnav"
    props.language = document.lang

    # The footer: what the document is on the left, "Sida 1 av 3" on the right. The Footer
    # style's own tab stops (centre 3.25", right 6.5") are cleared so the right one is ours.
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.LEFT
    tabs = footer.paragraph_format.tab_stops
    tabs.add_tab_stop(Inches(3.25), WD_TAB_ALIGNMENT.CLEAR)
    tabs.add_tab_stop(Inches(6.5), WD_TAB_ALIGNMENT.CLEAR)
    width = section.page_width - section.left_margin - section.right_margin
    tabs.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    footer.add_run(document.footer + "\t")
    for part in _page_label_parts():
        if part == "{page}":
            _docx_field(footer, "PAGE")
        elif part == "{pages}":
            _docx_field(footer, "NUMPAGES")
        else:
            footer.add_run(part)
    for run in footer.runs:
        run.font.size = Pt(8.5)
        run.font.color.rgb = RGBColor(*GREY)


def _docx_decisions(doc: DocxDocument, blocks: Iterable[DecisionBlock]) -> None:
    for block in blocks:
        if block.heading:
            _docx_paragraph(doc, block.heading, space_before=6, space_after=2, keep_with_next=True)
            for clause in block.clauses:
                _docx_paragraph(doc, clause, indent_cm=1.0, space_after=2)
        else:
            for clause in block.clauses:
                _docx_paragraph(doc, clause, space_before=6, space_after=2)


def _docx_follow_up(doc: DocxDocument, document: Document) -> None:
    from docx.shared import Cm, Pt

    _docx_paragraph(
        doc, document.follow_up_heading, bold=True, size=13, space_before=16, keep_with_next=True
    )
    table = doc.add_table(rows=1, cols=len(document.follow_up_columns))
    table.style = "Table Grid"
    table.autofit = False
    widths = [Cm(7.0), Cm(3.6), Cm(2.8), Cm(2.9)]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid, which LibreOffice reads; Word reads the cells
    for cell, title, width in zip(
        table.rows[0].cells, document.follow_up_columns, widths, strict=True
    ):
        cell.width = width
        cell.paragraphs[0].add_run(title).bold = True
    for row in document.follow_up:
        cells = table.add_row().cells
        text = f"{row.text}\n{row.origin}" if row.origin else row.text
        values = [text, row.responsible, row.due, row.status]
        for cell, value, width in zip(cells, values, widths, strict=True):
            cell.width = width
            lines = value.split("\n")
            paragraph = cell.paragraphs[0]
            for index, line in enumerate(lines):
                run = paragraph.add_run(line)
                run.font.size = Pt(9.5)
                if index:
                    run.italic = True
                if index < len(lines) - 1:
                    run.add_break()


def _docx_signatures(doc: DocxDocument, signatures: Sequence[Signature]) -> None:
    _docx_paragraph(doc, "", space_before=18)
    table = doc.add_table(rows=0, cols=2)
    for start in range(0, len(signatures), 2):
        cells = table.add_row().cells
        for cell, signature in zip(cells, signatures[start : start + 2], strict=False):
            cell.paragraphs[0].add_run(signature.label).bold = True
            names = signature.names or [""]
            for name in names:
                cell.add_paragraph("\n\n" + "_" * 30)
                cell.add_paragraph(name)


def render_docx(document: Document) -> bytes:
    import docx

    doc = docx.Document()
    _docx_setup(doc, document)
    if document.letterhead:
        _docx_paragraph(doc, document.letterhead, size=9.5, grey=True, space_after=0)
    _docx_paragraph(doc, document.body_name, bold=True, size=11.5, space_after=14)
    _docx_paragraph(doc, document.kind_title, bold=True, size=20, space_after=2)
    if document.subtitle:
        _docx_paragraph(doc, document.subtitle, size=13, space_after=4)
    for notice in document.notices:
        _docx_paragraph(doc, notice, italic=True, grey=True, space_after=2)
    _docx_paragraph(doc, "", space_after=2)
    for fact in document.facts:
        _docx_labelled(doc, fact)
    if document.attendance:
        _docx_paragraph(doc, "", space_after=2)
        for fact in document.attendance:
            paragraph = _docx_paragraph(doc, space_after=6)
            paragraph.add_run(f"{fact.label}:").bold = True
            paragraph.add_run(f" {fact.value}")
    for text in document.introduction:
        _docx_paragraph(doc, text, space_before=6)

    if document.items:
        _docx_paragraph(
            doc, document.items_heading, bold=True, size=13, space_before=14, keep_with_next=True
        )
    for item in document.items:
        _docx_paragraph(
            doc, item.heading, bold=True, size=11.5, space_before=12, keep_with_next=True
        )
        for mark in item.marks:
            _docx_paragraph(doc, mark, italic=True, space_after=2)
        if item.presenters:
            _docx_paragraph(doc, item.presenters)
        if item.attachments:
            _docx_paragraph(doc, item.attachments, grey=True)
        for text in item.paragraphs:
            _docx_paragraph(doc, text, space_before=4)
        _docx_decisions(doc, item.decisions)
        for action in item.actions:
            _docx_paragraph(doc, action, space_before=4, italic=True)

    if document.other_decisions or document.other_actions:
        _docx_paragraph(
            doc, document.other_heading, bold=True, size=13, space_before=14, keep_with_next=True
        )
        _docx_decisions(doc, document.other_decisions)
        for action in document.other_actions:
            _docx_paragraph(doc, action, space_before=4, italic=True)

    if document.follow_up:
        _docx_follow_up(doc, document)
    if document.closing:
        _docx_paragraph(doc, "", space_after=2)
        for fact in document.closing:
            _docx_labelled(doc, fact, tab_cm=3.2)
    if document.signatures:
        _docx_signatures(doc, document.signatures)
    if document.approvals:
        _docx_paragraph(doc, document.approvals, italic=True, grey=True, space_before=10)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def minutes_docx(page: MeetingPage) -> bytes:
    return render_docx(minutes_document(page))


def kallelse_docx(page: MeetingPage) -> bytes:
    return render_docx(kallelse_document(page))


# --- The action list as a table -------------------------------------------------------------


def actions_table(actions: Iterable[ActionItem]) -> tuple[list[str], list[list[Any]]]:
    """Headers and rows of the action list, for ``core.exports.table_response``.

    The actions must come with their body, meeting and responsibles (``queries.action_list``).
    """
    today = timezone.localdate()
    headers = [
        _("Organ"),
        _("Åtgärd"),
        _("Ansvariga"),
        _("Klart senast"),
        _("Tidsperiod"),
        _("Status"),
        _("Försenad"),
        _("Beslutad vid mötet"),
        _("Avslutad"),
        _("Kommentar vid avslut"),
        _("Länk"),
    ]
    rows: list[list[Any]] = [
        [
            action.body.name,
            action.text,
            responsible_names(action),
            action.due_date,
            action.due_text,
            action.get_status_display(),
            action.is_overdue(today),
            action.meeting.date if action.meeting is not None else None,
            action.closed_on,
            action.closing_note,
            settings.SITE_URL.rstrip("/") + action.get_absolute_url(),
        ]
        for action in actions
    ]
    return headers, rows


# --- The calendar as a table ----------------------------------------------------------------


def calendar_table(meetings: Iterable[Meeting]) -> tuple[list[str], list[list[Any]]]:
    """Headers and rows of the meeting calendar, for ``core.exports.table_response``.

    The meetings must come with their body (``queries.calendar``).
    """
    headers = [
        _("Datum"),
        _("Tid"),
        _("Organ"),
        _("Titel"),
        _("Plats"),
        _("Status"),
        _("Dokumenttyp"),
    ]
    rows: list[list[Any]] = [
        [
            meeting.date,
            time_span(meeting.start_time, meeting.end_time),
            meeting.body.name,
            meeting.title,
            meeting.place,
            meeting.get_status_display(),
            meeting.get_document_type_display(),
        ]
        for meeting in meetings
    ]
    return headers, rows
