"""HTTP caching of the portal: who may keep a copy of a page, and for how long.

The portal's pages are the same for every anonymous reader, so browsers and proxies may keep
them for five minutes (``Cache-Control: public, max-age=300``) and revalidate them cheaply
afterwards: every page carries an ``ETag`` and a ``Last-Modified`` computed from the data
before the page is drawn (``condition``), so a repeat request with ``If-None-Match`` or
``If-Modified-Since`` is answered ``304 Not Modified`` after one query.

The validator is the time of the latest change to anything the portal shows, read from the
history tables (every write through the services leaves a history row, deletions too), together
with today's date (memberships begin and end, meetings become upcoming or past), the active
language and, for a reader who has a session, a digest of the session cookie.

Why not ``public`` for everyone: ``base.html`` draws the header from ``user`` (the logged-in
name, "Logga ut") and puts a CSRF token in the page. A shared copy of such a page would hand one
person's header or token to the next reader. So, without ever reading ``request.user`` (the
portal's views check permissions as ``AnonymousUser``):

* a request with a session cookie gets ``private, no-cache``: only the browser keeps it, and it
  revalidates every time, so a logout or a change of user is never hidden by a cached page;
* a request without a session cookie whose page mints a new CSRF secret (a first visit: the
  response sets the ``csrftoken`` cookie) gets ``private, max-age=300``, because a shared copy
  would give every first-time visitor the same CSRF secret;
* every other request (anonymous, its CSRF cookie already set, or a feed or calendar that
  uses none) gets ``public, max-age=300``.

All responses vary on ``Accept-Language`` and ``Cookie``. No server-side page cache is used: the
conditional GET already spares the rendering, and a server cache keyed without the session
would face the same leak.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Max, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import condition

from kunskapsnav.core.models import ProgrammeArea, Region
from kunskapsnav.guidance.models import Implementation, Kunskapsstod
from kunskapsnav.meetings.models import AgendaItem, Attendance, Decision, Meeting
from kunskapsnav.registry.models import (
    Body,
    Commission,
    CommissionVersion,
    Membership,
    Organisation,
    Person,
    Seat,
)

MAX_AGE = 300
#: Bump when the portal's templates change in a way that must not be served from a cache.
VERSION = "2"
#: The time of "no change recorded"; older than any history row.
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)

#: The models whose changes the portal shows.
TRACKED: tuple[type[models.Model], ...] = (
    Body,
    Seat,
    Membership,
    Person,
    Organisation,
    Commission,
    CommissionVersion,
    Meeting,
    AgendaItem,
    Decision,
    Attendance,
    Kunskapsstod,
    Implementation,
    Region,
    ProgrammeArea,
)

View = Callable[..., HttpResponseBase]


def _history(model: type[models.Model]) -> type[models.Model]:
    history: type[models.Model] = model.history.model  # type: ignore[attr-defined]
    return history


def latest_change() -> dt.datetime:
    """When anything the portal shows last changed, in one query."""
    first, *rest = (_history(model) for model in TRACKED)
    parts = [Coalesce(Max("history_date"), Value(EPOCH))]
    parts += [
        Coalesce(
            Subquery(model._default_manager.order_by("-history_date").values("history_date")[:1]),
            Value(EPOCH),
        )
        for model in rest
    ]
    stamp: dt.datetime = first._default_manager.aggregate(
        latest=Greatest(*parts, output_field=models.DateTimeField())
    )["latest"]
    if timezone.is_naive(stamp):
        stamp = timezone.make_aware(stamp, dt.UTC)
    return stamp


def _stamp(request: HttpRequest) -> dt.datetime:
    cached: dt.datetime | None = getattr(request, "_portal_stamp", None)
    if cached is None:
        cached = latest_change()
        request._portal_stamp = cached  # type: ignore[attr-defined]
    return cached


def _has_session(request: HttpRequest) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def _etag(request: HttpRequest, *args: Any, **kwargs: Any) -> str:
    session = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    parts = [
        VERSION,
        _stamp(request).isoformat(),
        timezone.localdate().isoformat(),
        translation.get_language() or "",
        hashlib.sha256(session.encode()).hexdigest() if session else "",
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def _last_modified(request: HttpRequest, *args: Any, **kwargs: Any) -> dt.datetime:
    # HTTP dates count whole seconds; the ETag keeps the full precision.
    return _stamp(request).replace(microsecond=0)


def cache_policy(request: HttpRequest) -> dict[str, Any]:
    """The ``Cache-Control`` directives for this request; see the module docstring."""
    if _has_session(request):
        return {"private": True, "no_cache": True}
    minted_csrf = bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE")) and (
        settings.CSRF_COOKIE_NAME not in request.COOKIES
    )
    if minted_csrf:
        return {"private": True, "max_age": MAX_AGE}
    return {"public": True, "max_age": MAX_AGE}


def portal_cache(view: View) -> View:
    """Conditional GET (ETag, Last-Modified, 304) and the cache headers of a portal page."""
    conditional = condition(etag_func=_etag, last_modified_func=_last_modified)(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = conditional(request, *args, **kwargs)
        if response.status_code in (200, 304):
            patch_cache_control(response, **cache_policy(request))
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    return wrapper
