"""The project's URLs with the införande pages, for tests that run before (or after) the project
includes ``kunskapsnav.guidance.urls`` itself."""

from django.urls import NoReverseMatch, include, path, reverse

from kunskapsnav.urls import urlpatterns as project_urlpatterns


def _project_has_implementation_pages() -> bool:
    try:
        reverse("guidance:implementation_list", urlconf="kunskapsnav.urls")
    except NoReverseMatch:
        return False
    return True


urlpatterns = list(project_urlpatterns)
if not _project_has_implementation_pages():
    urlpatterns.append(path("", include(("kunskapsnav.guidance.implementation_urls", "guidance"))))
