from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from kunskapsnav.api.api import api

admin.site.site_header = _("Kunskapsnav – administration")
admin.site.site_title = _("Kunskapsnav")
admin.site.index_title = _("Systemförvaltning")

urlpatterns = [
    path("", include("kunskapsnav.core.urls")),
    path("", include("kunskapsnav.registry.urls")),
    path("", include("kunskapsnav.meetings.urls")),
    path("", include("kunskapsnav.meetings.export_urls")),
    path("", include("kunskapsnav.minutes.urls")),
    path("", include("kunskapsnav.guidance.urls")),
    path("", include("kunskapsnav.followup.urls")),
    path("", include("kunskapsnav.search.urls")),
    path("portal/", include("kunskapsnav.portal.urls")),
    path("konto/", include("kunskapsnav.accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]

if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
