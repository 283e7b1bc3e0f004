"""The project's URLs with follow-up's pages, for tests that run before (or after) the project
includes ``kunskapsnav.followup.urls`` itself."""

from django.urls import NoReverseMatch, include, path, reverse

from kunskapsnav.urls import urlpatterns as project_urlpatterns


def _project_has_followup_pages() -> bool:
    try:
        reverse("followup:matrix", urlconf="kunskapsnav.urls")
    except NoReverseMatch:
        return False
    return True


urlpatterns = list(project_urlpatterns)
if not _project_has_followup_pages():
    urlpatterns.append(path("", include("kunskapsnav.followup.urls")))
