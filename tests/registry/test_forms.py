"""The registry's forms, used as a samordnare would, and every page walked by every user."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kunskapsnav.registry import services
from kunskapsnav.registry.models import (
    Body,
    CommissionVersion,
    Membership,
    Nomination,
    Person,
    Seat,
)
from tests.base import BaseTestCase
from tests.registry import factories as f


class SamordnareFlowTests(BaseTestCase):
    def setUp(self) -> None:
        self.client.force_login(self.bob)

    def test_bob_adds_a_seat_with_a_range(self) -> None:
        response = self.client.post(
            reverse("registry:seat_add", args=[self.lpo.pk]),
            {
                "title": "Kommunrepresentant",
                "profile": "socialchef, IFO",
                "represents": "kommun",
                "seat_type": "ordinarie",
                "quota": 4,
                "quota_min": 3,
                "unnamed_holders": 0,
                "opened_on": "2021-01-01",
            },
        )
        assert response.status_code == 302
        seat = Seat.objects.get(body=self.lpo)
        assert (seat.quota, seat.quota_min, seat.quota_label) == (4, 3, "3–4")

    def test_a_bad_seat_form_keeps_the_input_and_says_what_is_wrong(self) -> None:
        response = self.client.post(
            reverse("registry:seat_add", args=[self.lpo.pk]),
            {
                "title": "Plats",
                "represents": "kommun",
                "seat_type": "ordinarie",
                "quota": 2,
                "quota_min": 3,
                "unnamed_holders": 0,
                "opened_on": "2021-01-01",
            },
        )
        self.assertContains(response, "Det lägsta antalet kan inte vara större än antalet.")
        self.assertContains(response, 'value="Plats"')
        assert not Seat.objects.exists()

    def test_bob_searches_a_person_and_fills_a_seat(self) -> None:
        seat = f.seat(self.lpo, quota=2)
        anders = f.person("Anders Grawé")
        url = reverse("registry:seat_fill", args=[seat.pk])
        search = self.client.post(url, {"person_query": "grawé", "search": "1", "role": "ledamot"})
        self.assertContains(search, "Anders Grawé")
        assert not Membership.objects.exists()
        partial = self.client.get(reverse("registry:person_search"), {"person_query": "Graw"})
        self.assertContains(partial, f'value="{anders.pk}"')
        response = self.client.post(
            url, {"person": anders.pk, "role": "ledamot", "start_on": "2021-01-01"}
        )
        assert response.status_code == 302
        assert Membership.objects.get(seat=seat).person == anders

    def test_bob_registers_a_new_person_while_filling_a_seat(self) -> None:
        seat = f.seat(self.lpo)
        self.client.post(
            reverse("registry:seat_fill", args=[seat.pk]),
            {
                "new_person_name": "Lotta Jansson",
                "new_person_title": "Verksamhetschef",
                "role": "ledamot",
                "start_on": "2021-01-01",
            },
        )
        membership = Membership.objects.get(seat=seat)
        assert membership.person.name == "Lotta Jansson"
        assert membership.person.title == "Verksamhetschef"

    def test_a_full_seat_says_so_and_registers_nobody(self) -> None:
        seat = f.seat(self.lpo, quota=1)
        f.member(seat, f.person("Ann"))
        response = self.client.post(
            reverse("registry:seat_fill", args=[seat.pk]),
            {"new_person_name": "Bo", "role": "ledamot", "start_on": "2021-06-01"},
        )
        self.assertContains(response, "redan tillsatt")
        assert not Person.objects.filter(name="Bo").exists()

    def test_bob_appoints_a_chair_without_a_seat_and_ends_it(self) -> None:
        self.client.post(
            reverse("registry:appoint", args=[self.lpo.pk]),
            {"new_person_name": "Anders Grawé", "role": "ordforande", "start_on": "2020-09-01"},
        )
        chair = Membership.objects.get(role=Membership.Role.ORDFORANDE)
        response = self.client.post(
            reverse("registry:membership_end", args=[chair.pk]), {"end_on": "2022-12-31"}
        )
        assert response.status_code == 302
        chair.refresh_from_db()
        assert chair.end_on == dt.date(2022, 12, 31)

    def test_bob_runs_a_nomination_from_request_to_decision(self) -> None:
        schnv = f.body("Socialchefsnätverket", kind=Body.Kind.NATVERK)
        seat = f.seat(self.lpo, nominating_body=schnv)
        self.client.post(
            reverse("registry:nomination_request", args=[seat.pk]),
            {"nominating_body": schnv.pk, "deciding_body": self.lpo.pk, "deadline": "2030-01-31"},
        )
        nomination = Nomination.objects.get(seat=seat)
        assert nomination.deadline == dt.date(2030, 1, 31)
        self.client.post(
            reverse("registry:nomination_record", args=[nomination.pk]),
            {"new_person_name": "Ulrika Gärdsback", "nominated_on": "2030-01-15"},
        )
        nomination.refresh_from_db()
        assert nomination.status == Nomination.Status.NOMINATED
        self.client.post(
            reverse("registry:nomination_decide", args=[nomination.pk]),
            {"decided_on": "2030-02-01", "start_on": "2030-02-01", "role": "ledamot"},
        )
        nomination.refresh_from_db()
        assert nomination.status == Nomination.Status.DECIDED
        assert nomination.membership is not None

    def test_bob_withdraws_a_nomination(self) -> None:
        nomination = services.request_nomination(f.seat(self.lpo), acting_user=None)
        self.client.post(reverse("registry:nomination_withdraw", args=[nomination.pk]))
        nomination.refresh_from_db()
        assert nomination.status == Nomination.Status.WITHDRAWN

    def test_bob_drafts_and_approves_a_commission_with_an_attachment(self) -> None:
        upload = SimpleUploadedFile("uppdrag.pdf", b"%PDF-1.4 test", content_type="application/pdf")
        self.client.post(
            reverse("registry:commission_version_add", args=[self.lpo.pk]),
            {"kind": "uppdragsbeskrivning", "text": "LPO ska leda arbetet.", "attachment": upload},
        )
        version = CommissionVersion.objects.get()
        assert version.attachment.name.endswith(".pdf")
        # Approved by a public body (bob may not name the non-public styrgrupp: BodyChoiceTests).
        npo = f.body("NPO Barn och ungdomars hälsa", kind=Body.Kind.NPO)
        self.client.post(
            reverse("registry:commission_version_approve", args=[version.pk]),
            {"approved_by": npo.pk, "approved_on": "2021-03-01"},
        )
        version.refresh_from_db()
        assert version.status == CommissionVersion.Status.APPROVED
        download = self.client.get(reverse("registry:commission_attachment", args=[version.pk]))
        assert b"".join(download.streaming_content) == b"%PDF-1.4 test"  # type: ignore[attr-defined]
        page = self.client.get(reverse("registry:body_detail", args=[self.lpo.pk]))
        self.assertContains(page, "LPO ska leda arbetet.")
        self.assertContains(page, "fastställd 2021-03-01")

    def test_a_commission_attachment_of_the_wrong_type_is_refused(self) -> None:
        upload = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
        response = self.client.post(
            reverse("registry:commission_version_add", args=[self.lpo.pk]),
            {"kind": "uppdragsbeskrivning", "text": "", "attachment": upload},
        )
        self.assertContains(response, "Bara PDF, Word")
        assert not CommissionVersion.objects.exists()

    def test_bob_creates_a_lag_under_his_lpo(self) -> None:
        url = reverse("registry:body_create") + f"?under={self.lpo.pk}"
        form = self.client.get(url)
        self.assertContains(form, "Nytt organ under LPO Barn och unga")
        response = self.client.post(
            url,
            {
                "name": "LAG BHV",
                "kind": "lag",
                "level": "regional",
                "status": "planerad",
                "parent": self.lpo.pk,
                "region": self.dalarna.pk,
                "is_public": "on",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        assert Body.objects.get(name="LAG BHV").parent == self.lpo

    def test_alice_closes_a_body_after_confirming(self) -> None:
        self.client.force_login(self.alice)
        url = reverse("registry:body_close", args=[self.styrgrupp.pk])
        response = self.client.post(url, {"closed_on": "2022-01-28"})
        self.assertContains(response, "Detta fält måste fyllas i.")
        self.client.post(url, {"closed_on": "2022-01-28", "confirm": "on"})
        self.styrgrupp.refresh_from_db()
        assert self.styrgrupp.status == Body.Status.AVVECKLAD


class BodyChoiceTests(BaseTestCase):
    """The forms that offer bodies offer those the user may see, never the name of one they may
    not; a body the object already names stays on offer, so that saving keeps it."""

    schnv: Body

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.schnv = f.body("Socialchefsnätverket", kind=Body.Kind.NATVERK)

    def setUp(self) -> None:
        self.client.force_login(self.bob)

    def choices(self, response: Any, field: str) -> list[Body]:
        return list(response.context["form"].fields[field].queryset)

    def test_the_seat_form_does_not_offer_a_body_bob_may_not_see(self) -> None:
        url = reverse("registry:seat_add", args=[self.lpo.pk])
        page = self.client.get(url)
        self.assertNotContains(page, self.styrgrupp.name)
        # The public bodies, not the seat's own body.
        assert self.choices(page, "nominating_body") == [self.schnv]
        response = self.client.post(
            url,
            {
                "title": "Plats",
                "represents": "kommun",
                "seat_type": "ordinarie",
                "quota": 1,
                "unnamed_holders": 0,
                "opened_on": "2021-01-01",
                "nominating_body": self.styrgrupp.pk,
            },
        )
        assert "nominating_body" in response.context["form"].errors
        self.assertNotContains(response, self.styrgrupp.name)
        assert not Seat.objects.exists()

    def test_alice_is_offered_every_active_body(self) -> None:
        self.client.force_login(self.alice)
        page = self.client.get(reverse("registry:seat_add", args=[self.lpo.pk]))
        assert self.choices(page, "nominating_body") == [self.schnv, self.styrgrupp]

    def test_a_seat_nominated_by_a_body_bob_may_not_see_keeps_it_when_he_edits_it(self) -> None:
        seat = f.seat(self.lpo, "Välfärdsteknik", nominating_body=self.styrgrupp)
        url = reverse("registry:seat_edit", args=[seat.pk])
        page = self.client.get(url)
        assert self.choices(page, "nominating_body") == [self.schnv, self.styrgrupp]
        response = self.client.post(
            url,
            {
                "title": "Välfärdsteknik, ändrad",
                "represents": seat.represents,
                "seat_type": seat.seat_type,
                "quota": 2,
                "unnamed_holders": 0,
                "opened_on": "2020-01-01",
                "nominating_body": self.styrgrupp.pk,
            },
        )
        assert response.status_code == 302
        seat.refresh_from_db()
        assert (seat.title, seat.nominating_body) == ("Välfärdsteknik, ändrad", self.styrgrupp)

    def test_the_nomination_request_does_not_offer_a_body_bob_may_not_see(self) -> None:
        seat = f.seat(self.lpo)
        url = reverse("registry:nomination_request", args=[seat.pk])
        page = self.client.get(url)
        self.assertNotContains(page, self.styrgrupp.name)
        for field in ("nominating_body", "deciding_body"):
            assert self.choices(page, field) == [self.lpo, self.schnv]
        response = self.client.post(url, {"nominating_body": self.styrgrupp.pk})
        assert "nominating_body" in response.context["form"].errors
        response = self.client.post(url, {"deciding_body": self.styrgrupp.pk})
        assert "deciding_body" in response.context["form"].errors
        assert not Nomination.objects.exists()

    def test_a_nomination_request_keeps_the_body_the_seat_names(self) -> None:
        seat = f.seat(self.lpo, nominating_body=self.styrgrupp)
        url = reverse("registry:nomination_request", args=[seat.pk])
        response = self.client.post(
            url, {"nominating_body": self.styrgrupp.pk, "deciding_body": self.lpo.pk}
        )
        assert response.status_code == 302
        assert Nomination.objects.get(seat=seat).nominating_body == self.styrgrupp

    def test_the_commission_approval_does_not_offer_a_body_bob_may_not_see(self) -> None:
        version = services.add_commission_version(self.lpo, acting_user=None, text="Uppdrag")
        url = reverse("registry:commission_version_approve", args=[version.pk])
        page = self.client.get(url)
        self.assertNotContains(page, self.styrgrupp.name)
        assert self.choices(page, "approved_by") == [self.lpo, self.schnv]
        response = self.client.post(url, {"approved_by": self.styrgrupp.pk})
        assert "approved_by" in response.context["form"].errors
        version.refresh_from_db()
        assert version.status == CommissionVersion.Status.DRAFT

    def test_the_commission_approval_offers_the_parent_of_the_body(self) -> None:
        self.lpo.parent = self.styrgrupp
        self.lpo.save()
        version = services.add_commission_version(self.lpo, acting_user=None, text="Uppdrag")
        url = reverse("registry:commission_version_approve", args=[version.pk])
        assert self.styrgrupp in self.choices(self.client.get(url), "approved_by")
        self.client.post(url, {"approved_by": self.styrgrupp.pk, "approved_on": "2021-03-01"})
        version.refresh_from_db()
        assert (version.status, version.approved_by) == (
            CommissionVersion.Status.APPROVED,
            self.styrgrupp,
        )


class EveryPageForEveryUserTests(BaseTestCase):
    """Walks every registry URL as each named user and states who gets what."""

    def test_the_permission_matrix_of_the_registry_pages(self) -> None:
        seat = f.seat(self.lpo)
        membership = f.member(seat, f.person("Ann"))
        nomination = services.request_nomination(seat, acting_user=None)
        version = services.add_commission_version(self.lpo, acting_user=None, text="x")
        secret_seat = f.seat(self.styrgrupp)
        person = membership.person
        public_pages = [
            reverse("registry:body_list"),
            reverse("registry:body_detail", args=[self.lpo.pk]),
            reverse("registry:person_detail", args=[person.pk]),
            reverse("registry:org_chart_region", args=["20"]),
            reverse("registry:vacancy_list"),
            reverse("registry:person_search"),
        ]
        lpo_forms = [
            reverse("registry:body_edit", args=[self.lpo.pk]),
            reverse("registry:seat_add", args=[self.lpo.pk]),
            reverse("registry:appoint", args=[self.lpo.pk]),
            reverse("registry:commission_version_add", args=[self.lpo.pk]),
            reverse("registry:body_close", args=[self.lpo.pk]),
            reverse("registry:seat_edit", args=[seat.pk]),
            reverse("registry:seat_fill", args=[seat.pk]),
            reverse("registry:nomination_request", args=[seat.pk]),
            reverse("registry:membership_end", args=[membership.pk]),
            reverse("registry:nomination_record", args=[nomination.pk]),
            reverse("registry:commission_version_approve", args=[version.pk]),
            reverse("registry:person_edit", args=[person.pk]),
        ]
        secret_pages = [
            reverse("registry:body_detail", args=[self.styrgrupp.pk]),
            reverse("registry:seat_fill", args=[secret_seat.pk]),
        ]
        expected = {
            # user: (public pages, LPO forms, secret pages)
            None: (200, 302, 404),
            self.alice: (200, 200, 200),
            self.bob: (200, 200, 404),
            self.carol: (200, 403, 404),
            self.dave: (200, 403, 404),
            self.erin: (200, 403, 200),
        }
        for user, (public, forms, secret) in expected.items():
            self.client.logout()
            if user is not None:
                self.client.force_login(user)
            for url in public_pages:
                assert self.client.get(url).status_code == public, (user, url)
            for url in lpo_forms:
                status = self.client.get(url).status_code
                assert status == forms, (user, url, status)
            for url in secret_pages:
                status = self.client.get(url).status_code
                if user is self.erin and "tillsatt" in url:
                    assert status == 403, (
                        user,
                        url,
                        status,
                    )  # erin chairs, she does not coordinate
                elif user is None and "tillsatt" in url:
                    assert status == 302, (user, url, status)  # a form asks to log in first
                else:
                    assert status == secret, (user, url, status)

    def test_a_post_by_dave_changes_nothing(self) -> None:
        seat = f.seat(self.lpo)
        self.client.force_login(self.dave)
        self.client.post(
            reverse("registry:seat_fill", args=[seat.pk]),
            {"new_person_name": "Inkräktare", "role": "ledamot"},
        )
        self.client.post(
            reverse("registry:body_close", args=[self.lpo.pk]),
            {"closed_on": "2022-01-01", "confirm": "on"},
        )
        assert not Person.objects.filter(name="Inkräktare").exists()
        self.lpo.refresh_from_db()
        assert self.lpo.status == Body.Status.AKTIV
