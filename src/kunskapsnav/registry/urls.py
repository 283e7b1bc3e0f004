from django.urls import path

from kunskapsnav.registry import views

app_name = "registry"

urlpatterns = [
    path("organ/", views.body_list, name="body_list"),
    path("organ.<str:fmt>", views.body_export, name="body_export"),
    path("organ/nytt/", views.body_create, name="body_create"),
    path("organ/<int:pk>/", views.body_detail, name="body_detail"),
    path("organ/<int:pk>/andra/", views.body_edit, name="body_edit"),
    path("organ/<int:pk>/avveckla/", views.body_close, name="body_close"),
    path("organ/<int:pk>/platser/ny/", views.seat_add, name="seat_add"),
    path("organ/<int:pk>/uppdrag/nytt/", views.appoint, name="appoint"),
    path(
        "organ/<int:pk>/uppdragsbeskrivning/ny/",
        views.commission_version_add,
        name="commission_version_add",
    ),
    path("platser/<int:pk>/andra/", views.seat_edit, name="seat_edit"),
    path("platser/<int:pk>/tillsatt/", views.seat_fill, name="seat_fill"),
    path("platser/<int:pk>/nominering/", views.nomination_request, name="nomination_request"),
    path("uppdrag/<int:pk>/avsluta/", views.membership_end, name="membership_end"),
    path("nomineringar/<int:pk>/kandidat/", views.nomination_record, name="nomination_record"),
    path("nomineringar/<int:pk>/beslut/", views.nomination_decide, name="nomination_decide"),
    path("nomineringar/<int:pk>/aterkalla/", views.nomination_withdraw, name="nomination_withdraw"),
    path(
        "uppdragsbeskrivningar/<int:pk>/faststall/",
        views.commission_version_approve,
        name="commission_version_approve",
    ),
    path(
        "uppdragsbeskrivningar/<int:pk>/bilaga/",
        views.commission_attachment,
        name="commission_attachment",
    ),
    path("personer/sok/", views.person_search, name="person_search"),
    path("personer/<int:pk>/", views.person_detail, name="person_detail"),
    path("personer/<int:pk>/andra/", views.person_edit, name="person_edit"),
    path("organisationsschema/", views.org_chart, name="org_chart"),
    path("organisationsschema/<str:code>/", views.org_chart, name="org_chart_region"),
    path("vakanser/", views.vacancy_list, name="vacancy_list"),
    path("vakanser.<str:fmt>", views.vacancy_export, name="vacancy_export"),
]
