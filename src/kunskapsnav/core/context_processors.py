from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    can_import = bool(
        user is not None
        and user.is_authenticated
        and (
            user.is_systemforvaltare
            or any("samordnare" in roles for roles in user.body_roles().values())
        )
    )
    return {
        "OIDC_ENABLED": settings.OIDC_ENABLED,
        "OIDC_PROVIDER_NAME": settings.OIDC_PROVIDER_NAME,
        "SEARCH_ENABLED": True,
        "CAN_IMPORT": can_import,
    }
