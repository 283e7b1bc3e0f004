"""Demo: the follow-up questionnaire of seed 003, sent in two rounds to the RPO's regions.

Seed 003 (RPO rehabilitering, habilitering och försäkringsmedicin, 2022-04-25): "Frågeformulär
har skickats ut till regionerna gällande implementering av den generiska modellen med önskemål
om svar senast 2/5. Dessa frågeformulär kommer att skickas ut vid flera tillfällen i syfte att
kunna följa implementeringen", and each region told how far it had come with LPO and LAG.

Round 1 (deadline 2022-05-02) holds what each region reported at that meeting, in the words of
the minutes; where the minutes say nothing, the question is left unanswered. Round 2 (autumn
2022) is made-up example data, said so in the questionnaire's introduction, to show how rounds
compare. Idempotent: nothing is added when the questionnaire exists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from kunskapsnav.core.models import Region
from kunskapsnav.followup import questionnaires as q
from kunskapsnav.followup.models import Question, Questionnaire, QuestionnaireRound, Recipient
from kunskapsnav.registry.models import Body, Person

TITLE = "Implementering av den generiska modellen"
RPO_RHF = "RPO rehabilitering, habilitering och försäkringsmedicin"
NPO_RHF = "NPO rehabilitering, habilitering och försäkringsmedicin"

LPO = "Finns ett LPO för rehabilitering, habilitering och försäkringsmedicin i regionen?"
LAG = "Finns någon LAG inom programområdet?"
GENERIC = "Hur långt har arbetet med den generiska modellen kommit?"
STAGE = "Var står implementeringen av den generiska modellen? (1–5)"
WHO = "Vilka deltar i det lokala arbetet?"
EXPERIENCE = "Erfarenheter: vad har underlättat och vad har försvårat?"

QUESTIONS: tuple[dict[str, Any], ...] = (
    {
        "text": LPO,
        "kind": Question.Kind.SINGLE,
        "required": True,
        "choices": ["Ja", "Under uppbyggnad", "Nej"],
    },
    {
        "text": LAG,
        "kind": Question.Kind.SINGLE,
        "required": True,
        "choices": ["Ja", "Planeras", "Nej"],
    },
    {
        "text": GENERIC,
        "kind": Question.Kind.SINGLE,
        "choices": ["Inte påbörjat", "Påbörjat", "I gång i verksamheterna"],
    },
    {
        "text": STAGE,
        "kind": Question.Kind.SCALE,
        "scale_low_label": "Inte påbörjad",
        "scale_high_label": "Helt införd",
        "self_assessment": True,
    },
    {
        "text": WHO,
        "kind": Question.Kind.MULTIPLE,
        "choices": ["Regionens verksamheter", "Kommunerna", "Primärvården", "Privata vårdgivare"],
    },
    {"text": EXPERIENCE, "kind": Question.Kind.TEXT},
)

#: (person, region code) of the RPO's regional representatives in seed 003's attendance.
#: Region Uppsala "har ingen representant inom RPO".
RECIPIENTS: tuple[tuple[str, str], ...] = (
    ("Marie-Louise Liljergren", "20"),
    ("Marie Bergsten", "21"),
    ("Caisa Hedlund", "17"),
    ("Carolina Blomberg", "18"),
    ("Annica Winroth", "19"),
    ("Birgitta Törnblom", "04"),
)

#: Round 1: what each region said on 2022-04-25 (seed 003), by region code.
ROUND_1: dict[str, dict[str, Any]] = {
    "20": {
        LPO: "Ja",
        LAG: "Ja",
        GENERIC: "Påbörjat",
        WHO: ["Regionens verksamheter", "Kommunerna"],
        EXPERIENCE: (
            "En LAG är igång inom Syn och hörsel. LPO har påbörjat arbetet med att utforma en "
            "LAG för den generiska modellen. Kommunal representation genom MAR; psykiatri och "
            "primärvård finns inte med på grund av tidsbrist."
        ),
    },
    "21": {
        LPO: "Ja",
        LAG: "Ja",
        WHO: ["Regionens verksamheter", "Kommunerna"],
        EXPERIENCE: (
            "LAG rehabilitering har vårdenhetschefer från regionen och representanter från "
            "kommunen. Utmaning: deltagarna har mycket olika erfarenhet. Mentimeter har fungerat "
            "bra för att samla in gruppens åsikter."
        ),
    },
    "17": {
        LPO: "Ja",
        LAG: "Nej",
        WHO: ["Regionens verksamheter", "Privata vårdgivare"],
        EXPERIENCE: (
            "LAG rehabilitering har avvecklats; en chefsgrupp rehabilitering fördelar arbetet. "
            "Många privata vårdgivare genom vårdvalet gör samverkan svårare; kommunen saknas i "
            "chefsgruppen."
        ),
    },
    "04": {
        LPO: "Ja",
        LAG: "Nej",
        EXPERIENCE: (
            "LPO har startats och möts varannan månad, men det finns ingen LAG ännu. Svårt att "
            "få personer att lägga tid på LPO-arbetet när uppdraget upplevs otydligt."
        ),
    },
    "19": {
        LPO: "Nej",
        LAG: "Nej",
        EXPERIENCE: (
            "Regionen väntar in erfarenheter; arbetsgrupper tillsätts efter behov, till exempel "
            "för nya standardiserade vårdförlopp. Svårt att veta vilka kanaler som når ut."
        ),
    },
    "18": {
        LPO: "Nej",
        LAG: "Nej",
        EXPERIENCE: (
            "Inget LPO, men RPO-arbetet pågår genom olika RAG. Svårt att hinna med "
            "representation på sjukvårdsregional nivå; programområdet upplevs spretigt."
        ),
    },
}

#: Round 2: made-up example answers, to show a comparison over time.
ROUND_2: dict[str, dict[str, Any]] = {
    "20": {
        LPO: "Ja",
        LAG: "Ja",
        GENERIC: "I gång i verksamheterna",
        STAGE: "3",
        WHO: ["Regionens verksamheter", "Kommunerna", "Primärvården"],
    },
    "21": {LPO: "Ja", LAG: "Ja", GENERIC: "Påbörjat", STAGE: "2"},
    "17": {LPO: "Ja", LAG: "Planeras", GENERIC: "Påbörjat", STAGE: "2"},
    "04": {LPO: "Ja", LAG: "Planeras", GENERIC: "Inte påbörjat", STAGE: "1"},
    "18": {LPO: "Under uppbyggnad", LAG: "Nej", GENERIC: "Inte påbörjat", STAGE: "1"},
}


@dataclass
class DemoQuestionnaireReport:
    created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = [f"Enkät skapad: {name}" for name in self.created]
        lines += [f"Enkät hoppades över: {reason}" for reason in self.skipped]
        return lines


def _answer(
    round: QuestionnaireRound, answers: dict[str, dict[str, Any]], when: dt.datetime
) -> None:
    questions = {question.text: question for question in round.questionnaire.questions.all()}
    for recipient in Recipient.objects.filter(round=round).select_related("region"):
        given = answers.get(recipient.region.code if recipient.region else "")
        if given is None:
            continue
        raw = {questions[text].pk: value for text, value in given.items()}
        q.save_answers(recipient, raw, submit=True, on=round.deadline)
        Recipient.objects.filter(pk=recipient.pk).update(submitted_at=when)


@transaction.atomic
def load_demo_questionnaires() -> DemoQuestionnaireReport:
    report = DemoQuestionnaireReport()
    if Questionnaire.objects.filter(title=TITLE).exists():
        return report
    owner = (
        Body.objects.filter(name=NPO_RHF).order_by("pk").first()
        or Body.objects.filter(name=RPO_RHF).order_by("pk").first()
    )
    if owner is None:
        report.skipped.append(f"{TITLE}: {NPO_RHF} och {RPO_RHF} saknas")
        return report
    questionnaire = q.create_questionnaire(
        owner_body=owner,
        title=TITLE,
        description=(
            "Frågeformulär till regionerna i sjukvårdsregion Mellansverige om implementeringen "
            "av den generiska modellen. Det skickas ut vid flera tillfällen för att följa "
            "implementeringen över tid (RPO rehabilitering, habilitering och "
            "försäkringsmedicin, minnesanteckningar 2022-04-25).\n\n"
            "Demodata: omgång 1 återger vad regionerna berättade vid mötet 2022-04-25. "
            "Omgång 2 är påhittade exempelsvar som visar hur omgångar jämförs."
        ),
        acting_user=None,
    )
    for spec in QUESTIONS:
        q.add_question(questionnaire, acting_user=None, **spec)
    regions = {r.code: r for r in Region.objects.filter(code__in=[c for _n, c in RECIPIENTS])}
    people = {p.name: p for p in Person.objects.filter(name__in=[n for n, _c in RECIPIENTS])}
    recipients = [
        q.NewRecipient(
            name=name,
            email=people[name].email if name in people else "",
            person=people.get(name),
            region=regions.get(code),
        )
        for name, code in RECIPIENTS
    ]
    first = q.create_round(
        questionnaire,
        title="Våren 2022",
        opens_on=dt.date(2022, 4, 4),
        deadline=dt.date(2022, 5, 2),
        acting_user=None,
    )
    q.add_recipients(first, recipients, acting_user=None)
    QuestionnaireRound.objects.filter(pk=first.pk).update(
        status=QuestionnaireRound.Status.OPEN, sent_at=_at(dt.date(2022, 4, 4))
    )
    first.refresh_from_db()
    _answer(first, ROUND_1, _at(dt.date(2022, 4, 22)))
    QuestionnaireRound.objects.filter(pk=first.pk).update(
        status=QuestionnaireRound.Status.CLOSED, closed_at=_at(dt.date(2022, 5, 3))
    )
    second = q.repeat_round(
        first,
        title="Hösten 2022 (exempel)",
        opens_on=dt.date(2022, 10, 3),
        deadline=dt.date(2022, 10, 31),
        acting_user=None,
    )
    QuestionnaireRound.objects.filter(pk=second.pk).update(
        status=QuestionnaireRound.Status.OPEN, sent_at=_at(dt.date(2022, 10, 3))
    )
    second.refresh_from_db()
    _answer(second, ROUND_2, _at(dt.date(2022, 10, 20)))
    QuestionnaireRound.objects.filter(pk=second.pk).update(
        status=QuestionnaireRound.Status.CLOSED, closed_at=_at(dt.date(2022, 11, 1))
    )
    report.created.append(f"{TITLE} (2 omgångar, {owner.name})")
    return report


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
