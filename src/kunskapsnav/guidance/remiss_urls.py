"""URLs of the catalogue and remiss pages, included into the ``guidance`` namespace by
``guidance.urls`` (so no ``app_name`` here)."""

from django.urls import path

from kunskapsnav.guidance import remiss_views as views

urlpatterns = [
    path("kunskapsstod/", views.kunskapsstod_list, name="kunskapsstod_list"),
    path("kunskapsstod.<str:fmt>", views.kunskapsstod_export, name="kunskapsstod_export"),
    path("kunskapsstod/<slug:code>/", views.kunskapsstod_detail, name="kunskapsstod_detail"),
    path("kunskapsstod/<slug:code>/remiss/ny/", views.round_create, name="round_create"),
    path("remissomgangar/<int:pk>/tilldela/", views.round_assign, name="round_assign"),
    path("organ/<int:pk>/remisser/", views.body_inbox, name="body_remiss_inbox"),
    path("remisser/<int:pk>/", views.remiss_detail, name="remiss_detail"),
    path("remisser/<int:pk>/svarstid/", views.remiss_deadline, name="remiss_deadline"),
    path(
        "remisser/<int:pk>/begar-synpunkter/",
        views.contribution_request,
        name="contribution_request",
    ),
    path("remisser/<int:pk>/avsnitt/nytt/", views.section_add, name="section_add"),
    path("remisser/<int:pk>/godkann/", views.remiss_approve, name="remiss_approve"),
    path("remisser/<int:pk>/oppna-igen/", views.remiss_reopen, name="remiss_reopen"),
    path("remisser/<int:pk>/skickat/", views.remiss_sent, name="remiss_sent"),
    path("remisser/<int:pk>/remissvar.docx", views.remiss_docx, name="remiss_docx"),
    path("remissbidrag/<int:pk>/", views.contribution_submit, name="contribution_submit"),
    path(
        "remissbidrag/<int:pk>/ta-bort/",
        views.contribution_withdraw,
        name="contribution_withdraw",
    ),
    path("remissavsnitt/<int:pk>/spara/", views.section_save, name="section_save"),
    path("remissavsnitt/<int:pk>/flytta/", views.section_move, name="section_move"),
    path("remissavsnitt/<int:pk>/ta-bort/", views.section_delete, name="section_delete"),
]
