from django.urls import path

from kunskapsnav.followup import views

app_name = "followup"

urlpatterns = [
    path("uppfoljning/mognad/", views.matrix, name="matrix"),
    path("organ/<int:pk>/oversikt/", views.body_dashboard, name="body_dashboard"),
]
