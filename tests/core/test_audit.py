from __future__ import annotations

from django.urls import reverse

from kunskapsnav.accounts import services
from kunskapsnav.accounts.models import BodyRole
from kunskapsnav.core.audit import history_entries, save_audited
from tests.base import BaseTestCase


class AuditTests(BaseTestCase):
    def test_a_service_change_records_who_and_why(self) -> None:
        role = services.grant_body_role(
            self.dave, self.lpo, BodyRole.Role.LEDAMOT, acting_user=self.bob
        )
        record = role.history.first()
        assert record.history_user == self.bob
        assert record.history_change_reason == "grant_body_role"
        assert record.history_type == "+"

    def test_a_deletion_is_recorded_with_the_acting_user(self) -> None:
        services.revoke_body_role(self.carol, self.lpo, BodyRole.Role.LEDAMOT, acting_user=self.bob)
        record = BodyRole.history.filter(user_id=self.carol.pk).order_by("-history_date").first()
        assert record.history_type == "-"
        assert record.history_user == self.bob

    def test_history_lists_changed_fields_old_and_new(self) -> None:
        self.dalarna.name = "Region Dalarna (test)"
        save_audited(self.dalarna, acting_user=self.alice, reason="rättelse")
        newest = history_entries(self.dalarna)[0]
        assert newest.record.history_user == self.alice
        assert [(c.field, c.old, c.new) for c in newest.changes] == [
            ("name", "Region Dalarna", "Region Dalarna (test)")
        ]

    def test_a_change_through_the_admin_is_attributed_to_the_logged_in_user(self) -> None:
        self.client.force_login(self.alice)
        url = reverse("admin:registry_body_change", args=[self.lpo.pk])
        response = self.client.get(url)
        form = response.context["adminform"].form
        data = {k: ("" if v is None else v) for k, v in form.initial.items()}
        data.update(
            {"name": "LPO Barn och unga (ny)", "is_public": "on", "region": self.dalarna.pk}
        )
        data = {k: v for k, v in data.items() if k not in ("id", "owners")}
        for inline in response.context["inline_admin_formsets"]:
            management = inline.formset.management_form
            for name, field in management.fields.items():
                data[f"{management.prefix}-{name}"] = management.initial.get(name, field.initial)
        response = self.client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        record = self.lpo.history.first()
        assert record.history_user == self.alice

    def test_the_history_page_shows_the_change_to_a_logged_in_reader(self) -> None:
        self.dalarna.short_name = "Dalarna län"
        save_audited(self.dalarna, acting_user=self.alice, reason="rättelse")
        self.client.force_login(self.dave)
        # session, user, the region, its history with users in one join, the user's roles
        with self.assertNumQueries(5):
            response = self.client.get(
                reverse("core:history", args=["core", "region", self.dalarna.pk])
            )
        self.assertContains(response, "Alice Andersson")
        self.assertContains(response, "<del>Dalarna</del>", html=True)
        self.assertContains(response, "<ins>Dalarna län</ins>", html=True)

    def test_history_needs_a_login(self) -> None:
        url = reverse("core:history", args=["core", "region", self.dalarna.pk])
        response = self.client.get(url)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]

    def test_history_of_a_non_public_body_is_hidden_from_outsiders(self) -> None:
        url = reverse("core:history", args=["registry", "body", self.styrgrupp.pk])
        self.client.force_login(self.dave)
        assert self.client.get(url).status_code == 403
        self.client.force_login(self.erin)
        assert self.client.get(url).status_code == 200

    def test_history_of_user_accounts_is_for_the_systemforvaltare(self) -> None:
        url = reverse("core:history", args=["accounts", "user", self.carol.pk])
        self.client.force_login(self.bob)
        assert self.client.get(url).status_code == 403
        self.client.force_login(self.alice)
        assert self.client.get(url).status_code == 200

    def test_unknown_models_and_objects_are_not_found(self) -> None:
        self.client.force_login(self.alice)
        for args in (
            ["core", "nosuch", "1"],
            ["sessions", "session", "1"],
            ["core", "region", "999999"],
            ["core", "region", "x"],
        ):
            assert self.client.get(reverse("core:history", args=args)).status_code == 404, args
