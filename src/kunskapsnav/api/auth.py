"""Who is calling the API.

Reads are open to everybody: with a token, with the browser's session, or anonymously (public
data only). Writes need ``Authorization: Bearer <token>``: tokens are not sent by browsers on
their own, so the API needs no CSRF protection for them.

A token that is sent must be valid, on reads too: a client that believes it is logged in
should hear that it is not, rather than silently get the public view. A token's scope bounds it:
a read token is refused (403) on anything but GET, HEAD and OPTIONS, before the handler runs.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from kunskapsnav.accounts.models import ApiToken as Token
from kunskapsnav.accounts.models import User
from kunskapsnav.accounts.tokens import find_token

#: Methods that change nothing: all that a read token may use.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ReadOnlyToken(PermissionDenied):
    """A read token was sent with a request that would change something."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Din API-token får bara läsa. Skapa en token med behörigheten "
                "”Läsa och ändra” för att ändra något."
            )
        )


class ApiToken(HttpBearer):
    """``Authorization: Bearer kn_…``: a personal API token (see ``accounts.tokens``)."""

    def authenticate(self, request: HttpRequest, token: str) -> User:
        found = find_token(token)
        if found is None:
            raise AuthenticationError()
        if found.scope != Token.Scope.WRITE and request.method not in SAFE_METHODS:
            raise ReadOnlyToken()
        return found.user


class Session(SessionAuth):
    """The browser's session, for reads from a logged-in page (CSRF-checked like any form)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = getattr(request, "user", None)
        return user if user is not None and user.is_authenticated else None


def anonymous(request: HttpRequest) -> AnonymousUser:
    """Last resort of reads: the caller is anonymous and sees public data only."""
    return AnonymousUser()


token_auth = ApiToken()
session_auth = Session()
#: Reads: a token, else the session, else anonymous.
READ = [token_auth, session_auth, anonymous]
#: Writes: a token and nothing else.
WRITE = [token_auth]


def caller(request: HttpRequest) -> User | AnonymousUser:
    """The user the authentication of this request found (anonymous when none)."""
    user: Any = getattr(request, "auth", None)
    return user if isinstance(user, User) else AnonymousUser()


def acting_user(request: HttpRequest) -> User:
    """The token's user of a write (authentication has already refused everyone else)."""
    user: Any = getattr(request, "auth", None)
    assert isinstance(user, User)
    return user
