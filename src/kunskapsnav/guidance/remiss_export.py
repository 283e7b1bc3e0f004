"""The consolidated remissvar as a Word document::

Region Dalarna
Remissvar
Traumatisk hjärnskada (THS), version 1.0
Remiss: 15 september 2022 – 14 november 2022
Samordnat av: LPO Barn och Unga
Intern svarstid: 7 november 2022

1. Övergripande synpunkter
…
Godkänt genom beslut i LPO Barn och Unga den 3 november 2022: att godkänna …
Datum: 4 november 2022
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from django.utils.text import slugify
from django.utils.translation import gettext as _

from kunskapsnav.guidance.models import RemissAnswerSection, RemissAssignment
from kunskapsnav.meetings.exports import long_date

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.text.paragraph import Paragraph

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def filename(assignment: RemissAssignment) -> str:
    stem = slugify(assignment.round.kunskapsstod.code or assignment.round.kunskapsstod.name)
    return f"remissvar-{stem}-{slugify(assignment.region.short_name)}.docx"


def approval_line(assignment: RemissAssignment) -> str:
    """Who approved the remissvar, as one sentence ("" while it is not approved)."""
    decision = assignment.approved_decision
    if decision is not None:
        return _("Godkänt genom beslut i %(body)s den %(date)s: %(text)s") % {
            "body": assignment.coordinating_body.name,
            "date": long_date(decision.meeting.date),
            "text": decision.text,
        }
    if assignment.signatory is not None:
        signatory = assignment.signatory
        name = f"{signatory.name}, {signatory.title}" if signatory.title else signatory.name
        return _("Undertecknat av %(name)s för %(body)s.") % {
            "name": name,
            "body": assignment.coordinating_body.name,
        }
    return ""


def _paragraph(
    doc: DocxDocument,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    space_after: float = 4,
) -> Paragraph:
    from docx.shared import Pt

    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(space_after)
    run = paragraph.add_run(text)
    run.bold = bold
    run.italic = italic
    if size:
        run.font.size = Pt(size)
    return paragraph


def _paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; single line breaks stay within one."""
    return [part.strip() for part in re.split(r"\n\s*\n", text.strip()) if part.strip()]


def remissvar_docx(
    assignment: RemissAssignment, sections: list[RemissAnswerSection] | None = None
) -> bytes:
    import docx
    from docx.shared import Pt

    if sections is None:
        sections = list(assignment.sections.all())
    round = assignment.round
    stod = round.kunskapsstod
    doc = docx.Document()
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    doc.core_properties.title = _("Remissvar: %(name)s") % {"name": stod.name}
    doc.core_properties.language = "sv-SE"

    _paragraph(doc, assignment.region.name, size=9.5, space_after=0)
    _paragraph(doc, assignment.coordinating_body.name, bold=True, space_after=14)
    doc.add_heading(_("Remissvar"), level=0)
    version = round.version or stod.version
    title = (
        _("%(name)s, version %(version)s") % {"name": stod.name, "version": version}
        if version
        else stod.name
    )
    doc.add_heading(title, level=1)
    facts = [
        (_("Kunskapsstöd"), stod.full_name or stod.name),
        (
            round.get_kind_display(),
            f"{long_date(round.opens)} – {long_date(round.closes)}",
        ),
        (_("Region"), assignment.region.name),
        (_("Samordnande organ"), assignment.coordinating_body.name),
    ]
    if version:
        facts.insert(1, (_("Version"), version))
    for label, value in facts:
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)

    for number, section in enumerate(sections, start=1):
        doc.add_heading(f"{number}. {section.heading}", level=2)
        texts = _paragraphs(section.text)
        if not texts:
            _paragraph(doc, _("Inga synpunkter."), italic=True)
        for text in texts:
            _paragraph(doc, text, space_after=6)

    _paragraph(doc, "", space_after=12)
    line = approval_line(assignment)
    if line:
        _paragraph(doc, line)
    else:
        _paragraph(doc, _("Utkast: remissvaret är inte godkänt."), italic=True)
    day = assignment.sent_on or assignment.approved_on
    if day is not None:
        _paragraph(doc, _("Datum: %(date)s") % {"date": long_date(day)})
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
