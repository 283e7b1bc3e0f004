"""Settings typed from the environment, secure when DEBUG is off; the console script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from kunskapsnav import env


def read_settings(environ: dict[str, str], *names: str) -> dict[str, object]:
    """Import the real settings in a fresh interpreter with exactly this environment."""
    code = (
        "import json, kunskapsnav.settings as s;"
        f"print(json.dumps({{n: getattr(s, n) for n in {list(names)!r}}}, default=str))"
    )
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "KUNSKAPSNAV_TESTING", "SECRET_KEY", "DATABASE_URL"}
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **environ},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip().splitlines()[-1])
    return dict(json.loads(result.stdout))


def test_production_settings_are_secure_by_default() -> None:
    values = read_settings(
        {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "kunskapsnav.example"},
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "ALLOWED_HOSTS",
        "X_FRAME_OPTIONS",
        "AXES_ENABLED",
    )
    assert values == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "ALLOWED_HOSTS": ["kunskapsnav.example"],
        "X_FRAME_OPTIONS": "DENY",
        "AXES_ENABLED": True,
    }


def test_production_refuses_to_start_without_a_secret_key() -> None:
    with pytest.raises(RuntimeError, match="SECRET_KEY must be set"):
        read_settings({}, "DEBUG")


def test_database_url_switches_to_postgresql_and_sqlite_uses_wal() -> None:
    pg = read_settings(
        {"DEBUG": "1", "DATABASE_URL": "postgres://u:p@db.internal:5432/kn"}, "DATABASES"
    )
    assert "postgresql" in str(pg["DATABASES"])
    lite = read_settings({"DEBUG": "1"}, "DATABASES")
    assert "journal_mode=WAL" in str(lite["DATABASES"])


def test_oidc_switches_on_only_when_configured() -> None:
    off = read_settings({"DEBUG": "1"}, "OIDC_ENABLED", "AUTHENTICATION_BACKENDS")
    assert off["OIDC_ENABLED"] is False
    on = read_settings(
        {
            "DEBUG": "1",
            "OIDC_RP_CLIENT_ID": "kunskapsnav",
            "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example/auth",
            "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example/token",
        },
        "OIDC_ENABLED",
        "AUTHENTICATION_BACKENDS",
    )
    assert on["OIDC_ENABLED"] is True
    assert "kunskapsnav.accounts.oidc.KunskapsnavOIDCBackend" in str(on["AUTHENTICATION_BACKENDS"])


def test_email_url_configures_smtp() -> None:
    values = read_settings(
        {"DEBUG": "1", "EMAIL_URL": "smtp://user:secret@mail.example:587?tls=True"},
        "EMAIL_BACKEND",
        "EMAIL_HOST",
        "EMAIL_PORT",
        "EMAIL_USE_TLS",
    )
    assert values == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example",
        "EMAIL_PORT": 587,
        "EMAIL_USE_TLS": True,
    }


def test_an_unknown_email_scheme_is_a_clear_configuration_error() -> None:
    with pytest.raises(RuntimeError, match="EMAIL_URL must start with"):
        read_settings({"DEBUG": "1", "EMAIL_URL": "pigeon://loft"}, "EMAIL_BACKEND")


def test_a_malformed_boolean_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KN_FLAG", "kanske")
    with pytest.raises(ImproperlyConfigured, match="KN_FLAG must be a boolean"):
        env.env_bool("KN_FLAG")
    monkeypatch.setenv("KN_NUMBER", "tio")
    with pytest.raises(ImproperlyConfigured, match="KN_NUMBER must be an integer"):
        env.env_int("KN_NUMBER", 1)
    monkeypatch.setenv("KN_LIST", " a, b ,,c ")
    assert env.env_list("KN_LIST", []) == ["a", "b", "c"]


def test_the_console_script_runs_django_commands_with_hyphens_or_underscores() -> None:
    for command in ("load-reference", "load_reference"):
        result = subprocess.run(
            [sys.executable, "-m", "kunskapsnav", command, "--help"],
            env={**os.environ, "DEBUG": "1"},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert "Läser in referensdata" in result.stdout


def test_models_and_migrations_agree() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kunskapsnav", "makemigrations", "--check", "--dry-run"],
        env={**os.environ, "DEBUG": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_parse_minutes_runs_without_any_configuration(tmp_path: Path) -> None:
    minutes = tmp_path / "anteckningar.txt"
    minutes.write_text(
        "Minnesanteckningar\nDatum: 2022-01-28\n1. Mötets öppnande\n", encoding="utf-8"
    )
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "KUNSKAPSNAV_TESTING", "SECRET_KEY"}
    }
    result = subprocess.run(
        [sys.executable, "-m", "kunskapsnav", "parse-minutes", str(minutes), "--json"],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["date"] == "2022-01-28"
