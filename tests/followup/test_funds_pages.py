"""The funds pages: who sees and changes what, forms that keep the input and explain in Swedish,
downloads that open in Excel, and query counts that stay fixed as data grows tenfold."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kunskapsnav.followup import funds
from kunskapsnav.followup.models import Allocation, Grant, Spending
from tests.followup.funds_base import MKR, FundsTestCase

D = dt.date
SUMMER_2022 = dt.datetime(2022, 6, 15, 12, tzinfo=dt.UTC)
SPRING_2023 = dt.datetime(2023, 4, 15, 12, tzinfo=dt.UTC)


def url(name: str, *args: object) -> str:
    return reverse(f"followup:{name}", args=args)


class ListPageTests(FundsTestCase):
    def test_anyone_sees_the_public_grants_with_their_sums(self) -> None:
        response = self.client.get(url("grant_list"))
        assert response.status_code == 200
        self.assertContains(response, "ÖK psykisk hälsa 2022")
        self.assertContains(response, "18\xa0000\xa0000")
        self.assertContains(response, "16\xa0800\xa0000")
        self.assertNotContains(response, "Välfärdsteknik 2022")
        self.assertContains(response, "<h1>", count=1)

    def test_erin_sees_the_grant_of_her_hidden_styrgrupp(self) -> None:
        self.client.force_login(self.erin)
        self.assertContains(self.client.get(url("grant_list")), "Välfärdsteknik 2022")

    def test_the_list_filters_by_year_and_region(self) -> None:
        Grant.objects.create(
            name="ÖK psykisk hälsa 2021",
            year=2021,
            amount=MKR,
            period_start=D(2021, 1, 1),
            period_end=D(2021, 12, 31),
            recipient_region=self.dalarna,
            responsible_body=self.lpo,
        )
        response = self.client.get(url("grant_list"), {"year": "2021", "region": "20"})
        self.assertContains(response, "ÖK psykisk hälsa 2021")
        self.assertNotContains(response, "ÖK psykisk hälsa 2022")

    def test_an_htmx_request_gets_only_the_results(self) -> None:
        response = self.client.get(url("grant_list"), HTTP_HX_REQUEST="true")
        html = response.content.decode()
        assert html.lstrip().startswith('<div id="results"')
        assert "<h1>" not in html

    @time_machine.travel(SUMMER_2022, tick=False)
    def test_deadline_badges_show_what_is_overdue(self) -> None:
        response = self.client.get(url("grant_list"))
        self.assertContains(response, '<span class="badge badge--danger">Försenad</span>')
        self.assertContains(response, "ej förbrukat ännu")

    def test_the_list_costs_the_same_queries_with_ten_times_the_grants(self) -> None:
        def add(count: int) -> None:
            for n in range(count):
                grant = Grant.objects.create(
                    name=f"Bidrag {n}",
                    year=2022,
                    amount=MKR,
                    period_start=D(2022, 1, 1),
                    period_end=D(2022, 12, 31),
                    recipient_region=self.dalarna,
                    responsible_body=self.lpo,
                    requisition_deadline=D(2022, 3, 1),
                )
                allocation = Allocation.objects.create(grant=grant, measure="a", amount=MKR)
                Spending.objects.create(allocation=allocation, amount=Decimal(1))

        self.client.force_login(self.bob)
        add(3)
        with CaptureQueriesContext(connection) as few:
            assert self.client.get(url("grant_list")).status_code == 200
        add(30)
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(url("grant_list"))
        assert len(response.context["rows"]) == 34
        assert len(many) == len(few)


class DetailPageTests(FundsTestCase):
    def test_dave_gets_404_for_a_grant_of_the_hidden_styrgrupp(self) -> None:
        self.client.force_login(self.dave)
        assert self.client.get(url("grant_detail", self.hidden.pk)).status_code == 404
        assert self.client.get(url("grant_export", self.hidden.pk, "xlsx")).status_code == 404
        self.client.force_login(self.erin)
        assert self.client.get(url("grant_detail", self.hidden.pk)).status_code == 200

    @time_machine.travel(SUMMER_2022, tick=False)
    def test_the_grant_page_shows_figures_chart_table_and_deadlines(self) -> None:
        funds.update_grant(self.grant, acting_user=self.bob, decision=self.decision)
        self.client.force_login(self.carol)
        response = self.client.get(url("grant_detail", self.grant.pk))
        assert response.status_code == 200
        self.assertContains(response, "<h1>", count=1)
        self.assertContains(response, 'role="img"')
        self.assertContains(response, "<title id=")
        self.assertContains(response, "Fördelat, upparbetat och kvar per insats")
        self.assertContains(response, "3\xa0800\xa0000")  # remaining of Suicidprevention
        self.assertContains(response, "ej förbrukat ännu – perioden slutar 2022-12-31")
        self.assertContains(response, self.decision.meeting.get_absolute_url())
        self.assertContains(
            response, reverse("core:history", args=["followup", "grant", self.grant.pk])
        )
        # carol reads but keeps nothing
        self.assertNotContains(response, url("grant_edit", self.grant.pk))
        self.assertNotContains(response, url("spending_create", self.suicide.pk))

    @time_machine.travel(SPRING_2023, tick=False)
    def test_after_the_period_the_amount_to_repay_is_shown(self) -> None:
        response = self.client.get(url("grant_detail", self.grant.pk))
        self.assertContains(response, "Ska återbetalas")
        assert response.context["figures"].to_repay == Decimal("16800000")

    def test_the_grant_page_costs_the_same_queries_with_ten_times_the_rows(self) -> None:
        self.client.force_login(self.bob)

        def add(count: int) -> None:
            for n in range(count):
                allocation = Allocation.objects.create(
                    grant=self.grant, measure=f"Insats {n}", amount=Decimal(1000)
                )
                Spending.objects.create(allocation=allocation, amount=Decimal(1))

        add(1)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url("grant_detail", self.grant.pk))
        add(10)
        with CaptureQueriesContext(connection) as many:
            self.client.get(url("grant_detail", self.grant.pk))
        assert len(many) == len(few)


class FormTests(FundsTestCase):
    def test_carol_may_not_open_the_keepers_forms(self) -> None:
        self.client.force_login(self.carol)
        for name, pk in (
            ("grant_edit", self.grant.pk),
            ("allocation_create", self.grant.pk),
            ("grant_requisition", self.grant.pk),
            ("spending_create", self.suicide.pk),
        ):
            with self.subTest(name):
                assert self.client.get(url(name, pk)).status_code == 403
        assert self.client.get(url("grant_create")).status_code == 403

    def test_bob_registers_a_grant_for_his_lpo(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.post(
            url("grant_create"),
            {
                "name": "ÖK psykisk hälsa 2023",
                "year": "2023",
                "amount": "17500000",
                "period_start": "2023-01-01",
                "period_end": "2023-12-31",
                "recipient_region": self.dalarna.pk,
                "responsible_body": self.lpo.pk,
                "reporting_deadline": "2024-03-01",
            },
        )
        grant = Grant.objects.get(name="ÖK psykisk hälsa 2023")
        self.assertRedirects(response, grant.get_absolute_url())
        assert grant.history.latest().history_user == self.bob

    def test_a_period_ending_before_it_starts_is_explained_and_the_input_kept(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.post(
            url("grant_edit", self.grant.pk),
            {
                "name": "Nytt namn",
                "year": "2022",
                "amount": "18000000",
                "period_start": "2022-12-31",
                "period_end": "2022-01-01",
                "recipient_region": self.dalarna.pk,
                "responsible_body": self.lpo.pk,
            },
        )
        assert response.status_code == 200
        self.assertContains(response, "Perioden kan inte sluta innan den börjar.")
        self.assertContains(response, 'value="Nytt namn"')
        assert Grant.objects.get(pk=self.grant.pk).name == "ÖK psykisk hälsa 2022"

    def test_too_large_a_spending_is_refused_in_swedish_with_the_input_kept(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.post(
            url("spending_create", self.suicide.pk),
            {"amount": "4000000", "spent_on": "2022-06-01", "description": "Utbildning i MHFA"},
        )
        assert response.status_code == 200
        self.assertContains(response, "Beloppet är för stort")
        self.assertContains(response, 'value="4000000"')
        self.assertContains(response, 'value="Utbildning i MHFA"')
        assert Spending.objects.filter(allocation=self.suicide).count() == 1

    def test_bob_allocates_reports_corrects_and_deletes_spending(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.post(
            url("allocation_create", self.grant.pk),
            {"measure": "Utbildning", "amount": "250000", "decision": self.decision.pk},
        )
        allocation = Allocation.objects.get(measure="Utbildning")
        assert allocation.decision == self.decision
        self.assertRedirects(response, self.grant.get_absolute_url() + "#fordelningar")
        self.client.post(
            url("spending_create", allocation.pk), {"amount": "1000", "spent_on": "2022-05-05"}
        )
        spending = Spending.objects.get(allocation=allocation)
        assert (spending.amount, spending.reported_by) == (Decimal(1000), self.bob)
        self.client.post(
            url("spending_edit", spending.pk), {"amount": "1500", "spent_on": "2022-05-05"}
        )
        assert Spending.objects.get(pk=spending.pk).amount == Decimal(1500)
        self.client.post(url("spending_delete", spending.pk))
        assert not Spending.objects.filter(pk=spending.pk).exists()

    def test_a_decision_of_another_body_is_not_offered(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.post(
            url("allocation_create", self.grant.pk),
            {"measure": "x", "amount": "1", "decision": self.other_decision.pk},
        )
        assert response.status_code == 200
        assert "decision" in response.context["form"].errors
        assert not Allocation.objects.filter(measure="x").exists()

    def test_the_allocation_form_does_not_offer_a_body_bob_may_not_see(self) -> None:
        self.client.force_login(self.bob)
        page = self.client.get(url("allocation_create", self.grant.pk))
        assert list(page.context["form"].fields["responsible_body"].queryset) == [self.lpo]
        self.assertNotContains(page, self.styrgrupp.name)
        response = self.client.post(
            url("allocation_create", self.grant.pk),
            {"measure": "x", "amount": "1", "responsible_body": self.styrgrupp.pk},
        )
        assert "responsible_body" in response.context["form"].errors
        self.assertNotContains(response, self.styrgrupp.name)
        assert not Allocation.objects.filter(measure="x").exists()

    def test_an_allocation_to_a_body_bob_may_not_see_keeps_it_when_he_edits_it(self) -> None:
        allocation = funds.add_allocation(
            self.grant,
            acting_user=None,
            measure="Välfärdsteknik",
            amount=MKR,
            responsible_body=self.styrgrupp,
        )
        self.client.force_login(self.bob)
        page = self.client.get(url("allocation_edit", allocation.pk))
        choices = list(page.context["form"].fields["responsible_body"].queryset)
        assert choices == [self.lpo, self.styrgrupp]
        response = self.client.post(
            url("allocation_edit", allocation.pk),
            {"measure": "Larm", "amount": "1000000", "responsible_body": self.styrgrupp.pk},
        )
        self.assertRedirects(response, self.grant.get_absolute_url() + "#fordelningar")
        allocation.refresh_from_db()
        assert (allocation.measure, allocation.responsible_body) == ("Larm", self.styrgrupp)

    def test_bob_records_requisition_and_repayment(self) -> None:
        self.client.force_login(self.bob)
        self.client.post(url("grant_requisition", self.grant.pk), {"on": "2022-03-15"})
        self.client.post(
            url("grant_repayment", self.grant.pk),
            {"repaid_amount": "800000", "repaid_on": "2023-04-01"},
        )
        grant = Grant.objects.get(pk=self.grant.pk)
        assert grant.requisitioned_on == D(2022, 3, 15)
        assert (grant.repaid_amount, grant.repaid_on) == (Decimal(800000), D(2023, 4, 1))
        response = self.client.post(url("grant_repayment", self.grant.pk), {"repaid_amount": "5"})
        self.assertContains(response, "Ange när beloppet återbetalades.")


class ExportTests(FundsTestCase):
    @time_machine.travel(SPRING_2023, tick=False)
    def test_the_grant_downloads_as_xlsx_with_its_figures(self) -> None:
        response = self.client.get(url("grant_export", self.grant.pk, "xlsx"))
        assert response.status_code == 200
        assert "statsbidrag-ok-psykisk-halsa-2022.xlsx" in response["Content-Disposition"]
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        assert book.sheetnames == ["Sammanfattning", "Fördelningar", "Upparbetat"]
        summary = {row[0]: row[1] for row in book["Sammanfattning"].iter_rows(values_only=True)}
        assert summary["Belopp (kr)"] == 18_000_000
        assert summary["Upparbetat (kr)"] == 1_200_000
        assert summary["Att återbetala (kr)"] == 16_800_000
        allocations = list(book["Fördelningar"].iter_rows(values_only=True))
        assert allocations[0][0] == "Insats"
        assert (
            allocations[2][0],
            allocations[2][5],
            allocations[2][6],
            allocations[2][7],
        ) == ("Suicidprevention", 5_000_000, 1_200_000, 3_800_000)
        spendings = list(book["Upparbetat"].iter_rows(values_only=True))
        assert spendings[1][2] == 1_200_000

    def test_the_grant_downloads_as_csv_with_a_formula_defused(self) -> None:
        funds.add_allocation(self.grant, acting_user=self.bob, measure="=HYPERLINK()", amount=1)
        response = self.client.get(url("grant_export", self.grant.pk, "csv"))
        text = response.content.decode("utf-8")
        assert text.startswith("\ufeffSammanfattning")
        assert "'=HYPERLINK()" in text
        assert "\r\n\r\nFördelningar\r\n" in text

    def test_the_grant_list_downloads_as_xlsx(self) -> None:
        response = self.client.get(url("grant_list_export", "xlsx"))
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        rows = list(book["Statsbidrag"].iter_rows(values_only=True))
        assert [row[0] for row in rows[1:]] == ["ÖK psykisk hälsa 2022"]
        assert rows[1][8] == 1_200_000
        assert self.client.get(url("grant_list_export", "pdf")).status_code == 404
