from django.urls import path

from kunskapsnav.accounts import views

app_name = "accounts"

urlpatterns = [
    path("logga-in/", views.LoginView.as_view(), name="login"),
    path("logga-ut/", views.LogoutView.as_view(), name="logout"),
    path("", views.profile, name="profile"),
    path("token/<int:pk>/aterkalla/", views.revoke_token, name="revoke_token"),
]
