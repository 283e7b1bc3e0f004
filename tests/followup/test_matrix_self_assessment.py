"""A region's own rating from a questionnaire, shown beside the computed level in the matrix."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from kunskapsnav.followup import questionnaires as q
from kunskapsnav.followup.matrix import Level, maturity_matrix
from kunskapsnav.followup.models import Question
from kunskapsnav.registry.models import Body
from tests.followup.base import FollowupTestCase
from tests.registry import factories as f


@time_machine.travel(dt.datetime(2023, 3, 1, 9, 0), tick=False)
class SelfAssessmentTests(FollowupTestCase):
    def setUp(self) -> None:
        self.rpo = f.body(
            "RPO Barn",
            kind=Body.Kind.RPO,
            level=Body.Level.SJUKVARDSREGIONAL,
            programme_area=self.barn,
        )
        self.questionnaire = q.create_questionnaire(
            owner_body=self.rpo, title="Läget i regionerna", acting_user=None
        )
        self.rating = q.add_question(
            self.questionnaire,
            text="Hur långt har ni kommit?",
            kind=Question.Kind.SCALE,
            self_assessment=True,
            acting_user=None,
        )

    def answer(self, deadline: dt.date, values: list[str], submit: bool = True) -> None:
        round = q.create_round(self.questionnaire, deadline=deadline, acting_user=None)
        added, _skipped = q.add_recipients(
            round,
            [q.NewRecipient(name=f"P{n}", region=self.dalarna) for n in range(len(values))],
            acting_user=None,
        )
        q.send_round(round, acting_user=None)
        for recipient, value in zip(added, values, strict=True):
            q.save_answers(recipient, {self.rating.pk: value}, submit=submit)

    def test_the_latest_round_s_mean_is_shown_for_the_region_and_area(self) -> None:
        self.answer(dt.date(2023, 3, 10), ["1"])
        self.answer(dt.date(2023, 3, 20), ["3", "4"])
        cell = maturity_matrix(AnonymousUser()).cell(self.barn.code, "20")
        assert cell.self_assessment is not None
        assert cell.self_assessment.value == 3.5
        assert cell.self_assessment.answers == 2
        assert cell.self_assessment.round_label == "Omgång 2"
        # The rating is shown beside the level, never instead of it.
        assert cell.level == Level.SAKNAS

    def test_drafts_count_for_nothing(self) -> None:
        self.answer(dt.date(2023, 3, 10), ["5"], submit=False)
        assert maturity_matrix(AnonymousUser()).cell(self.barn.code, "20").self_assessment is None

    def test_a_past_date_shows_the_rating_given_by_then(self) -> None:
        self.answer(dt.date(2023, 3, 10), ["2"])
        past = maturity_matrix(AnonymousUser(), on=dt.date(2023, 2, 28))
        assert past.cell(self.barn.code, "20").self_assessment is None

    def test_only_a_scale_question_can_be_a_self_assessment(self) -> None:
        with self.assertRaisesMessage(ValidationError, "Bara en skalfråga"):
            q.add_question(
                self.questionnaire,
                text="Finns LPO?",
                kind=Question.Kind.SINGLE,
                choices=["Ja", "Nej"],
                self_assessment=True,
                acting_user=None,
            )
