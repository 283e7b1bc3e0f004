"""The API describes itself: an OpenAPI document and Swagger UI served from our own files."""

from __future__ import annotations

import json
import re

from django.contrib.staticfiles import finders
from django.test import TestCase

ENDPOINTS = {
    ("get", "/api/v1/meetings"),
    ("post", "/api/v1/meetings"),
    ("get", "/api/v1/meetings/{meeting_id}"),
    ("post", "/api/v1/meetings/{meeting_id}/transition"),
    ("post", "/api/v1/meetings/{meeting_id}/items"),
    ("patch", "/api/v1/items/{item_id}"),
    ("post", "/api/v1/meetings/{meeting_id}/decisions"),
    ("post", "/api/v1/meetings/{meeting_id}/attendance"),
    ("post", "/api/v1/meetings/{meeting_id}/actions"),
    ("get", "/api/v1/actions"),
    ("patch", "/api/v1/actions/{action_id}"),
    ("post", "/api/v1/actions/{action_id}/close"),
    ("get", "/api/v1/bodies"),
    ("post", "/api/v1/bodies"),
    ("get", "/api/v1/bodies/{body_id}"),
    ("patch", "/api/v1/bodies/{body_id}"),
    ("post", "/api/v1/bodies/{body_id}/close"),
    ("post", "/api/v1/bodies/{body_id}/seats"),
    ("post", "/api/v1/bodies/{body_id}/commission-versions"),
    ("post", "/api/v1/commission-versions/{version_id}/approve"),
    ("post", "/api/v1/seats/{seat_id}/fill"),
    ("post", "/api/v1/seats/{seat_id}/nominations"),
    ("post", "/api/v1/memberships/{membership_id}/end"),
    ("post", "/api/v1/nominations/{nomination_id}/nominate"),
    ("post", "/api/v1/nominations/{nomination_id}/decide"),
    ("post", "/api/v1/nominations/{nomination_id}/withdraw"),
    ("get", "/api/v1/people/{person_id}"),
    ("post", "/api/v1/people"),
    ("get", "/api/v1/vacancies"),
    ("get", "/api/v1/kunskapsstod"),
    ("get", "/api/v1/kunskapsstod/{code}"),
    ("get", "/api/v1/remisser"),
    ("get", "/api/v1/remisser/{remiss_id}"),
    ("post", "/api/v1/remisser/{remiss_id}/contributions"),
    ("post", "/api/v1/contributions/{contribution_id}/submit"),
    ("post", "/api/v1/remisser/{remiss_id}/sections"),
    ("patch", "/api/v1/remiss-sections/{section_id}"),
    ("post", "/api/v1/remisser/{remiss_id}/approve"),
    ("post", "/api/v1/remisser/{remiss_id}/send"),
    ("get", "/api/v1/implementations"),
    ("get", "/api/v1/implementations/{implementation_id}"),
    ("patch", "/api/v1/implementations/{implementation_id}"),
    ("get", "/api/v1/implementations/{implementation_id}/gap-analysis"),
    ("post", "/api/v1/implementations/{implementation_id}/gap-analysis/assessments"),
    ("post", "/api/v1/implementations/{implementation_id}/findings"),
    ("post", "/api/v1/implementations/{implementation_id}/measurements"),
    ("get", "/api/v1/followup/questionnaires"),
    ("post", "/api/v1/followup/questionnaires"),
    ("post", "/api/v1/followup/questionnaires/{questionnaire_id}/questions"),
    ("post", "/api/v1/followup/questionnaires/{questionnaire_id}/rounds"),
    ("post", "/api/v1/followup/rounds/{round_id}/recipients"),
    ("post", "/api/v1/followup/rounds/{round_id}/send"),
    ("post", "/api/v1/followup/rounds/{round_id}/remind"),
    ("post", "/api/v1/followup/rounds/{round_id}/close"),
    ("get", "/api/v1/followup/rounds/{round_id}/results"),
    ("get", "/api/v1/followup/grants"),
    ("get", "/api/v1/followup/grants/{grant_id}"),
    ("post", "/api/v1/followup/grants/{grant_id}/allocations"),
    ("post", "/api/v1/followup/allocations/{allocation_id}/spending"),
    ("get", "/api/v1/followup/matrix"),
}

SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL)


class OpenApiTests(TestCase):
    def test_openapi_document_is_json_listing_every_endpoint(self) -> None:
        response = self.client.get("/api/openapi.json")
        assert response.status_code == 200
        document = json.loads(response.content)
        assert document["openapi"].startswith("3.")
        assert document["info"]["title"] == "Kunskapsnav API"
        found = {(method, path) for path, item in document["paths"].items() for method in item}
        assert found == ENDPOINTS

    def test_writes_are_documented_as_needing_a_bearer_token(self) -> None:
        document = self.client.get("/api/openapi.json").json()
        assert document["components"]["securitySchemes"]["ApiToken"] == {
            "type": "http",
            "scheme": "bearer",
        }
        for path, item in document["paths"].items():
            for method, operation in item.items():
                with self.subTest(method=method, path=path):
                    if method == "get":
                        assert {} in operation["security"], "reads work anonymously"
                        assert {"ApiToken": []} in operation["security"]
                    else:
                        assert operation["security"] == [{"ApiToken": []}]
                        assert {"401", "403", "404", "422"} <= set(operation["responses"])

    def test_choices_are_listed_in_the_schema(self) -> None:
        document = self.client.get("/api/openapi.json").json()
        body_in = document["components"]["schemas"]["BodyIn"]["properties"]
        assert "lpo" in body_in["kind"]["enum"]
        assert "avvecklad" in body_in["status"]["enum"]


class DocsPageTests(TestCase):
    def test_docs_page_runs_no_inline_script_and_loads_nothing_from_outside(self) -> None:
        response = self.client.get("/api/docs")
        assert response.status_code == 200
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        html = response.content.decode()
        scripts = list(SCRIPT.finditer(html))
        assert scripts
        for script in scripts:
            attrs, body = script["attrs"], script["body"].strip()
            if 'type="application/json"' in attrs:
                # A data block: the browser never runs it, and the CSP does not govern it.
                json.loads(body)
            else:
                assert body == "", f"inline script: {body[:80]}"
                assert re.search(r'src="/static/ninja/[\w.-]+\.js"', attrs), attrs
        assert "http://" not in html
        assert "https://" not in html
        assert "<style" not in html

    def test_swagger_ui_files_are_shipped_with_the_site(self) -> None:
        for name in ("swagger-ui-bundle.js", "swagger-ui-init.js", "swagger-ui.css"):
            with self.subTest(name=name):
                assert finders.find(f"ninja/{name}") is not None
                assert self.client.get(f"/static/ninja/{name}").status_code == 200

    def test_the_docs_point_swagger_at_our_openapi_document(self) -> None:
        html = self.client.get("/api/docs").content.decode()
        settings = json.loads(SCRIPT.search(html)["body"])  # type: ignore[index]
        assert settings["url"] == "/api/openapi.json"
        assert settings["validatorUrl"] is None
