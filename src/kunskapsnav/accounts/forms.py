from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-postadress"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Lösenord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _(
            "E-postadressen eller lösenordet stämmer inte. Kontrollera stavningen och försök igen."
        ),
        "inactive": _("Kontot är inaktiverat. Kontakta systemförvaltaren."),
    }

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()
