from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kunskapsnav.accounts.forms import EmailAuthenticationForm
from kunskapsnav.accounts.models import BodyRole
from kunskapsnav.core.http import AuthenticatedRequest


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@login_required
@require_GET
def profile(request: AuthenticatedRequest) -> HttpResponse:
    roles = BodyRole.objects.filter(user=request.user).select_related("body").order_by("body__name")
    return render(request, "accounts/profile.html", {"roles": roles})
