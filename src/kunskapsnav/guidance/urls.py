"""The guidance app's pages: the catalogue and remiss (``remiss_urls``), införande, gap
analysis, handlingsplan and uppföljning (``implementation_urls``)."""

from django.urls import include, path

app_name = "guidance"

urlpatterns = [
    path("", include("kunskapsnav.guidance.remiss_urls")),
    path("", include("kunskapsnav.guidance.implementation_urls")),
]
