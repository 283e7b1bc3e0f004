"""Personal API tokens: created, verified and revoked here, and nowhere else.

A token is ``kn_`` followed by 43 URL-safe characters (32 random bytes). It is shown once, when
it is created; the database keeps only its SHA-256 and its first ten characters, so that a
person can tell their tokens apart without the system being able to hand one out again.

A token's scope is chosen when it is made: ``read`` (the default) or ``write``. The API lets a
read token through GET requests only (``api.auth``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from kunskapsnav.accounts.models import ApiToken, User
from kunskapsnav.core.audit import save_audited

TOKEN_PREFIX = "kn_"  # noqa: S105 (what every token starts with, not a secret)
#: How many leading characters of a token are stored in clear to recognise it by.
VISIBLE_PREFIX_LENGTH = 10
#: ``last_used_at`` is written at most this often per token, to keep reads free of writes.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
#: Longer strings are not tokens; they are refused before hashing.
MAX_TOKEN_LENGTH = 100


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _may_manage_tokens_of(acting_user: User | None, user: User, perm: str) -> bool:
    """The system, the token's own user, or whoever holds ``perm`` (a systemförvaltare)."""
    return acting_user is None or acting_user.pk == user.pk or acting_user.has_perm(perm)


@transaction.atomic
def create_api_token(
    user: User, name: str, *, acting_user: User | None, scope: str = ApiToken.Scope.READ
) -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns it and the raw key, which is never stored.

    A person creates tokens for themself; a systemförvaltare may create one for anybody.
    """
    if not _may_manage_tokens_of(acting_user, user, "accounts.add_apitoken"):
        raise PermissionDenied("accounts.add_apitoken")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=raw[:VISIBLE_PREFIX_LENGTH],
        key_hash=hash_token(raw),
        scope=scope,
    )
    save_audited(token, acting_user=acting_user, reason="create_api_token")
    return token, raw


@transaction.atomic
def revoke_api_token(token: ApiToken, *, acting_user: User | None) -> ApiToken:
    """Revoke ``token`` for good; revoking a revoked token changes nothing."""
    if not _may_manage_tokens_of(acting_user, token.user, "accounts.change_apitoken"):
        raise PermissionDenied("accounts.change_apitoken")
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    save_audited(token, acting_user=acting_user, reason="revoke_api_token")
    return token


def authenticate_token(raw: str) -> User | None:
    """The active user whose active token ``raw`` is, or ``None``."""
    token = find_token(raw)
    return token.user if token is not None else None


def find_token(raw: str) -> ApiToken | None:
    """The active token ``raw`` of an active user (with its user), or ``None``.

    One query to find the token with its user; a second, at most once a minute per token, to
    note when it was last used (bookkeeping, not an audited change).
    """
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > MAX_TOKEN_LENGTH:
        return None
    token = (
        ApiToken.objects.active().select_related("user").filter(key_hash=hash_token(raw)).first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
