"""Live polls in a meeting: started by the chair or samordnare, answered anonymously by code."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kunskapsnav.followup import polls
from kunskapsnav.followup.models import Poll, PollVote
from tests.base import BaseTestCase
from tests.meetings import factories as mf


class PollTests(BaseTestCase):
    def setUp(self) -> None:
        self.meeting = mf.meeting(self.lpo, dt.date(2023, 5, 10))

    def start(self, kind: str = Poll.Kind.SINGLE, choices: str = "Bra\nOkej\nDåligt") -> Poll:
        return polls.start_poll(
            body=self.lpo,
            meeting=self.meeting,
            question="Hur fungerar LPO-arbetet i din region?",
            kind=kind,
            choices=choices,
            acting_user=self.bob,
        )

    def test_bob_starts_a_poll_from_the_meeting_and_sees_its_code(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.post(
            reverse("followup:poll_create", args=[self.meeting.pk]),
            {"question": "Vilket ord beskriver dagen?", "kind": "words", "choices": ""},
        )
        poll = Poll.objects.get()
        self.assertRedirects(response, poll.get_absolute_url())
        page = self.client.get(poll.get_absolute_url())
        self.assertContains(page, poll.code)
        self.assertContains(page, reverse("followup:poll_join"))

    def test_carol_as_ledamot_and_dave_may_not_start_a_poll(self) -> None:
        for user in (self.carol, self.dave):
            with self.assertRaises(PermissionDenied):
                polls.start_poll(
                    body=self.lpo, question="?", kind="words", choices="", acting_user=user
                )

    def test_anyone_with_the_code_votes_once_without_an_account(self) -> None:
        poll = self.start()
        join = self.client.post(reverse("followup:poll_join"), {"code": poll.code.lower()})
        vote_url = reverse("followup:poll_vote", args=[poll.code])
        self.assertRedirects(join, vote_url)
        self.client.post(vote_url, {"value": "Bra"})
        self.client.post(vote_url, {"value": "Dåligt"})
        self.assertEqual(list(PollVote.objects.values_list("value", flat=True)), ["Bra"])
        self.assertContains(self.client.get(vote_url), "Ditt svar är registrerat")
        other = self.client_class()
        other.post(vote_url, {"value": "Okej"})
        result = polls.poll_result(poll)
        self.assertEqual(result.votes, 2)
        self.assertEqual(
            [(label, count) for label, count, _share in result.rows],
            [("Bra", 1), ("Okej", 1), ("Dåligt", 0)],
        )

    def test_a_vote_records_nothing_about_the_voter(self) -> None:
        poll = self.start()
        self.client.force_login(self.carol)
        self.client.post(reverse("followup:poll_vote", args=[poll.code]), {"value": "Bra"})
        other = self.start()
        self.client.post(reverse("followup:poll_vote", args=[other.code]), {"value": "Okej"})
        self.assertEqual(
            {field.name for field in PollVote._meta.get_fields()},
            {"id", "poll", "voter_key", "value", "created_at"},
        )
        first, second = PollVote.objects.order_by("pk")
        # The same browser is not recognisable from one poll to the next.
        self.assertNotEqual(first.voter_key, second.voter_key)

    def test_an_unknown_choice_or_code_gets_a_clear_message(self) -> None:
        poll = self.start()
        response = self.client.post(
            reverse("followup:poll_vote", args=[poll.code]), {"value": "Fantastiskt"}
        )
        self.assertContains(response, "Välj ett av svarsalternativen.", status_code=400)
        response = self.client.post(reverse("followup:poll_join"), {"code": "ZZZZZZ"})
        self.assertContains(response, "Ingen fråga har den koden")

    def test_a_closed_poll_takes_no_more_votes(self) -> None:
        poll = self.start()
        polls.close_poll(poll, acting_user=self.bob)
        with self.assertRaisesMessage(ValidationError, "stängd"):
            polls.vote(poll, "Bra", session_key="abc")
        self.assertContains(
            self.client.get(reverse("followup:poll_vote", args=[poll.code])), "Frågan är stängd"
        )

    def test_word_answers_are_counted_regardless_of_case(self) -> None:
        poll = self.start(kind=Poll.Kind.WORDS, choices="")
        for n, word in enumerate(["Samverkan", "samverkan ", "Tid"]):
            polls.vote(poll, word, session_key=f"s{n}")
        result = polls.poll_result(poll)
        self.assertEqual(result.rows[0][:2], ("Samverkan", 2))

    def test_the_scale_mean_is_shown(self) -> None:
        poll = self.start(kind=Poll.Kind.SCALE, choices="")
        for n, value in enumerate(["2", "4", "5"]):
            polls.vote(poll, value, session_key=f"s{n}")
        self.assertAlmostEqual(polls.poll_result(poll).mean or 0, 11 / 3)

    def test_results_of_a_poll_in_a_non_public_body_are_hidden_from_outsiders(self) -> None:
        poll = polls.start_poll(
            body=self.styrgrupp, question="?", kind="words", choices="", acting_user=self.erin
        )
        self.client.force_login(self.dave)
        self.assertEqual(self.client.get(poll.get_absolute_url()).status_code, 404)
        self.client.force_login(self.erin)
        self.assertEqual(self.client.get(poll.get_absolute_url()).status_code, 200)
