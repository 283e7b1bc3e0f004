"""Single sign-on through OpenID Connect (mozilla-django-oidc), on when ``OIDC_*`` is set.

Users are matched on their verified e-mail address; a first login creates the account with no
roles, so SSO alone grants nothing beyond what an anonymous visitor sees.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from kunskapsnav.accounts.models import User


def _name_from_claims(claims: dict[str, Any]) -> str:
    name = str(claims.get("name") or "").strip()
    if not name:
        parts = [str(claims.get("given_name") or ""), str(claims.get("family_name") or "")]
        name = " ".join(part for part in parts if part).strip()
    return name


class KunskapsnavOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        email = str(claims.get("email") or "").strip().lower()
        if not email:
            return User.objects.none()
        return User.objects.filter(email__iexact=email, is_active=True)

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        email_verified = claims.get("email_verified", True)
        return bool(claims.get("email")) and email_verified is not False

    def create_user(self, claims: dict[str, Any]) -> User:
        return User.objects.create_user(
            email=str(claims["email"]), full_name=_name_from_claims(claims)
        )

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        name = _name_from_claims(claims)
        if name and name != user.full_name:
            user.full_name = name
            user.save(update_fields=["full_name"])
        return user
