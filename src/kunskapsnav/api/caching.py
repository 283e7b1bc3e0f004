"""Conditional GETs for the API: an ETag on every successful read, 304 when it still holds;
and one guard, against input that no database holds.

Wrapped around each operation (``api.add_decorator(..., mode="view")``) rather than installed as
a middleware, so that only ``/api/`` answers are concerned. The ETag is a hash of the body
(Django's ``ConditionalGetMiddleware`` does the same), so it changes exactly when the answer does,
whoever asks; ``If-None-Match`` with it gets an empty 304.

What the API answers depends on who asks, so every answer varies on ``Authorization`` (the
session middleware adds ``Cookie``), and an answer to an authenticated caller is
``Cache-Control: private``: no shared cache may keep it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.translation import gettext as _

from kunskapsnav.api.auth import caller

Run = Callable[..., HttpResponseBase]


def refuse_nul(run: Run) -> Run:
    """A NUL character in the query or the body is refused (422) before anything reads it.

    No text in the registry can hold one, and PostgreSQL refuses it outright (a 500 otherwise).
    """

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        query = request.META.get("QUERY_STRING", "")
        body = request.body if request.method not in ("GET", "HEAD") else b""
        if "%00" in query or "\x00" in request.path or b"\x00" in body or b"\\u0000" in body:
            message = _("Texten får inte innehålla NUL-tecken.")
            return JsonResponse({"detail": [str(message)]}, status=422)
        return run(request, *args, **kwargs)

    return wrapper


def conditional(run: Run) -> Run:
    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = run(request, *args, **kwargs)
        patch_vary_headers(response, ["Authorization"])
        if "Authorization" in request.headers or caller(request).is_authenticated:
            patch_cache_control(response, private=True)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and isinstance(response, HttpResponse)
        ):
            if not response.has_header("ETag"):
                set_response_etag(response)
            conditional_response = get_conditional_response(
                request, etag=response["ETag"], response=response
            )
            return conditional_response if conditional_response is not None else response
        return response

    return wrapper
