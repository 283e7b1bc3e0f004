"""Settings for the test suite: the real settings, with a fast password hasher."""

import os

os.environ["KUNSKAPSNAV_TESTING"] = "1"

from kunskapsnav.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Static files are served from the apps' folders in tests; nothing is collected.
STATIC_ROOT = None  # type: ignore[assignment]

# Background tasks run at once, inside the test.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
