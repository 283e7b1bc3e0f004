"""The API instance: version 1 of the registry, its error format and its documentation.

Errors are ``{"detail": …}``: a sentence for 401, 403 and 404, a list of sentences for a broken
business rule (422), and the schema's own list of issues for a malformed request (422).
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError

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
en roll. Allt som ändrar något kräver en API-token.
"""

api = NinjaAPI(
    title="Kunskapsnav API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    # Swagger UI from ninja's own static files (``ninja`` is an installed app), so the page
    # needs no CDN and runs under the site's CSP; no validator badge fetched from outside.
    docs=Swagger(settings={"validatorUrl": None}),
)
api.add_router("/v1/", registry_router)
api.add_router("/v1/", meetings_router)
api.add_router("/v1/", catalogue_router)
api.add_router("/v1/", implementations_router)
api.add_router("/v1/", followup_router)


@api.exception_handler(AuthenticationError)
def unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(request, {"detail": _("En giltig API-token krävs.")}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="kunskapsnav"'
    return response


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(
        request, {"detail": _("Du har inte behörighet att göra detta.")}, status=403
    )


@api.exception_handler(Http404)
@api.exception_handler(ObjectDoesNotExist)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("Hittades inte.")}, status=404)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.messages}, status=422)
