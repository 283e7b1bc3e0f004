"""The project's URLs with the meeting downloads, for tests that run before (or after) the
project includes ``kunskapsnav.meetings.export_urls`` itself."""

from django.urls import NoReverseMatch, include, path, reverse

from kunskapsnav.urls import urlpatterns as project_urlpatterns


def _project_has_downloads() -> bool:
    try:
        reverse("meetings_export:action_export", args=["csv"], urlconf="kunskapsnav.urls")
    except NoReverseMatch:
        return False
    return True


urlpatterns = list(project_urlpatterns)
if not _project_has_downloads():
    urlpatterns.append(path("", include("kunskapsnav.meetings.export_urls")))
