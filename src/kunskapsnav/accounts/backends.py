from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend

#: The apps a systemförvaltare administers in the back office.
ADMINISTERED_APPS = frozenset({"core", "accounts", "registry"})


class SystemforvaltareBackend(BaseBackend):
    """Opens the back office's app sections to a systemförvaltare.

    Object and model permissions are decided by the rules in ``accounts/rules.py``; Django's
    admin also asks whether a user may see an app at all, which is this backend's one answer.
    """

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return bool(
            user_obj.is_active
            and getattr(user_obj, "is_systemforvaltare", False)
            and app_label in ADMINISTERED_APPS
        )
