"""The demo's questionnaire: seed 003's regions in round 1, an example round 2, compared."""

from __future__ import annotations

from kunskapsnav.core.models import Region
from kunskapsnav.followup import questionnaire_results as results
from kunskapsnav.followup.demo_questionnaires import (
    LAG,
    LPO,
    NPO_RHF,
    TITLE,
    load_demo_questionnaires,
)
from kunskapsnav.followup.models import Questionnaire, QuestionnaireRound
from kunskapsnav.registry.models import Body
from tests.base import BaseTestCase


class DemoQuestionnaireTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for code, name in (
            ("21", "Region Gävleborg"),
            ("17", "Region Värmland"),
            ("18", "Region Örebro län"),
            ("19", "Region Västmanland"),
            ("04", "Region Sörmland"),
        ):
            Region.objects.create(code=code, name=name, sjukvardsregion=cls.mellansverige)
        Body.objects.create(name=NPO_RHF, kind=Body.Kind.NPO, level=Body.Level.NATIONELL)

    def test_two_closed_rounds_with_the_regions_of_seed_003(self) -> None:
        load_demo_questionnaires()
        load_demo_questionnaires()
        questionnaire = Questionnaire.objects.get(title=TITLE)
        first, second = questionnaire.rounds.order_by("number")
        self.assertEqual({first.status, second.status}, {QuestionnaireRound.Status.CLOSED})
        self.assertEqual(first.recipients.count(), 6)
        self.assertEqual(first.recipients.filter(submitted_at__isnull=False).count(), 6)
        answers = {
            str(r.region and (r.region.short_name or r.region.name)): {
                a.question.text: a.value for a in r.answers.all()
            }
            for r in first.recipients.select_related("region").prefetch_related("answers__question")
        }
        self.assertEqual(answers["Dalarna"][LPO], "Ja")
        self.assertEqual(answers["Region Västmanland"][LPO], "Nej")
        self.assertEqual(answers["Region Värmland"][LAG], "Nej")
        comparison = results.compare_rounds(questionnaire)
        lpo = comparison.questions[0]
        self.assertAlmostEqual(dict(lpo.rows)["Ja"][0] or 0, 100 * 4 / 6)
