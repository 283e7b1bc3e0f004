from django.urls import path

from kunskapsnav.minutes import views

app_name = "minutes"

urlpatterns = [
    path("import/", views.start, name="start"),
    path("import/omgang/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("import/<int:pk>/", views.review, name="review"),
    path("import/<int:pk>/avvisa/", views.discard, name="discard"),
]
