"""Results of questionnaire rounds: per round, compared between rounds, and as a table.

Only submitted answers count; drafts are the recipient's own until they send them. Every read
here loads the questions, the rounds and all their submitted answers in a fixed number of
queries, and computes the summaries in Python.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from kunskapsnav.followup.charts import BarSeries, bar_chart
from kunskapsnav.followup.models import (
    Answer,
    Question,
    Questionnaire,
    QuestionnaireRound,
    Recipient,
)

Kind = Question.Kind


def display_value(question: Question, value: Any) -> str:
    """An answer as text, as the tables and exports show it."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


@dataclass
class QuestionSummary:
    question: Question
    answered: int
    #: (label, count, share of those who answered) for choice and scale questions.
    counts: list[tuple[str, int, float]] = field(default_factory=list)
    mean: float | None = None
    median: float | None = None
    minimum: float | str | None = None
    maximum: float | str | None = None
    #: (who, text) for free text and dates.
    texts: list[tuple[str, str]] = field(default_factory=list)
    chart: SafeString | None = None


@dataclass
class RoundResult:
    round: QuestionnaireRound
    total: int
    submitted: int
    summaries: list[QuestionSummary]

    @property
    def response_rate(self) -> float | None:
        return 100 * self.submitted / self.total if self.total else None


def _recipient_label(recipient: Recipient) -> str:
    unit = recipient.unit
    return f"{unit} ({recipient.name})" if unit else recipient.name


def _summarise(question: Question, answers: list[Answer], chart: bool = True) -> QuestionSummary:
    values = [a.value for a in answers]
    summary = QuestionSummary(question=question, answered=len(values))
    if question.kind in (Kind.SINGLE, Kind.MULTIPLE, Kind.SCALE):
        counter: Counter[str] = Counter()
        for value in values:
            for item in value if isinstance(value, list) else [value]:
                counter[str(item)] += 1
        labels = question.choices if question.has_choices else ["1", "2", "3", "4", "5"]
        summary.counts = [
            (label, counter[label], 100 * counter[label] / len(values) if values else 0.0)
            for label in labels
        ]
        if question.kind == Kind.SCALE and values:
            numbers = [float(v) for v in values]
            summary.mean = statistics.fmean(numbers)
            summary.median = statistics.median(numbers)
        if chart:
            summary.chart = bar_chart(
                [_scale_label(question, label) for label in labels],
                [BarSeries(_("Antal svar"), [float(counter[label]) for label in labels])],
                title=question.text,
                description=_("Antal svar per alternativ; samma siffror finns i tabellen."),
            )
    elif question.kind == Kind.NUMBER and values:
        numbers = [float(v) for v in values]
        summary.mean = statistics.fmean(numbers)
        summary.median = statistics.median(numbers)
        summary.minimum, summary.maximum = min(numbers), max(numbers)
    elif question.kind in (Kind.TEXT, Kind.DATE):
        summary.texts = [(_recipient_label(a.recipient), str(a.value)) for a in answers]
        if question.kind == Kind.DATE and values:
            summary.minimum, summary.maximum = min(values), max(values)
    return summary


def _scale_label(question: Question, label: str) -> str:
    if question.kind != Kind.SCALE:
        return label
    extra = {"1": question.scale_low_label, "5": question.scale_high_label}.get(label, "")
    return f"{label} – {extra}" if extra else label


def _submitted_answers(rounds: list[QuestionnaireRound]) -> list[Answer]:
    return list(
        Answer.objects.filter(recipient__round__in=rounds, recipient__submitted_at__isnull=False)
        .select_related("recipient__region", "recipient__kommun", "recipient__body")
        .order_by("recipient__name", "recipient__pk")
    )


def round_result(round: QuestionnaireRound) -> RoundResult:
    """The summaries of one round (four queries)."""
    questions = list(round.questionnaire.questions.all())
    counts = round.recipients.aggregate(
        total=Count("pk"), submitted=Count("pk", filter=Q(submitted_at__isnull=False))
    )
    by_question: dict[int, list[Answer]] = defaultdict(list)
    for answer in _submitted_answers([round]):
        by_question[answer.question_id].append(answer)
    return RoundResult(
        round=round,
        total=counts["total"],
        submitted=counts["submitted"],
        summaries=[_summarise(q, by_question[q.pk]) for q in questions],
    )


@dataclass
class ComparedQuestion:
    question: Question
    #: One row per category (choice or scale value, or a statistic), one value per round.
    rows: list[tuple[str, list[float | None]]]
    suffix: str
    chart: SafeString | None
    #: Per unit (region, kommun, body or person) the answer in each round, for follow-up.
    by_unit: list[tuple[str, list[str]]]


@dataclass
class Comparison:
    questionnaire: Questionnaire
    rounds: list[QuestionnaireRound]
    #: (round, submitted, recipients, response rate %) per round.
    response_rates: list[tuple[QuestionnaireRound, int, int, float | None]]
    questions: list[ComparedQuestion]


def compare_rounds(questionnaire: Questionnaire) -> Comparison:
    """All sent rounds side by side, question by question (four queries)."""
    rounds: list[QuestionnaireRound] = list(
        questionnaire.rounds.exclude(status=QuestionnaireRound.Status.DRAFT)
        .annotate(
            total=Count("recipients"),
            submitted=Count("recipients", filter=Q(recipients__submitted_at__isnull=False)),
        )
        .order_by("number")
    )
    annotated: list[Any] = list(rounds)
    questions = list(questionnaire.questions.all())
    answers: dict[tuple[int, int], list[Answer]] = defaultdict(list)
    for answer in _submitted_answers(rounds):
        answers[(answer.question_id, answer.recipient.round_id)].append(answer)
    rates = [
        (r, r.submitted, r.total, 100 * r.submitted / r.total if r.total else None)
        for r in annotated
    ]
    compared = []
    for question in questions:
        summaries = [
            _summarise(question, answers[(question.pk, r.pk)], chart=False) for r in rounds
        ]
        rows: list[tuple[str, list[float | None]]]
        suffix = ""
        if question.kind in (Kind.SINGLE, Kind.MULTIPLE):
            labels = question.choices
            rows = [
                (label, [s.counts[i][2] if s.answered else None for s in summaries])
                for i, label in enumerate(labels)
            ]
            suffix = " %"
        elif question.kind == Kind.SCALE:
            rows = [(_("Medelvärde (1–5)"), [s.mean for s in summaries])]
        elif question.kind == Kind.NUMBER:
            rows = [
                (_("Medelvärde"), [s.mean for s in summaries]),
                (_("Median"), [s.median for s in summaries]),
            ]
        else:
            rows = [(_("Antal svar"), [float(s.answered) for s in summaries])]
        chart = None
        if rows and any(v is not None for _label, values in rows for v in values):
            chart = bar_chart(
                [label for label, _values in rows],
                [
                    BarSeries(r.label, [values[i] for _l, values in rows])
                    for i, r in enumerate(rounds)
                ],
                title=question.text,
                description=_("Svaren i varje omgång; samma siffror finns i tabellen."),
                maximum=100 if suffix else (5 if question.kind == Kind.SCALE else None),
                suffix=suffix,
            )
        compared.append(
            ComparedQuestion(
                question=question,
                rows=rows,
                suffix=suffix,
                chart=chart,
                by_unit=_by_unit(question, [answers[(question.pk, r.pk)] for r in rounds]),
            )
        )
    return Comparison(
        questionnaire=questionnaire, rounds=rounds, response_rates=rates, questions=compared
    )


def _by_unit(question: Question, per_round: list[list[Answer]]) -> list[tuple[str, list[str]]]:
    if question.kind == Kind.TEXT:
        return []
    table: dict[str, list[str]] = {}
    for index, answers in enumerate(per_round):
        for answer in answers:
            label = _recipient_label(answer.recipient)
            table.setdefault(label, [""] * len(per_round))[index] = display_value(
                question, answer.value
            )
    return sorted(table.items())


def answer_table(rounds: list[QuestionnaireRound]) -> tuple[list[str], list[list[Any]]]:
    """Headers and one row per recipient of the rounds, for CSV/XLSX (drafts left out)."""
    if not rounds:
        return [], []
    questions = list(rounds[0].questionnaire.questions.all())
    answers: dict[int, dict[int, Any]] = defaultdict(dict)
    for answer in _submitted_answers(rounds):
        answers[answer.recipient_id][answer.question_id] = answer.value
    recipients = (
        Recipient.objects.filter(round__in=rounds)
        .select_related("round", "region", "kommun", "body")
        .order_by("round__number", "name", "pk")
    )
    headers = [
        _("Omgång"),
        _("Namn"),
        _("E-postadress"),
        _("Svarar för"),
        _("Inskickat"),
        *(q.text for q in questions),
    ]
    rows = []
    for recipient in recipients:
        given = answers.get(recipient.pk, {})
        rows.append(
            [
                recipient.round.label,
                recipient.name,
                recipient.email,
                str(recipient.unit or ""),
                (
                    timezone.localtime(recipient.submitted_at).strftime("%Y-%m-%d %H:%M")
                    if recipient.submitted_at
                    else ""
                ),
                *(display_value(q, given.get(q.pk)) for q in questions),
            ]
        )
    return headers, rows
