"""The catalogue, kunskapsstöd and remiss pages: who sees what, the flows by form and HTMX,
and query counts that stay fixed as data grows tenfold."""

from __future__ import annotations

import datetime as dt
import io

import docx
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kunskapsnav.accounts.models import BodyRole
from kunskapsnav.guidance import remiss
from kunskapsnav.guidance.models import (
    Implementation,
    Kunskapsstod,
    RemissAssignment,
)
from kunskapsnav.meetings import services as meeting_services
from kunskapsnav.registry.models import Body
from tests.guidance.remiss_base import RemissTestCase

D = dt.date


def url(name: str, *args: object) -> str:
    return reverse(f"guidance:{name}", args=args)


class CataloguePageTests(RemissTestCase):
    def test_anyone_reads_the_catalogue_and_filters_it(self) -> None:
        Kunskapsstod.objects.create(code="kol", name="KOL", type=self.vardforlopp)
        response = self.client.get(url("kunskapsstod_list"))
        assert response.status_code == 200
        self.assertContains(response, "Traumatisk hjärnskada (THS)")
        self.assertContains(response, "KOL")
        response = self.client.get(url("kunskapsstod_list"), {"q": "hjärnskada"})
        self.assertContains(response, "Traumatisk hjärnskada (THS)")
        self.assertNotContains(response, ">KOL<")
        response = self.client.get(
            url("kunskapsstod_list"), {"programme_area": "nervsystemets-sjukdomar"}
        )
        self.assertNotContains(response, ">KOL<")
        response = self.client.get(url("kunskapsstod_list"), {"status": "faststalld"})
        self.assertContains(response, "Inga kunskapsstöd matchar filtret")

    def test_an_htmx_request_gets_only_the_results(self) -> None:
        response = self.client.get(url("kunskapsstod_list"), {"q": "THS"}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        html = response.content.decode()
        assert html.lstrip().startswith('<div id="results"')
        assert "<h1>" not in html

    def test_the_kunskapsstod_page_shows_the_lifecycle_with_the_current_step(self) -> None:
        response = self.client.get(url("kunskapsstod_detail", self.tbi.code))
        assert response.status_code == 200
        steps = response.context["steps"]
        assert len(steps) == 16
        assert [s.code for s in steps if s.current] == ["remiss"]
        self.assertContains(response, 'aria-current="step"', count=1)
        self.assertContains(response, "2022-09-15 – 2022-11-14")
        self.assertContains(response, url("remiss_detail", self.assignment.pk))

    def test_an_unknown_code_is_404(self) -> None:
        assert self.client.get(url("kunskapsstod_detail", "finns-inte")).status_code == 404

    def test_a_remiss_in_a_non_public_body_is_listed_only_to_those_who_see_the_body(
        self,
    ) -> None:
        round = remiss.create_round(self.tbi, acting_user=None, opens=D(2023, 2, 15))
        hidden = RemissAssignment.objects.create(
            round=round, region=self.dalarna, coordinating_body=self.styrgrupp
        )
        link = url("remiss_detail", hidden.pk)
        self.client.force_login(self.dave)
        self.assertNotContains(self.client.get(url("kunskapsstod_detail", self.tbi.code)), link)
        self.client.force_login(self.erin)
        self.assertContains(self.client.get(url("kunskapsstod_detail", self.tbi.code)), link)

    def test_implementations_are_listed_for_bodies_the_user_sees(self) -> None:
        Implementation.objects.create(
            kunskapsstod=self.tbi, region=self.dalarna, responsible_body=self.lpo
        )
        response = self.client.get(url("kunskapsstod_detail", self.tbi.code))
        self.assertContains(response, "Införande i regionerna")
        assert len(response.context["implementations"]) == 1

    def test_only_a_systemforvaltare_registers_a_round_by_form(self) -> None:
        self.client.force_login(self.bob)
        assert self.client.get(url("round_create", self.tbi.code)).status_code == 403
        self.client.force_login(self.alice)
        response = self.client.get(url("round_create", self.tbi.code))
        assert response.status_code == 200
        response = self.client.post(
            url("round_create", self.tbi.code),
            {"kind": "remiss", "opens": "2023-02-15", "closes": "2023-04-14", "version": "2"},
        )
        assert response.status_code == 302
        assert self.tbi.remiss_rounds.filter(version="2").exists()

    def test_bob_assigns_a_round_to_his_body_by_form(self) -> None:
        round = remiss.create_round(self.tbi, acting_user=None, opens=D(2023, 2, 15))
        self.client.force_login(self.dave)
        assert self.client.get(url("round_assign", round.pk)).status_code == 403
        self.client.force_login(self.bob)
        response = self.client.get(url("round_assign", round.pk))
        assert response.status_code == 200
        assert list(response.context["form"].fields["coordinating_body"].queryset) == [self.lpo]
        response = self.client.post(
            url("round_assign", round.pk),
            {"region": self.dalarna.pk, "coordinating_body": self.lpo.pk},
        )
        assert response.status_code == 302
        assignment = RemissAssignment.objects.get(round=round)
        assert assignment.internal_deadline == D(2023, 4, 6)  # 7 April 2023 is Långfredag


class RemissPageTests(RemissTestCase):
    def setUp(self) -> None:
        (self.from_rehab,) = remiss.request_contributions(
            self.assignment, acting_user=None, bodies=[self.rehab]
        )
        remiss.submit_contribution(self.from_rehab, acting_user=None, text="Hemlig synpunkt.")
        first = self.assignment.sections.first()
        assert first is not None
        self.first = first
        remiss.update_section(first, acting_user=None, text="Utkast till svar.")

    def test_dave_sees_a_public_remiss_but_not_its_drafts_or_synpunkter(self) -> None:
        self.client.force_login(self.dave)
        response = self.client.get(url("remiss_detail", self.assignment.pk))
        assert response.status_code == 200
        self.assertContains(response, "LPO Rehabilitering")
        self.assertNotContains(response, "Hemlig synpunkt.")
        self.assertNotContains(response, "Utkast till svar.")
        self.assertContains(response, "Remissvaret visas här när det är godkänt.")
        assert self.client.get(url("remiss_docx", self.assignment.pk)).status_code == 403

    def test_bob_edits_the_remissvar_and_sees_the_synpunkter(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.get(url("remiss_detail", self.assignment.pk))
        self.assertContains(response, "Hemlig synpunkt.")
        self.assertContains(response, "Utkast till svar.")
        self.assertContains(response, url("section_save", self.first.pk))
        self.assertContains(response, url("remiss_approve", self.assignment.pk))

    def test_carol_a_ledamot_may_not_edit(self) -> None:
        self.client.force_login(self.carol)
        response = self.client.get(url("remiss_detail", self.assignment.pk))
        self.assertNotContains(response, url("section_save", self.first.pk))
        response = self.client.post(
            url("section_save", self.first.pk),
            {f"s{self.first.pk}-heading": "X", f"s{self.first.pk}-text": "Y"},
        )
        assert response.status_code == 403
        assert self.client.get(url("remiss_approve", self.assignment.pk)).status_code == 403

    def test_frank_answers_for_his_body_and_sees_only_his_own_text(self) -> None:
        self.client.force_login(self.frank)
        response = self.client.get(url("remiss_detail", self.assignment.pk))
        self.assertContains(response, url("contribution_submit", self.from_rehab.pk))
        self.assertNotContains(response, url("section_save", self.first.pk))
        response = self.client.post(
            url("contribution_submit", self.from_rehab.pk),
            {"status": "inlamnad", "text": "Ny synpunkt från rehab."},
        )
        assert response.status_code == 302
        self.from_rehab.refresh_from_db()
        assert self.from_rehab.text == "Ny synpunkt från rehab."
        self.client.force_login(self.dave)
        assert self.client.get(url("contribution_submit", self.from_rehab.pk)).status_code == 403

    def test_a_remiss_of_a_non_public_body_is_404_to_outsiders(self) -> None:
        round = remiss.create_round(self.tbi, acting_user=None, opens=D(2023, 2, 15))
        hidden = remiss.assign_round(
            round, region=self.dalarna, coordinating_body=self.styrgrupp, acting_user=None
        )
        for user in (None, self.dave, self.bob, self.carol):
            with self.subTest(user=user):
                self.client.logout()
                if user is not None:
                    self.client.force_login(user)
                assert self.client.get(url("remiss_detail", hidden.pk)).status_code == 404
        self.client.force_login(self.erin)
        response = self.client.get(url("remiss_detail", hidden.pk))
        assert response.status_code == 200
        assert not response.context["editable"]

    def test_a_contributor_sees_a_non_public_remiss_they_are_asked_about(self) -> None:
        round = remiss.create_round(self.tbi, acting_user=None, opens=D(2023, 2, 15))
        hidden = remiss.assign_round(
            round, region=self.dalarna, coordinating_body=self.styrgrupp, acting_user=None
        )
        remiss.request_contributions(hidden, acting_user=None, bodies=[self.rehab])
        self.client.force_login(self.frank)
        assert self.client.get(url("remiss_detail", hidden.pk)).status_code == 200

    def test_the_section_autosaves_by_htmx(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.post(
            url("section_save", self.first.pk),
            {f"s{self.first.pk}-heading": "Övergripande", f"s{self.first.pk}-text": "Nytt svar."},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200
        self.assertContains(response, "Sparat")
        self.first.refresh_from_db()
        assert (self.first.heading, self.first.text) == ("Övergripande", "Nytt svar.")

    def test_sections_are_added_moved_and_removed_without_javascript(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.post(url("section_add", self.assignment.pk), {"heading": "Nytt"})
        assert response.status_code == 302
        new = self.assignment.sections.get(heading="Nytt")
        self.client.post(url("section_move", new.pk), {"to": "up"})
        headings = list(self.assignment.sections.values_list("heading", flat=True))
        assert headings[-2] == "Nytt"
        response = self.client.post(url("section_delete", new.pk), HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        self.assertContains(response, 'id="remissvar"')
        assert not self.assignment.sections.filter(heading="Nytt").exists()

    def test_bob_requests_approves_sends_and_downloads_by_forms(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.get(url("contribution_request", self.assignment.pk))
        assert response.status_code == 200
        response = self.client.post(
            url("contribution_request", self.assignment.pk),
            {"kommuner": [self.falun.pk], "deadline": "2022-10-31"},
        )
        assert response.status_code == 302
        assert self.assignment.contributions.filter(kommun=self.falun).exists()

        meeting = meeting_services.create_meeting(
            self.lpo, acting_user=None, date=D(2022, 11, 3), title="LPO-möte"
        )
        decision = meeting_services.add_decision(
            meeting, acting_user=None, text="att godkänna remissvaret."
        )
        response = self.client.post(
            url("remiss_approve", self.assignment.pk), {"decision": decision.pk}
        )
        assert response.status_code == 302
        response = self.client.post(
            url("remiss_sent", self.assignment.pk), {"sent_on": "2022-11-04"}
        )
        assert response.status_code == 302
        self.assignment.refresh_from_db()
        assert self.assignment.status == RemissAssignment.Status.SKICKAD

        response = self.client.get(url("remiss_docx", self.assignment.pk))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
        assert "Utkast till svar." in text
        # Once sent, the remissvar is public with its body.
        self.client.force_login(self.dave)
        self.assertContains(
            self.client.get(url("remiss_detail", self.assignment.pk)), "Utkast till svar."
        )

    def test_the_inbox_lists_remisser_and_requests_overdue_first(self) -> None:
        round = remiss.create_round(self.tbi, acting_user=None, opens=D(2023, 2, 15))
        later = remiss.assign_round(
            round, region=self.dalarna, coordinating_body=self.rehab, acting_user=None
        )
        remiss.request_contributions(
            later, acting_user=None, bodies=[self.lpo], deadline=D(2023, 3, 1)
        )
        self.client.force_login(self.bob)
        response = self.client.get(url("body_remiss_inbox", self.lpo.pk))
        assert response.status_code == 200
        assert response.context["assignments"] == [self.assignment]
        (asked,) = response.context["contributions"]
        assert asked.assignment == later
        assert asked.overdue  # today is long after 1 March 2023
        self.assertContains(response, "Försenad")
        self.assertContains(response, url("contribution_submit", asked.pk))

    def test_the_inbox_of_a_non_public_body_is_404_to_outsiders(self) -> None:
        self.client.force_login(self.dave)
        assert self.client.get(url("body_remiss_inbox", self.styrgrupp.pk)).status_code == 404
        assert self.client.get(url("body_remiss_inbox", self.lpo.pk)).status_code == 200


class QueryCountTests(RemissTestCase):
    """Each page runs the same number of queries with ten times the data; the counts are for
    an anonymous visitor, dave and bob (a logged-in request adds the session, the user and
    the user's roles)."""

    def grow(self, times: int) -> None:
        for n in range(times):
            code = f"stod-{Kunskapsstod.objects.count()}"
            stod = Kunskapsstod.objects.create(
                code=code, name=f"Kunskapsstöd {code}", type=self.vardforlopp
            )
            stod.other_programme_areas.add(self.area)
            body = Body.objects.create(
                name=f"LAG {code}",
                kind=Body.Kind.LAG,
                level=Body.Level.REGIONAL,
                region=self.dalarna,
                is_public=n % 2 == 0,
            )
            BodyRole.objects.create(user=self.bob, body=body, role=BodyRole.Role.SAMORDNARE)
            for target in (stod, self.tbi):
                round = remiss.create_round(target, acting_user=None, opens=D(2022, 9, 15))
                assignment = remiss.assign_round(
                    round, region=self.dalarna, coordinating_body=body, acting_user=None
                )
                remiss.request_contributions(
                    assignment, acting_user=None, bodies=[self.lpo], kommuner=[self.falun]
                )
            (contribution,) = remiss.request_contributions(
                self.assignment, acting_user=None, bodies=[body]
            )
            remiss.submit_contribution(contribution, acting_user=None, text=f"Bidrag {code}")
            remiss.add_section(self.assignment, acting_user=None, heading=f"Avsnitt {code}")
            Implementation.objects.create(kunskapsstod=stod, region=self.dalarna)
            Implementation.objects.create(
                kunskapsstod=Kunskapsstod.objects.create(
                    code=f"{code}-b", name=f"Införs {code}", type=self.vardforlopp
                ),
                region=self.dalarna,
                responsible_body=body,
            )

    def count(self, path: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(path)
        assert response.status_code == 200, path
        return len(queries)

    def counts(self, path: str) -> list[int]:
        found = []
        for user in (None, self.dave, self.bob):
            self.client.logout()
            if user is not None:
                self.client.force_login(user)
            self.count(path)  # warm the per-process caches
            found.append(self.count(path))
        return found

    def assert_fixed(self, path: str, label: str) -> list[int]:
        self.grow(1)
        before = self.counts(path)
        self.grow(10)
        assert self.counts(path) == before, label
        return before

    def test_the_catalogue_query_count_is_fixed(self) -> None:
        assert self.assert_fixed(url("kunskapsstod_list"), "catalogue") == [4, 7, 7]

    def test_the_kunskapsstod_page_query_count_is_fixed(self) -> None:
        path = url("kunskapsstod_detail", self.tbi.code)
        assert self.assert_fixed(path, "kunskapsstöd") == [6, 9, 9]

    def test_the_inbox_query_count_is_fixed(self) -> None:
        path = url("body_remiss_inbox", self.lpo.pk)
        assert self.assert_fixed(path, "inbox") == [3, 6, 6]

    def test_the_remiss_page_query_count_is_fixed(self) -> None:
        path = url("remiss_detail", self.assignment.pk)
        assert self.assert_fixed(path, "remiss") == [3, 6, 6]
