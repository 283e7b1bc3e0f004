from __future__ import annotations

from kunskapsnav.accounts.models import BodyRole
from kunskapsnav.accounts.oidc import KunskapsnavOIDCBackend
from tests.base import BaseTestCase


class OIDCBackendTests(BaseTestCase):
    def backend(self) -> KunskapsnavOIDCBackend:
        backend = KunskapsnavOIDCBackend.__new__(KunskapsnavOIDCBackend)
        return backend

    def test_an_existing_user_is_found_by_email_in_any_case(self) -> None:
        users = self.backend().filter_users_by_claims({"email": "BOB@example.org"})
        assert list(users) == [self.bob]

    def test_a_first_login_creates_an_account_without_roles(self) -> None:
        user = self.backend().create_user(
            {"email": "frida@region.example", "given_name": "Frida", "family_name": "Falk"}
        )
        assert user.full_name == "Frida Falk"
        assert not user.has_usable_password()
        assert not BodyRole.objects.filter(user=user).exists()
        assert not user.is_systemforvaltare

    def test_claims_without_a_verified_email_are_refused(self) -> None:
        backend = self.backend()
        assert not backend.verify_claims({"sub": "x"})
        assert not backend.verify_claims({"email": "x@example.org", "email_verified": False})
        assert backend.verify_claims({"email": "x@example.org", "email_verified": True})

    def test_an_inactive_user_is_not_matched(self) -> None:
        self.dave.is_active = False
        self.dave.save()
        assert not self.backend().filter_users_by_claims({"email": "dave@example.org"}).exists()
