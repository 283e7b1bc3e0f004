"""Request types for views, so that ``request.user`` and ``request.htmx`` are typed."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from kunskapsnav.accounts.models import User


class Request(HttpRequest):
    """Any request that passed through the middleware stack."""

    user: User | AnonymousUser
    htmx: HtmxDetails


class AuthenticatedRequest(Request):
    """A request to a ``login_required`` view."""

    user: User
