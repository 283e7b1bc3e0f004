from django.urls import URLPattern, path

from kunskapsnav.followup import dashboard_views

urlpatterns: list[URLPattern] = [
    path("uppfoljning/mina-organ/", dashboard_views.my_bodies_page, name="my_bodies"),
    path(
        "uppfoljning/region/<str:code>/",
        dashboard_views.region_dashboard_page,
        name="region_dashboard",
    ),
    path(
        "uppfoljning/mognad/export.<str:fmt>",
        dashboard_views.matrix_export,
        name="matrix_export",
    ),
]
