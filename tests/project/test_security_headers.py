"""Security headers and cookies as a production deployment sends them, and CSRF in every form.

The test settings run with KUNSKAPSNAV_TESTING (no Secure cookies, no HSTS); the values that
production takes by default (see test_settings_and_cli) are switched on here with
override_settings. Login throttling (django-axes) is tested in tests/accounts/test_login.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.base import PASSWORD, BaseTestCase

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

PRODUCTION = {
    "DEBUG": False,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "LANGUAGE_COOKIE_SECURE": True,
    "SECURE_HSTS_SECONDS": 31_536_000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
}

TEMPLATE_ROOT = Path(__file__).resolve().parents[2] / "src" / "kunskapsnav"


def csp_directives(response: Response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@override_settings(**PRODUCTION)
class SecurityHeaderTests(BaseTestCase):
    def get_login_page(self) -> Response:
        response = self.client.get(reverse("accounts:login"), secure=True)
        assert response.status_code == 200
        return response

    def test_the_content_security_policy_allows_no_inline_script_or_style(self) -> None:
        directives = csp_directives(self.get_login_page())
        assert directives["default-src"] == ["'self'"]
        for name in ("script-src", "style-src"):
            assert "'unsafe-inline'" not in directives[name]
            assert "'unsafe-eval'" not in directives[name]
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["object-src"] == ["'none'"]

    def test_the_usual_hardening_headers_are_sent(self) -> None:
        response = self.get_login_page()
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"

    def test_hsts_is_sent_over_https_only(self) -> None:
        response = self.get_login_page()
        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
        plain = self.client.get(reverse("accounts:login"))
        assert "Strict-Transport-Security" not in plain

    def test_the_csrf_cookie_is_secure_and_same_site(self) -> None:
        cookie = self.get_login_page().cookies["csrftoken"]
        assert cookie["secure"] is True
        assert cookie["samesite"] == "Lax"

    def test_the_session_cookie_is_secure_http_only_and_same_site(self) -> None:
        response = self.client.post(
            reverse("accounts:login"),
            {"username": "carol@example.org", "password": PASSWORD},
            secure=True,
        )
        assert response.status_code == 302
        cookie = response.cookies["sessionid"]
        assert cookie["secure"] is True
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"

    def test_the_language_cookie_is_secure(self) -> None:
        response = self.client.post(
            reverse("core:set_language"), {"language": "en", "next": "/"}, secure=True
        )
        cookie = response.cookies["kunskapsnav_language"]
        assert cookie["secure"] is True
        assert cookie["samesite"] == "Lax"

    def test_a_post_without_a_csrf_token_is_refused(self) -> None:
        client = self.client_class(enforce_csrf_checks=True)
        response = client.post(
            reverse("accounts:login"),
            {"username": "carol@example.org", "password": PASSWORD},
            secure=True,
        )
        assert response.status_code == 403


# --- Every POST form in the templates carries the CSRF token ------------------------------

FORM = re.compile(r"<form\b(?P<attrs>[^>]*)>(?P<body>.*?)</form\s*>", re.IGNORECASE | re.DOTALL)
POST = re.compile(r"""\bmethod\s*=\s*["']?post\b""", re.IGNORECASE)
CSRF = re.compile(r"{%\s*csrf_token\s*%}")
INCLUDE = re.compile(r"""{%\s*include\s+["'](?P<name>[^"']+)["']""")


def templates() -> list[Path]:
    return sorted(TEMPLATE_ROOT.glob("*/templates/**/*.html"))


def template_text(name: str) -> str:
    for path in TEMPLATE_ROOT.glob(f"*/templates/{name}"):
        return path.read_text(encoding="utf-8")
    return ""


def post_forms_without_csrf(text: str) -> list[str]:
    """The opening tags of the POST forms in ``text`` that carry no {% csrf_token %}.

    A form may take the token from a template it includes.
    """
    missing = []
    for form in FORM.finditer(text):
        if not POST.search(form["attrs"]):
            continue
        body = form["body"]
        included = "".join(template_text(m["name"]) for m in INCLUDE.finditer(body))
        if not CSRF.search(body) and not CSRF.search(included):
            missing.append(" ".join(f"<form{form['attrs']}>".split()))
    # Every form was parsed: none is left unclosed or cut short by a ">" in an attribute.
    opened = len(re.findall(r"<form\b", text, re.IGNORECASE))
    if opened != len(FORM.findall(text)):
        missing.append(f"{opened} <form> tags, {len(FORM.findall(text))} parsed")
    return missing


def test_the_scan_finds_post_forms_and_notices_a_missing_token() -> None:
    assert post_forms_without_csrf('<form method="post">{% csrf_token %}</form>') == []
    assert post_forms_without_csrf('<form method="get"><input></form>') == []
    assert post_forms_without_csrf("<FORM class='x'\n  method='POST'>\n<button></FORM>") == [
        "<form class='x' method='POST'>"
    ]


def test_the_site_has_post_forms_to_check() -> None:
    assert sum(len(POST.findall(p.read_text(encoding="utf-8"))) for p in templates()) > 20


@pytest.mark.parametrize(
    "path", templates(), ids=lambda p: str(p.relative_to(TEMPLATE_ROOT)) if p else ""
)
def test_every_post_form_carries_the_csrf_token(path: Path) -> None:
    assert post_forms_without_csrf(path.read_text(encoding="utf-8")) == []
