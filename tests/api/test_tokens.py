"""API tokens: shown once, stored as a hash, refused once revoked or when the user is gone."""

from __future__ import annotations

import datetime as dt
import hashlib

import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kunskapsnav.accounts.models import ApiToken
from kunskapsnav.accounts.tokens import authenticate_token, create_api_token, revoke_api_token
from kunskapsnav.registry.models import Person
from tests.api.base import API, ApiTestCase


class TokenServiceTests(ApiTestCase):
    def test_a_token_is_stored_only_as_its_hash_and_prefix(self) -> None:
        token, raw = create_api_token(self.carol, "Rapportverktyg", acting_user=self.carol)
        assert raw.startswith("kn_")
        assert len(raw) == 3 + 43
        assert token.prefix == raw[:10]
        assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
        stored = ApiToken.objects.filter(pk=token.pk).values().get()
        assert raw not in [str(value) for value in stored.values()]

    def test_two_tokens_are_never_the_same(self) -> None:
        _first, one = create_api_token(self.carol, "A", acting_user=self.carol)
        _second, two = create_api_token(self.carol, "B", acting_user=self.carol)
        assert one != two

    def test_creating_a_token_is_audited(self) -> None:
        token, _raw = create_api_token(self.carol, "Rapportverktyg", acting_user=self.carol)
        record = token.history.get()
        assert (record.history_user, record.history_change_reason) == (
            self.carol,
            "create_api_token",
        )

    def test_alice_creates_a_token_for_someone_else_but_dave_cannot(self) -> None:
        token, _raw = create_api_token(self.carol, "Integration", acting_user=self.alice)
        assert token.user == self.carol
        with self.assertRaises(PermissionDenied):
            create_api_token(self.carol, "Stöld", acting_user=self.dave)

    def test_only_the_owner_or_alice_revokes_a_token(self) -> None:
        token, _raw = create_api_token(self.carol, "A", acting_user=self.carol)
        with self.assertRaises(PermissionDenied):
            revoke_api_token(token, acting_user=self.dave)
        revoke_api_token(token, acting_user=self.alice)
        assert token.revoked_at is not None

    def test_authenticate_token_finds_the_user(self) -> None:
        assert authenticate_token(self.keys["carol"]) == self.carol

    def test_anything_else_is_refused(self) -> None:
        raw = self.keys["carol"]
        for wrong in ("", "kn_", raw[:-1], raw + "x", raw[3:], "kn_" + "x" * 200):
            with self.subTest(wrong=wrong):
                assert authenticate_token(wrong) is None

    def test_a_revoked_token_is_refused(self) -> None:
        token = ApiToken.objects.get(user=self.carol)
        revoke_api_token(token, acting_user=self.carol)
        assert authenticate_token(self.keys["carol"]) is None
        record = token.history.first()
        assert record is not None
        assert (record.history_user, record.history_change_reason) == (
            self.carol,
            "revoke_api_token",
        )

    def test_revoking_twice_keeps_the_first_time(self) -> None:
        token = ApiToken.objects.get(user=self.carol)
        revoke_api_token(token, acting_user=self.carol)
        first = token.revoked_at
        revoke_api_token(token, acting_user=self.carol)
        assert token.revoked_at == first

    def test_the_token_of_a_deactivated_user_is_refused(self) -> None:
        self.carol.is_active = False
        self.carol.save()
        assert authenticate_token(self.keys["carol"]) is None

    def test_last_use_is_noted_at_most_once_a_minute(self) -> None:
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            authenticate_token(self.keys["carol"])
        token = ApiToken.objects.get(user=self.carol)
        assert token.last_used_at == start
        soon = start + dt.timedelta(seconds=59)
        with time_machine.travel(soon, tick=False), self.assertNumQueries(1):
            authenticate_token(self.keys["carol"])
        token.refresh_from_db()
        assert token.last_used_at == start
        later = start + dt.timedelta(seconds=61)
        with time_machine.travel(later, tick=False), self.assertNumQueries(2):
            authenticate_token(self.keys["carol"])
        token.refresh_from_db()
        assert token.last_used_at == later


class TokenAuthenticationTests(ApiTestCase):
    def test_a_write_without_a_token_is_unauthorised(self) -> None:
        response = self.post("/people", {"name": "Lena Lind"})
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert not Person.objects.filter(name="Lena Lind").exists()

    def test_a_header_that_is_not_a_bearer_token_is_unauthorised(self) -> None:
        for header in (f"Token {self.keys['bob']}", f"Basic {self.keys['bob']}", "Bearer"):
            with self.subTest(header=header):
                response = self.client.post(
                    f"{API}/people",
                    {"name": "Lena Lind"},
                    content_type="application/json",
                    headers={"Authorization": header},
                )
                assert response.status_code == 401

    def test_a_wrong_token_is_unauthorised_even_for_reading(self) -> None:
        response = self.client.get(f"{API}/bodies", headers={"Authorization": "Bearer kn_wrong"})
        assert response.status_code == 401

    def test_a_revoked_token_no_longer_works(self) -> None:
        assert self.post("/people", {"name": "Före"}, "bob").status_code == 201
        revoke_api_token(ApiToken.objects.get(user=self.bob), acting_user=self.bob)
        assert self.post("/people", {"name": "Efter"}, "bob").status_code == 401
        assert self.get("/bodies", "bob").status_code == 401

    def test_the_token_of_a_deactivated_user_no_longer_works(self) -> None:
        self.bob.is_active = False
        self.bob.save()
        assert self.post("/people", {"name": "Lena Lind"}, "bob").status_code == 401

    def test_a_token_notes_when_it_was_used(self) -> None:
        assert ApiToken.objects.get(user=self.bob).last_used_at is None
        self.get("/bodies", "bob")
        assert ApiToken.objects.get(user=self.bob).last_used_at is not None
