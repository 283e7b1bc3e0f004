from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from kunskapsnav.accounts import tokens
from kunskapsnav.accounts.forms import EmailAuthenticationForm
from kunskapsnav.accounts.models import ApiToken, BodyRole
from kunskapsnav.core.http import AuthenticatedRequest


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Vad ska token användas till?"),
        max_length=100,
        help_text=gettext_lazy("T.ex. ”Rapport till regionledningen”."),
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Vad ska token få göra?"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        required=False,
        help_text=gettext_lazy(
            "Välj ”Läsa” om inget ska ändras. ”Läsa och ändra” ger samma rätt att ändra som du har."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_scope(self) -> str:
        """A form sent without a choice makes the narrower token."""
        return str(self.cleaned_data.get("scope") or ApiToken.Scope.READ)


def _profile_page(
    request: AuthenticatedRequest, form: ApiTokenForm, new_key: str = ""
) -> HttpResponse:
    roles = BodyRole.objects.filter(user=request.user).select_related("body").order_by("body__name")
    api_tokens = ApiToken.objects.filter(user=request.user, revoked_at__isnull=True)
    return render(
        request,
        "accounts/profile.html",
        {"roles": roles, "api_tokens": api_tokens, "form": form, "new_key": new_key},
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedRequest) -> HttpResponse:
    """The user's own account: roles, and personal tokens for the JSON API.

    A new token's key is shown once, in the response to the POST that made it: it is never
    stored, put in a message or redirected with.
    """
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _token, raw = tokens.create_api_token(
            request.user,
            form.cleaned_data["name"],
            acting_user=request.user,
            scope=form.cleaned_data["scope"],
        )
        response = _profile_page(request, ApiTokenForm(), new_key=raw)
        response["Cache-Control"] = "no-store"
        return response
    return _profile_page(request, form)


@login_required
@require_POST
def revoke_token(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    tokens.revoke_api_token(token, acting_user=request.user)
    messages.success(request, _("Token %(name)s är återkallad.") % {"name": token.name})
    return HttpResponseRedirect(reverse("accounts:profile"))
