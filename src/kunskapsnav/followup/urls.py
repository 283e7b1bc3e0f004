from django.urls import include, path

from kunskapsnav.followup import views

app_name = "followup"

urlpatterns = [
    path("uppfoljning/mognad/", views.matrix, name="matrix"),
    path("organ/<int:pk>/oversikt/", views.body_dashboard, name="body_dashboard"),
    path("", include("kunskapsnav.followup.dashboard_urls")),
    path("", include("kunskapsnav.followup.funds_urls")),
    path("", include("kunskapsnav.followup.questionnaire_urls")),
]
