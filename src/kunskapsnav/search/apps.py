from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "kunskapsnav.search"
    label = "search"
    verbose_name = _("Sökning")

    def ready(self) -> None:
        from kunskapsnav.search import signals

        signals.connect()
