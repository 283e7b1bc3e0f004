from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinutesConfig(AppConfig):
    name = "kunskapsnav.minutes"
    label = "minutes"
    verbose_name = _("Import av protokoll")
