"""Questionnaire rounds: created, sent, answered by link without an account, reminded, closed,
repeated and compared; every bad input a clear message and nothing lost."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kunskapsnav.followup import questionnaire_results as results
from kunskapsnav.followup import questionnaires as q
from kunskapsnav.followup.models import Question, Questionnaire, QuestionnaireRound, Recipient
from tests.base import BaseTestCase
from tests.registry import factories as f

TODAY = dt.date(2023, 3, 1)


def link_in(message: mail.EmailMessage) -> str:
    """The path of the answer link in an e-mail."""
    match = re.search(r"https?://[^/\s]+(/enkat/\S+/)", str(message.body))
    assert match, message.body
    return match.group(1)


@time_machine.travel(dt.datetime(2023, 3, 1, 9, 0), tick=False)
class QuestionnaireTestCase(BaseTestCase):
    questionnaire: Questionnaire
    choice: Question
    scale: Question
    number: Question
    text: Question

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.questionnaire = q.create_questionnaire(
            owner_body=cls.lpo,
            title="Införande av den generiska modellen",
            description="Hur långt har ni kommit?",
            acting_user=cls.bob,
        )
        cls.choice = q.add_question(
            cls.questionnaire,
            text="Finns ett LPO?",
            kind=Question.Kind.SINGLE,
            required=True,
            choices=["Ja", "Nej", "Under uppbyggnad"],
            acting_user=cls.bob,
        )
        cls.scale = q.add_question(
            cls.questionnaire,
            text="Hur långt har införandet kommit?",
            kind=Question.Kind.SCALE,
            scale_low_label="Inte påbörjat",
            scale_high_label="Helt infört",
            acting_user=cls.bob,
        )
        cls.number = q.add_question(
            cls.questionnaire, text="Antal LAG", kind=Question.Kind.NUMBER, acting_user=cls.bob
        )
        cls.text = q.add_question(
            cls.questionnaire, text="Kommentar", kind=Question.Kind.TEXT, acting_user=cls.bob
        )

    def new_round(self, deadline: dt.date = dt.date(2023, 3, 20)) -> QuestionnaireRound:
        round = q.create_round(self.questionnaire, deadline=deadline, acting_user=self.bob)
        q.add_recipients(
            round,
            [
                q.NewRecipient(name="Anna Berg", email="anna@example.org", region=self.dalarna),
                q.NewRecipient(name="Olle Ek", email="olle@example.org", kommun=self.falun),
                q.NewRecipient(name="Utan Adress"),
            ],
            acting_user=self.bob,
        )
        return round

    def answers(self, **values: object) -> dict[int, object]:
        return {getattr(self, name).pk: value for name, value in values.items()}


class QuestionnaireServiceTests(QuestionnaireTestCase):
    def test_rounds_are_numbered_in_order(self) -> None:
        first = self.new_round()
        second = q.create_round(
            self.questionnaire, deadline=dt.date(2023, 9, 1), acting_user=self.bob
        )
        self.assertEqual((first.number, second.number), (1, 2))
        self.assertEqual(first.label, "Omgång 1")

    def test_dave_without_a_role_may_not_create_a_questionnaire_for_the_lpo(self) -> None:
        with self.assertRaises(PermissionDenied):
            q.create_questionnaire(owner_body=self.lpo, title="X", acting_user=self.dave)

    def test_carol_as_ledamot_may_not_change_questions(self) -> None:
        with self.assertRaises(PermissionDenied):
            q.add_question(
                self.questionnaire, text="Fråga", kind=Question.Kind.TEXT, acting_user=self.carol
            )

    def test_a_choice_question_needs_two_choices(self) -> None:
        with self.assertRaisesMessage(ValidationError, "minst två svarsalternativ"):
            q.add_question(
                self.questionnaire,
                text="Ja?",
                kind=Question.Kind.SINGLE,
                choices=["Ja", " ja "],
                acting_user=self.bob,
            )

    def test_sending_opens_the_round_and_mails_each_recipient_with_an_address(self) -> None:
        round = self.new_round()
        sent = q.send_round(round, acting_user=self.bob)
        round.refresh_from_db()
        self.assertEqual(round.status, QuestionnaireRound.Status.OPEN)
        self.assertEqual(sent, 2)
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox), ["anna@example.org", "olle@example.org"]
        )
        self.assertIn("Region Dalarna", str(mail.outbox[0].body) + str(mail.outbox[1].body))
        self.assertIn("/enkat/", mail.outbox[0].body)

    def test_a_round_without_recipients_cannot_be_sent(self) -> None:
        round = q.create_round(
            self.questionnaire, deadline=dt.date(2023, 3, 20), acting_user=self.bob
        )
        with self.assertRaisesMessage(ValidationError, "Lägg till mottagare"):
            q.send_round(round, acting_user=self.bob)

    def test_the_same_person_is_added_to_a_round_only_once(self) -> None:
        round = self.new_round()
        added, skipped = q.add_recipients(
            round,
            [q.NewRecipient(name="Anna B", email="ANNA@example.org")],
            acting_user=self.bob,
        )
        self.assertEqual((added, skipped), ([], ["Anna B"]))

    def test_members_of_a_body_become_recipients_answering_for_that_body(self) -> None:
        person = f.person("Lisa Lund", email="lisa@example.org")
        f.member(f.seat(self.lpo), person)
        new = q.recipients_from_bodies([self.lpo], on=TODAY)
        self.assertEqual([(r.name, r.body) for r in new], [("Lisa Lund", self.lpo)])

    def test_a_draft_may_leave_required_questions_open_but_a_submission_may_not(self) -> None:
        round = self.new_round()
        q.send_round(round, acting_user=self.bob)
        anna = round.recipients.get(email="anna@example.org")
        q.save_answers(anna, self.answers(scale="4"), submit=False)
        anna.refresh_from_db()
        self.assertIsNotNone(anna.draft_saved_at)
        self.assertIsNone(anna.submitted_at)
        with self.assertRaises(ValidationError) as caught:
            q.save_answers(anna, self.answers(scale="4"), submit=True)
        self.assertEqual(
            caught.exception.message_dict, {f"q{self.choice.pk}": ["Frågan måste besvaras."]}
        )

    def test_one_bad_value_saves_nothing_and_names_the_question(self) -> None:
        round = self.new_round()
        q.send_round(round, acting_user=self.bob)
        anna = round.recipients.get(email="anna@example.org")
        with self.assertRaises(ValidationError) as caught:
            q.save_answers(anna, self.answers(choice="Ja", scale="7", number="många"), submit=True)
        self.assertEqual(
            set(caught.exception.message_dict), {f"q{self.scale.pk}", f"q{self.number.pk}"}
        )
        self.assertFalse(anna.answers.exists())

    def test_numbers_accept_a_swedish_decimal_comma(self) -> None:
        self.assertEqual(q.parse_value(self.number, "3,5"), 3.5)
        self.assertEqual(q.parse_value(self.number, "1 200"), 1200)

    def test_a_date_question_wants_a_real_date(self) -> None:
        date = q.add_question(
            self.questionnaire, text="Startdatum", kind=Question.Kind.DATE, acting_user=self.bob
        )
        self.assertEqual(q.parse_value(date, "2023-02-28"), "2023-02-28")
        with self.assertRaisesMessage(ValidationError, "ÅÅÅÅ-MM-DD"):
            q.parse_value(date, "2023-02-30")

    def test_multiple_choice_keeps_the_questions_order_and_refuses_unknown_choices(self) -> None:
        many = q.add_question(
            self.questionnaire,
            text="Vilka huvudmän deltar?",
            kind=Question.Kind.MULTIPLE,
            choices=["Region", "Kommun", "Privat"],
            acting_user=self.bob,
        )
        self.assertEqual(q.parse_value(many, ["Privat", "Region"]), ["Region", "Privat"])
        with self.assertRaises(ValidationError):
            q.parse_value(many, ["Staten"])

    def test_answers_can_be_changed_until_the_deadline_but_not_after(self) -> None:
        round = self.new_round()
        q.send_round(round, acting_user=self.bob)
        anna = round.recipients.get(email="anna@example.org")
        q.save_answers(anna, self.answers(choice="Nej"), submit=True)
        q.save_answers(anna, self.answers(choice="Ja", scale="3"), submit=True)
        self.assertEqual(
            dict(anna.answers.values_list("question__text", "value")),
            {"Finns ett LPO?": "Ja", "Hur långt har införandet kommit?": 3},
        )
        with self.assertRaisesMessage(ValidationError, "tar inte längre emot svar"):
            q.save_answers(anna, self.answers(choice="Nej"), submit=True, on=dt.date(2023, 3, 21))

    def test_reminders_go_only_to_those_who_have_not_answered_and_once_a_day(self) -> None:
        round = self.new_round()
        q.send_round(round, acting_user=self.bob)
        q.save_answers(
            round.recipients.get(email="anna@example.org"), self.answers(choice="Ja"), submit=True
        )
        mail.outbox.clear()
        self.assertEqual(q.remind_round(round, acting_user=self.bob), 1)
        self.assertEqual(mail.outbox[0].to, ["olle@example.org"])
        self.assertTrue(mail.outbox[0].subject.startswith("Påminnelse"))
        self.assertEqual(q.remind_round(round, acting_user=self.bob), 0)
        olle = round.recipients.get(email="olle@example.org")
        self.assertEqual(olle.reminder_count, 1)

    def test_the_daily_run_reminds_three_days_before_the_deadline_once(self) -> None:
        round = self.new_round(deadline=dt.date(2023, 3, 20))
        q.send_round(round, acting_user=self.bob)
        mail.outbox.clear()
        self.assertEqual(q.send_questionnaire_reminders(dt.date(2023, 3, 16)), 0)
        self.assertEqual(q.send_questionnaire_reminders(dt.date(2023, 3, 17)), 2)
        self.assertEqual(q.send_questionnaire_reminders(dt.date(2023, 3, 18)), 0)
        self.assertEqual(len(mail.outbox), 2)

    def test_a_renewed_link_replaces_the_old_one(self) -> None:
        round = self.new_round()
        anna = round.recipients.get(email="anna@example.org")
        old = q.answer_token(anna)
        q.renew_link(anna, acting_user=self.bob)
        self.assertIsNone(q.recipient_for_token(old))
        self.assertEqual(q.recipient_for_token(q.answer_token(anna)), anna)
        self.assertIsNone(q.recipient_for_token("not-a-token"))

    def test_a_question_already_answered_keeps_its_kind_and_choices(self) -> None:
        round = self.new_round()
        q.send_round(round, acting_user=self.bob)
        anna = round.recipients.get(email="anna@example.org")
        q.save_answers(anna, self.answers(choice="Ja"), submit=True)
        with self.assertRaisesMessage(ValidationError, "redan besvarats"):
            q.update_question(
                self.choice,
                text="Finns ett LPO?",
                kind=Question.Kind.SINGLE,
                required=True,
                choices=["Ja", "Nej"],
                help_text="",
                acting_user=self.bob,
            )
        with self.assertRaisesMessage(ValidationError, "kan inte tas bort"):
            q.delete_question(self.choice, acting_user=self.bob)
        q.update_question(
            self.choice,
            text="Finns ett lokalt programområde (LPO)?",
            kind=Question.Kind.SINGLE,
            required=True,
            choices=["Ja", "Nej", "Under uppbyggnad"],
            help_text="",
            acting_user=self.bob,
        )

    def test_a_repeated_round_goes_to_the_same_people_with_new_links(self) -> None:
        first = self.new_round()
        q.send_round(first, acting_user=self.bob)
        q.close_round(first, acting_user=self.bob)
        second = q.repeat_round(first, deadline=dt.date(2023, 9, 30), acting_user=self.bob)
        self.assertEqual(second.number, 2)
        self.assertEqual(
            sorted(second.recipients.values_list("name", flat=True)),
            ["Anna Berg", "Olle Ek", "Utan Adress"],
        )
        new_anna = second.recipients.get(email="anna@example.org")
        self.assertEqual(new_anna.region, self.dalarna)
        self.assertNotEqual(new_anna.pk, first.recipients.get(email="anna@example.org").pk)

    def test_the_comparison_shows_each_round_side_by_side(self) -> None:
        first = self.new_round()
        q.send_round(first, acting_user=self.bob)
        anna, olle = (
            first.recipients.get(email=e) for e in ("anna@example.org", "olle@example.org")
        )
        q.save_answers(anna, self.answers(choice="Nej", scale="1", number="2"), submit=True)
        q.save_answers(olle, self.answers(choice="Under uppbyggnad", scale="2"), submit=True)
        q.close_round(first, acting_user=self.bob)
        second = q.repeat_round(first, deadline=dt.date(2023, 9, 30), acting_user=self.bob)
        q.send_round(second, acting_user=self.bob)
        anna2 = second.recipients.get(email="anna@example.org")
        q.save_answers(anna2, self.answers(choice="Ja", scale="4", number="5"), submit=True)

        comparison = results.compare_rounds(self.questionnaire)
        self.assertEqual(
            [(s, t) for _r, s, t, _rate in comparison.response_rates], [(2, 3), (1, 3)]
        )
        choice = comparison.questions[0]
        self.assertEqual(
            choice.rows,
            [("Ja", [0.0, 100.0]), ("Nej", [50.0, 0.0]), ("Under uppbyggnad", [50.0, 0.0])],
        )
        scale = comparison.questions[1]
        self.assertEqual(scale.rows, [("Medelvärde (1–5)", [1.5, 4.0])])
        self.assertIn(("Region Dalarna (Anna Berg)", ["1", "4"]), scale.by_unit)
        self.assertIn("<svg", str(choice.chart))

    def test_drafts_do_not_count_in_the_results(self) -> None:
        round = self.new_round()
        q.send_round(round, acting_user=self.bob)
        anna = round.recipients.get(email="anna@example.org")
        q.save_answers(anna, self.answers(choice="Ja"), submit=False)
        result = results.round_result(round)
        self.assertEqual(result.submitted, 0)
        self.assertEqual(result.summaries[0].answered, 0)


class AnswerPageTests(QuestionnaireTestCase):
    def test_a_recipient_without_an_account_answers_through_the_link(self) -> None:
        round = self.new_round()
        q.send_round(round, acting_user=self.bob)
        message = next(m for m in mail.outbox if m.to == ["anna@example.org"])
        url = link_in(message)
        page = self.client.get(url)
        self.assertContains(page, "Införande av den generiska modellen")
        self.assertContains(page, "Region Dalarna")
        response = self.client.post(
            url,
            {
                f"q{self.choice.pk}": "Under uppbyggnad",
                f"q{self.scale.pk}": "2",
                f"q{self.number.pk}": "1,5",
                "action": "submit",
            },
        )
        self.assertRedirects(response, url)
        anna = round.recipients.get(email="anna@example.org")
        self.assertIsNotNone(anna.submitted_at)
        self.assertContains(self.client.get(url), "Inskickat")

    def test_a_missing_required_answer_is_shown_beside_the_question_and_nothing_is_lost(
        self,
    ) -> None:
        round = self.new_round()
        q.send_round(round, acting_user=self.bob)
        url = reverse(
            "followup:answer", args=[q.answer_token(round.recipients.get(name="Anna Berg"))]
        )
        response = self.client.post(
            url, {f"q{self.text.pk}": "Vi har en plan för hösten", "action": "submit"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Frågan måste besvaras.")
        self.assertContains(response, "Vi har en plan för hösten")

    def test_a_forged_link_gets_a_clear_page_not_an_error(self) -> None:
        response = self.client.get(reverse("followup:answer", args=["forged:token"]))
        self.assertContains(response, "Länken gäller inte", status_code=404)

    def test_after_the_deadline_the_answer_is_shown_but_cannot_be_changed(self) -> None:
        round = self.new_round()
        q.send_round(round, acting_user=self.bob)
        anna = round.recipients.get(email="anna@example.org")
        q.save_answers(anna, self.answers(choice="Ja"), submit=True)
        url = reverse("followup:answer", args=[q.answer_token(anna)])
        with time_machine.travel(dt.datetime(2023, 3, 21, 9, 0), tick=False):
            page = self.client.get(url)
            self.assertContains(page, "tar inte längre emot svar")
            self.assertNotContains(page, "Skicka in")
            self.client.post(url, {f"q{self.choice.pk}": "Nej", "action": "submit"})
        self.assertEqual(anna.answers.get(question=self.choice).value, "Ja")

    def test_a_logged_in_recipient_finds_their_round_and_is_sent_to_their_own_answer(
        self,
    ) -> None:
        round = self.new_round()
        q.add_recipients(
            round, [q.NewRecipient(name="Carol", email="carol@example.org")], acting_user=self.bob
        )
        q.send_round(round, acting_user=self.bob)
        self.client.force_login(self.carol)
        self.assertContains(
            self.client.get(reverse("followup:questionnaire_list")),
            "Införande av den generiska modellen",
        )
        response = self.client.get(reverse("followup:round_answer_mine", args=[round.pk]))
        carol = round.recipients.get(email="carol@example.org")
        self.assertRedirects(response, reverse("followup:answer", args=[q.answer_token(carol)]))
        self.client.force_login(self.dave)
        self.assertEqual(
            self.client.get(reverse("followup:round_answer_mine", args=[round.pk])).status_code,
            404,
        )


class QuestionnairePageTests(QuestionnaireTestCase):
    def test_only_the_bodys_leaders_see_a_questionnaire(self) -> None:
        url = self.questionnaire.get_absolute_url()
        for user, status in (
            (self.bob, 200),
            (self.alice, 200),
            (self.carol, 404),
            (self.dave, 404),
        ):
            self.client.force_login(user)
            self.assertEqual(self.client.get(url).status_code, status, user)
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_bob_creates_a_questionnaire_with_a_question_from_the_pages(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.post(
            reverse("followup:questionnaire_create"),
            {"owner_body": self.lpo.pk, "title": "Uppföljning 2024", "description": ""},
        )
        created = Questionnaire.objects.get(title="Uppföljning 2024")
        self.assertRedirects(response, created.get_absolute_url())
        response = self.client.post(
            reverse("followup:question_add", args=[created.pk]),
            {"text": "Finns LAG?", "kind": "single", "choices": "Ja\nNej", "help_text": ""},
        )
        self.assertEqual(created.questions.get().choices, ["Ja", "Nej"])

    def test_a_choice_question_without_choices_is_refused_with_the_text_kept(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.post(
            reverse("followup:question_add", args=[self.questionnaire.pk]),
            {"text": "Finns LAG i varje kommun?", "kind": "single", "choices": "Ja"},
        )
        self.assertContains(response, "Ange minst två svarsalternativ")
        self.assertContains(response, "Finns LAG i varje kommun?")

    def test_recipient_lines_with_errors_name_the_line_and_add_nobody(self) -> None:
        round = q.create_round(
            self.questionnaire, deadline=dt.date(2023, 3, 20), acting_user=self.bob
        )
        self.client.force_login(self.bob)
        response = self.client.post(
            reverse("followup:round_add_recipients", args=[round.pk]),
            {
                "lines": "Anna Berg; anna@example.org; Region Dalarna\n"
                "Olle; inte-en-adress\nPer; per@example.org; Atlantis"
            },
        )
        self.assertContains(response, "Rad 2: ”inte-en-adress” är ingen e-postadress.")
        self.assertContains(response, "Rad 3: ingen region eller kommun heter ”Atlantis”.")
        self.assertFalse(round.recipients.exists())

    def test_recipient_lines_match_regions_and_kommuner_by_name(self) -> None:
        round = q.create_round(
            self.questionnaire, deadline=dt.date(2023, 3, 20), acting_user=self.bob
        )
        self.client.force_login(self.bob)
        self.client.post(
            reverse("followup:round_add_recipients", args=[round.pk]),
            {
                "lines": "Anna Berg; anna@example.org; dalarna\n"
                "Olle Ek; olle@example.org; Falu kommun"
            },
        )
        self.assertEqual(
            {r.name: r.unit for r in round.recipients.all()},
            {"Anna Berg": self.dalarna, "Olle Ek": self.falun},
        )

    def test_send_remind_and_close_from_the_round_page(self) -> None:
        round = self.new_round()
        self.client.force_login(self.bob)
        self.client.post(reverse("followup:round_send", args=[round.pk]))
        self.client.post(reverse("followup:round_remind", args=[round.pk]))
        self.client.post(reverse("followup:round_close", args=[round.pk]))
        round.refresh_from_db()
        self.assertEqual(round.status, QuestionnaireRound.Status.CLOSED)
        self.assertEqual(Recipient.objects.filter(round=round, reminder_count=1).count(), 2)

    def test_carol_may_not_send_a_round(self) -> None:
        round = self.new_round()
        self.client.force_login(self.carol)
        self.assertEqual(
            self.client.post(reverse("followup:round_send", args=[round.pk])).status_code, 404
        )
        round.refresh_from_db()
        self.assertEqual(round.status, QuestionnaireRound.Status.DRAFT)

    def test_the_answers_export_as_xlsx_with_one_row_per_recipient(self) -> None:
        round = self.new_round()
        q.send_round(round, acting_user=self.bob)
        anna = round.recipients.get(email="anna@example.org")
        q.save_answers(
            anna, self.answers(choice="Ja", scale="5", text="=HYPERLINK(1)"), submit=True
        )
        self.client.force_login(self.bob)
        response = self.client.get(reverse("followup:round_export", args=[round.pk, "xlsx"]))
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        assert sheet is not None
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(
            rows[0][:6],
            ("Omgång", "Namn", "E-postadress", "Svarar för", "Inskickat", "Finns ett LPO?"),
        )
        anna_row = next(row for row in rows if row[1] == "Anna Berg")
        self.assertEqual(anna_row[3], "Region Dalarna")
        self.assertEqual(anna_row[5:7], ("Ja", "5"))
        self.assertFalse(str(anna_row[8]).startswith("="))
        self.assertEqual(
            self.client.get(reverse("followup:round_export", args=[round.pk, "pdf"])).status_code,
            404,
        )

    def test_results_and_comparison_pages_use_a_fixed_number_of_queries(self) -> None:
        round = self.new_round()
        q.send_round(round, acting_user=self.bob)
        for recipient in round.recipients.all():
            q.save_answers(recipient, self.answers(choice="Ja", scale="3", text="Bra"), submit=True)
        self.client.force_login(self.bob)
        results_url = reverse("followup:round_results", args=[round.pk])
        compare_url = reverse("followup:questionnaire_compare", args=[self.questionnaire.pk])
        self.client.get(results_url)

        def count(url: str) -> int:
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as context:
                self.assertEqual(self.client.get(url).status_code, 200)
            return len(context)

        before = (count(results_url), count(compare_url), count(round.get_absolute_url()))
        more = [q.NewRecipient(name=f"Person {n}", email=f"p{n}@example.org") for n in range(20)]
        added, _skipped = q.add_recipients(round, more, acting_user=self.bob)
        for recipient in added:
            q.save_answers(recipient, self.answers(choice="Nej", scale="1", text="Ok"), submit=True)
        after = (count(results_url), count(compare_url), count(round.get_absolute_url()))
        self.assertEqual(before, after)
