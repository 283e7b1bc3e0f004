"""Token scopes (a read token only reads), conditional GETs (ETag, 304), caching headers and
the same paging on every list."""

from __future__ import annotations

from kunskapsnav.accounts.models import ApiToken
from kunskapsnav.accounts.tokens import create_api_token
from kunskapsnav.registry.models import Person
from tests.api.base import API, ApiTestCase
from tests.api.test_openapi import ENDPOINTS


class TokenScopeTests(ApiTestCase):
    def read_key(self, name: str) -> str:
        _token, raw = create_api_token(self.user(name), "Läser", acting_user=self.user(name))
        return raw

    def test_a_new_token_only_reads_unless_told(self) -> None:
        token, _raw = create_api_token(self.carol, "Rapport", acting_user=self.carol)
        assert token.scope == ApiToken.Scope.READ
        token, _raw = create_api_token(
            self.carol, "Integration", acting_user=self.carol, scope=ApiToken.Scope.WRITE
        )
        assert token.scope == ApiToken.Scope.WRITE

    def test_erins_read_token_reads_what_erin_sees(self) -> None:
        key = self.read_key("erin")
        response = self.client.get(
            f"{API}/bodies/{self.styrgrupp.pk}", headers={"Authorization": f"Bearer {key}"}
        )
        assert response.status_code == 200
        assert self.get(f"/bodies/{self.styrgrupp.pk}").status_code == 404

    def test_alices_read_token_is_refused_on_every_write(self) -> None:
        key = self.read_key("alice")
        writes = sorted(path for method, path in ENDPOINTS if method != "get")
        for method, path in sorted(ENDPOINTS):
            if method == "get":
                continue
            url = path.replace("/api/v1", API).format(
                body_id=self.lpo.pk,
                seat_id=self.kommun_seat.pk,
                membership_id=self.per_in_lpo.pk,
                nomination_id=self.requested.pk,
                version_id=self.draft.pk,
                # Refused before the handler runs: whether these exist does not matter.
                meeting_id=1,
                item_id=1,
                action_id=1,
                implementation_id=1,
                remiss_id=1,
                contribution_id=1,
                section_id=1,
                questionnaire_id=1,
                round_id=1,
                grant_id=1,
                allocation_id=1,
            )
            with self.subTest(method=method, path=path):
                response = getattr(self.client, method)(
                    url,
                    {},
                    content_type="application/json",
                    headers={"Authorization": f"Bearer {key}"},
                )
                assert response.status_code == 403
                assert "bara läsa" in response.json()["detail"]
        assert writes

    def test_alices_read_token_creates_nothing_but_her_write_token_does(self) -> None:
        read = {"Authorization": f"Bearer {self.read_key('alice')}"}
        response = self.client.post(
            f"{API}/people", {"name": "Lena Lind"}, content_type="application/json", headers=read
        )
        assert response.status_code == 403
        assert not Person.objects.filter(name="Lena Lind").exists()
        assert self.post("/people", {"name": "Lena Lind"}, "alice").status_code == 201

    def test_a_read_token_of_someone_without_rights_is_still_refused_as_read_only(self) -> None:
        key = self.read_key("dave")
        response = self.client.post(
            f"{API}/people",
            {"name": "X"},
            content_type="application/json",
            headers={"Authorization": f"Bearer {key}"},
        )
        assert response.status_code == 403

    def test_a_write_token_still_needs_the_permission(self) -> None:
        assert self.post("/people", {"name": "Lena Lind"}, "dave").status_code == 403

    def test_the_openapi_document_tells_about_scopes(self) -> None:
        description = self.client.get("/api/openapi.json").json()["info"]["description"]
        assert "`read`" in description
        assert "`write`" in description


class ConditionalGetTests(ApiTestCase):
    def test_a_read_has_an_etag_and_the_same_etag_gets_304(self) -> None:
        first = self.get("/bodies")
        etag = first["ETag"]
        assert etag.startswith('"')
        again = self.client.get(f"{API}/bodies", headers={"If-None-Match": etag})
        assert again.status_code == 304
        assert again.content == b""
        assert again["ETag"] == etag

    def test_a_change_changes_the_etag(self) -> None:
        etag = self.get(f"/bodies/{self.lpo.pk}")["ETag"]
        assert (
            self.patch(f"/bodies/{self.lpo.pk}", {"purpose": "Nytt syfte"}, "bob").status_code
            == 200
        )
        response = self.client.get(f"{API}/bodies/{self.lpo.pk}", headers={"If-None-Match": etag})
        assert response.status_code == 200
        assert response["ETag"] != etag

    def test_an_old_etag_or_another_callers_view_is_answered_in_full(self) -> None:
        anonymous = self.get("/bodies")["ETag"]
        response = self.client.get(
            f"{API}/bodies",
            headers={"If-None-Match": anonymous, "Authorization": f"Bearer {self.keys['erin']}"},
        )
        assert response.status_code == 200
        assert response["ETag"] != anonymous

    def test_every_read_has_an_etag(self) -> None:
        for method, path in sorted(ENDPOINTS):
            if method != "get" or "{" in path:
                continue
            with self.subTest(path=path):
                response = self.client.get(path)
                assert response.status_code == 200
                assert response.has_header("ETag")

    def test_errors_and_writes_have_no_etag(self) -> None:
        assert not self.get("/bodies/0").has_header("ETag")
        assert not self.get(f"/bodies/{self.lpo.pk + 1000}").has_header("ETag")
        assert not self.post("/people", {"name": "Lena Lind"}, "alice").has_header("ETag")

    def test_an_authenticated_answer_is_private_and_every_answer_varies_on_the_caller(self) -> None:
        for caller in ("bob", None):
            with self.subTest(caller=caller):
                response = self.get("/bodies", caller)
                assert "Authorization" in response["Vary"]
                cache_control = response.headers.get("Cache-Control", "")
                assert ("private" in cache_control) == (caller is not None)
        self.client.force_login(self.bob)
        assert "private" in self.client.get(f"{API}/bodies")["Cache-Control"]
        refused = self.client.get(f"{API}/bodies", headers={"Authorization": "Bearer kn_nope"})
        assert refused.status_code == 401
        assert "private" in refused["Cache-Control"]

    def test_a_304_keeps_the_caching_headers(self) -> None:
        etag = self.get("/bodies", "bob")["ETag"]
        response = self.client.get(
            f"{API}/bodies",
            headers={"If-None-Match": etag, "Authorization": f"Bearer {self.keys['bob']}"},
        )
        assert response.status_code == 304
        assert "private" in response["Cache-Control"]
        assert "Authorization" in response["Vary"]


class ListConsistencyTests(ApiTestCase):
    def test_every_list_is_paged_with_limit_and_offset(self) -> None:
        document = self.client.get("/api/openapi.json").json()
        for method, path in sorted(ENDPOINTS):
            if method != "get" or "{" in path or path.endswith("/matrix"):
                continue
            with self.subTest(path=path):
                operation = document["paths"][path]["get"]
                names = {p["name"] for p in operation.get("parameters", [])}
                assert {"limit", "offset"} <= names
                data = self.client.get(path, {"limit": 1, "offset": 0}).json()
                assert set(data) == {"items", "count"}
                assert len(data["items"]) <= 1

    def test_vacancies_are_paged(self) -> None:
        everything = self.get("/vacancies").json()
        assert everything["count"] == 3
        page = self.get("/vacancies", limit="1", offset="1").json()
        assert page["count"] == 3
        assert page["items"] == everything["items"][1:2]

    def test_an_absurd_offset_or_limit_is_a_422_or_a_full_page_not_a_500(self) -> None:
        assert self.get("/bodies", offset=str(10**30)).status_code == 422
        assert self.get("/bodies", offset="-1").status_code == 422
        assert self.get("/bodies", limit="0").status_code == 422
        assert self.get("/bodies", limit=str(10**30)).status_code == 422
        assert len(self.get("/bodies", limit="1000").json()["items"]) == 4


class RobustnessTests(ApiTestCase):
    """What schemathesis found, pinned down."""

    def test_an_unknown_path_under_the_api_is_a_json_404(self) -> None:
        for path in ("/bodies/-1", "/bodies/abc", "/nothing-here", "/people/1/x"):
            with self.subTest(path=path):
                response = self.get(path)
                assert response.status_code == 404
                assert response["Content-Type"] == "application/json; charset=utf-8"
                assert response.json() == {"detail": "Hittades inte."}

    def test_an_id_too_large_for_the_database_is_a_422(self) -> None:
        assert self.get(f"/bodies/{2**64}").status_code == 422
        response = self.post(
            "/bodies",
            {"name": "Nytt", "kind": "lpo", "level": "regional", "owner_ids": [2**70]},
            "alice",
        )
        assert response.status_code == 422

    def test_a_body_that_is_not_json_is_a_400_in_swedish(self) -> None:
        response = self.client.post(
            f"{API}/people",
            b"\x05{",
            content_type="application/json",
            headers=self.headers("alice"),
        )
        assert response.status_code == 400
        assert response.json() == {"detail": "Innehållet i anropet är inte giltig JSON."}

    def test_clearing_a_text_of_a_body_empties_it_and_a_choice_cannot_be_cleared(self) -> None:
        url = f"/bodies/{self.lpo.pk}"
        assert self.patch(url, {"short_name": None}, "alice").status_code == 200
        self.lpo.refresh_from_db()
        assert self.lpo.short_name == ""
        assert self.patch(url, {"kind": None}, "alice").status_code == 422
        assert self.patch(url, {"is_public": None}, "alice").status_code == 422
        assert self.patch(url, {"name": None}, "alice").status_code == 422

    def test_meeting_times_are_documented_as_local_times(self) -> None:
        document = self.client.get("/api/openapi.json").json()
        start = document["components"]["schemas"]["MeetingListItem"]["properties"]["start_time"]
        times = [s for s in start["anyOf"] if s.get("type") == "string"]
        assert times[0]["format"] == "partial-time"

    def test_each_schema_name_means_one_schema(self) -> None:
        schemas = self.client.get("/api/openapi.json").json()["components"]["schemas"]
        assert "RemissRoundOut" in schemas
        assert "QuestionnaireRoundOut" in schemas
        assert "RoundOut" not in schemas

    def test_a_nul_character_is_a_422_on_every_database(self) -> None:
        response = self.get("/remisser", region="\x00x")
        assert response.status_code == 422
        assert response.json() == {"detail": ["Texten får inte innehålla NUL-tecken."]}
        response = self.post("/people", {"name": "Lena\x00"}, "alice")
        assert response.status_code == 422
        assert not Person.objects.filter(name__startswith="Lena").exists()
