"""The API instance: version 1 of the registry, its error format and its documentation.

Errors are ``{"detail": …}``: a sentence for 401, 403 and 404, a list of sentences for a broken
business rule (422), and the schema's own list of issues for a malformed request (422).
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router, Swagger
from ninja.errors import AuthenticationError, HttpError

from kunskapsnav.api.auth import ReadOnlyToken
from kunskapsnav.api.caching import conditional, refuse_nul
from kunskapsnav.api.followup import router as followup_router
from kunskapsnav.api.guidance_catalogue import router as catalogue_router
from kunskapsnav.api.guidance_implementation import router as implementations_router
from kunskapsnav.api.meetings import router as meetings_router
from kunskapsnav.api.registry import router as registry_router

DESCRIPTION = """\
Kunskapsnavs register och möten: organ, platser, ledamöter, vakanser, nomineringar och
uppdrag; möten med dagordning, närvaro, beslut och åtgärder.

Läsning fungerar utan inloggning och visar då bara offentliga organ. Med en API-token
(`Authorization: Bearer kn_…`) eller en inloggad webbläsarsession visas också de organ där du har
en roll. Allt som ändrar något kräver en API-token med behörigheten "Läsa och ändra" (`write`);
en token som bara får läsa (`read`) får svaret 403 på allt utom GET.

Listor delas upp i sidor med `limit` (högst 500, 100 om inget anges) och `offset`, och svarar
`{"items": [...], "count": n}`. Svar på GET har en `ETag`; skicka den i `If-None-Match` så
svarar API:t 304 utan innehåll om inget har ändrats.
"""


class Docs(Swagger):
    """Swagger UI in a page of the site (``core/api_docs.html``): Swedish, with a skip link,
    landmarks and the contrast fixes of ``core/api-docs.css``."""

    template = "core/api_docs.html"


api = NinjaAPI(
    title="Kunskapsnav API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    # Swagger UI from ninja's own static files (``ninja`` is an installed app), so the page
    # needs no CDN and runs under the site's CSP; no validator badge fetched from outside.
    # No deep links: Swagger puts them as links inside each operation's toggle button, an
    # interactive element nested in another that screen readers and keyboards stumble over.
    docs=Docs(settings={"validatorUrl": None, "deepLinking": False}),
)
api.add_decorator(refuse_nul, mode="view")
api.add_decorator(conditional, mode="view")
api.add_router("/v1/", registry_router)
api.add_router("/v1/", meetings_router)
api.add_router("/v1/", catalogue_router)
api.add_router("/v1/", implementations_router)
api.add_router("/v1/", followup_router)

#: Last of all: any other path under ``/api/v1/`` (an id that is not a number, say) is a JSON
#: 404 like every other answer of the API, not the site's HTML page.
unknown_paths = Router()


@unknown_paths.api_operation(
    ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
    "/{path:rest}",
    include_in_schema=False,
)
def unknown_path(request: HttpRequest, rest: str) -> HttpResponse:
    raise Http404


api.add_router("/v1/", unknown_paths)


@api.exception_handler(AuthenticationError)
def unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(request, {"detail": _("En giltig API-token krävs.")}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="kunskapsnav"'
    return response


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    if isinstance(exc, ReadOnlyToken):
        return api.create_response(request, {"detail": str(exc)}, status=403)
    return api.create_response(
        request, {"detail": _("Du har inte behörighet att göra detta.")}, status=403
    )


@api.exception_handler(Http404)
@api.exception_handler(ObjectDoesNotExist)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("Hittades inte.")}, status=404)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja's only 400: a body that is not JSON.
    not_json = _("Innehållet i anropet är inte giltig JSON.")
    detail = not_json if exc.status_code == 400 else str(exc)
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.messages}, status=422)
