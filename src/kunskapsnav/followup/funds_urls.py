"""URLs of the funds pages, included into the ``followup`` namespace by ``followup.urls``."""

from django.urls import path

from kunskapsnav.followup import funds_views as views

urlpatterns = [
    path("uppfoljning/medel/", views.grant_list, name="grant_list"),
    path(
        "uppfoljning/medel/statsbidrag.<slug:fmt>",
        views.grant_list_export,
        name="grant_list_export",
    ),
    path("uppfoljning/medel/nytt/", views.grant_create, name="grant_create"),
    path("uppfoljning/medel/<int:pk>/", views.grant_detail, name="grant_detail"),
    path("uppfoljning/medel/<int:pk>/andra/", views.grant_edit, name="grant_edit"),
    path(
        "uppfoljning/medel/<int:pk>/rekvirerat/", views.grant_requisition, name="grant_requisition"
    ),
    path("uppfoljning/medel/<int:pk>/redovisat/", views.grant_report, name="grant_report"),
    path("uppfoljning/medel/<int:pk>/aterbetalt/", views.grant_repayment, name="grant_repayment"),
    path(
        "uppfoljning/medel/<int:pk>/statsbidrag.<slug:fmt>", views.grant_export, name="grant_export"
    ),
    path(
        "uppfoljning/medel/<int:pk>/fordelningar/ny/",
        views.allocation_create,
        name="allocation_create",
    ),
    path(
        "uppfoljning/medel/fordelningar/<int:pk>/andra/",
        views.allocation_edit,
        name="allocation_edit",
    ),
    path(
        "uppfoljning/medel/fordelningar/<int:pk>/ta-bort/",
        views.allocation_delete,
        name="allocation_delete",
    ),
    path(
        "uppfoljning/medel/fordelningar/<int:pk>/upparbetat/nytt/",
        views.spending_create,
        name="spending_create",
    ),
    path(
        "uppfoljning/medel/upparbetat/<int:pk>/andra/",
        views.spending_edit,
        name="spending_edit",
    ),
    path(
        "uppfoljning/medel/upparbetat/<int:pk>/ta-bort/",
        views.spending_delete,
        name="spending_delete",
    ),
]
