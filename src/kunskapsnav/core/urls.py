from django.urls import path

from kunskapsnav.core import views

app_name = "core"

urlpatterns = [
    path("", views.start, name="start"),
    path("regioner/", views.region_list, name="region_list"),
    path("regioner/<str:code>/", views.region_detail, name="region_detail"),
    path("programomraden/", views.programme_area_list, name="programme_area_list"),
    path("ordlista/", views.glossary, name="glossary"),
    path("sprak/", views.set_language, name="set_language"),
    path("historik/<str:app_label>/<str:model_name>/<str:pk>/", views.history, name="history"),
    path("halsa/", views.health, name="health"),
]
