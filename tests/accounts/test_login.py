from __future__ import annotations

from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from tests.base import PASSWORD, BaseTestCase


class LoginTests(BaseTestCase):
    def test_carol_logs_in_with_her_email_in_any_case(self) -> None:
        response = self.client.post(
            reverse("accounts:login"), {"username": "Carol@Example.ORG", "password": PASSWORD}
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("core:start")
        assert self.client.get(reverse("accounts:profile")).context["user"] == self.carol

    def test_a_wrong_password_gets_a_clear_message_in_swedish(self) -> None:
        response = self.client.post(
            reverse("accounts:login"), {"username": "carol@example.org", "password": "fel"}
        )
        self.assertContains(response, "E-postadressen eller lösenordet stämmer inte")
        assert "_auth_user_id" not in self.client.session

    def test_login_redirects_only_to_this_site(self) -> None:
        response = self.client.post(
            reverse("accounts:login") + "?next=https://evil.example/",
            {
                "username": "carol@example.org",
                "password": PASSWORD,
                "next": "https://evil.example/",
            },
        )
        assert response["Location"] == reverse("core:start")

    def test_repeated_wrong_passwords_lock_the_account_for_a_while(self) -> None:
        url = reverse("accounts:login")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            self.client.post(url, {"username": "dave@example.org", "password": "gissning"})
        response = self.client.post(url, {"username": "dave@example.org", "password": PASSWORD})
        assert response.status_code == 429
        self.assertContains(response, "tillfälligt spärrad", status_code=429)
        assert "_auth_user_id" not in self.client.session

    def test_logout_is_a_post_and_ends_the_session(self) -> None:
        self.client.force_login(self.carol)
        assert self.client.get(reverse("accounts:logout")).status_code == 405
        self.client.post(reverse("accounts:logout"))
        assert "_auth_user_id" not in self.client.session

    def test_profile_needs_a_login(self) -> None:
        response = self.client.get(reverse("accounts:profile"))
        assert response.status_code == 302

    def test_the_login_page_offers_no_sso_button_when_oidc_is_off(self) -> None:
        response = self.client.get(reverse("accounts:login"))
        self.assertNotContains(response, "Logga in med")

    @override_settings(OIDC_ENABLED=True, ROOT_URLCONF="tests.accounts.oidc_urls")
    def test_the_login_page_offers_sso_when_oidc_is_configured(self) -> None:
        response = self.client.get(reverse("accounts:login"))
        self.assertContains(response, "Logga in med SITHS")
        self.assertContains(response, reverse("oidc_authentication_init"))


class LanguageTests(BaseTestCase):
    def test_english_is_available_and_swedish_is_the_default(self) -> None:
        assert self.client.get(reverse("core:region_list")).content.decode().count('lang="sv"') >= 1
        self.client.post(reverse("core:set_language"), {"language": "en", "next": "/regioner/"})
        response = self.client.get(reverse("core:region_list"))
        self.assertContains(response, '<html lang="en">')
        self.assertContains(response, "Regions and municipalities")

    def test_a_logged_in_user_keeps_the_chosen_language(self) -> None:
        self.client.force_login(self.carol)
        response = self.client.post(reverse("core:set_language"), {"language": "en", "next": "/"})
        assert response["Location"] == "/"
        self.carol.refresh_from_db()
        assert self.carol.language == "en"
        fresh = self.client_class()
        fresh.force_login(self.carol)
        self.assertContains(fresh.get(reverse("core:start")), "Welcome, Carol")

    def test_an_unknown_language_or_foreign_next_is_ignored(self) -> None:
        response = self.client.post(
            reverse("core:set_language"), {"language": "xx", "next": "https://evil.example/"}
        )
        assert response["Location"] == "/"
        assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


class ApiTokenPageTests(BaseTestCase):
    def test_carol_creates_a_token_sees_it_once_and_can_use_it(self) -> None:
        self.client.force_login(self.carol)
        response = self.client.post(reverse("accounts:profile"), {"name": "Rapporter"})
        key = response.context["new_key"]
        assert key.startswith("kn_")
        assert response["Cache-Control"] == "no-store"
        self.assertContains(response, key)
        assert key not in self.client.get(reverse("accounts:profile")).content.decode()
        api = self.client_class()
        answer = api.get("/api/v1/bodies", HTTP_AUTHORIZATION=f"Bearer {key}")
        assert answer.status_code == 200

    def test_carol_revokes_her_token_and_it_stops_working(self) -> None:
        self.client.force_login(self.carol)
        key = self.client.post(reverse("accounts:profile"), {"name": "Test"}).context["new_key"]
        token = self.carol.api_tokens.get()
        self.client.post(reverse("accounts:revoke_token", args=[token.pk]))
        api = self.client_class()
        assert api.get("/api/v1/bodies", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401

    def test_a_token_made_without_a_choice_only_reads(self) -> None:
        self.client.force_login(self.carol)
        self.client.post(reverse("accounts:profile"), {"name": "Rapporter"})
        assert self.carol.api_tokens.get().scope == "read"

    def test_carol_chooses_a_write_token_and_the_list_shows_its_scope(self) -> None:
        self.client.force_login(self.carol)
        page = self.client.get(reverse("accounts:profile"))
        self.assertContains(page, 'name="scope"', count=2)
        self.assertContains(page, 'value="read" id="id_scope_0" checked')
        self.client.post(reverse("accounts:profile"), {"name": "Läser", "scope": "read"})
        response = self.client.post(
            reverse("accounts:profile"), {"name": "Skriver", "scope": "write"}
        )
        scopes = dict(self.carol.api_tokens.values_list("name", "scope"))
        assert scopes == {"Läser": "read", "Skriver": "write"}
        html = response.content.decode()
        assert "<td>Läsa och ändra</td>" in html
        assert "<td>Läsa</td>" in html

    def test_an_unknown_scope_is_refused(self) -> None:
        self.client.force_login(self.carol)
        response = self.client.post(reverse("accounts:profile"), {"name": "Allt", "scope": "admin"})
        assert response.status_code == 200
        assert response.context["form"].errors["scope"]
        assert not self.carol.api_tokens.exists()

    def test_dave_cannot_revoke_carols_token(self) -> None:
        self.client.force_login(self.carol)
        self.client.post(reverse("accounts:profile"), {"name": "Test"})
        token = self.carol.api_tokens.get()
        self.client.force_login(self.dave)
        assert (
            self.client.post(reverse("accounts:revoke_token", args=[token.pk])).status_code == 404
        )
        token.refresh_from_db()
        assert token.revoked_at is None


class ProfilePageTests(BaseTestCase):
    def test_the_page_title_is_just_the_title(self) -> None:
        self.client.force_login(self.carol)
        html = self.client.get(reverse("accounts:profile")).content.decode()
        title = html[html.index("<title>") : html.index("</title>")]
        assert title == "<title>Mitt konto – Kunskapsnav"
        assert html.count('id="tokens-heading"') == 1
