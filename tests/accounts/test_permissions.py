"""Who may do what: read as sentences about alice, bob, carol, dave and erin."""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.urls import reverse

from kunskapsnav.accounts import services
from kunskapsnav.accounts.models import BodyRole
from kunskapsnav.registry.models import Body
from tests.base import BaseTestCase

OUR_APPS = ("core", "accounts", "registry")


def our_models() -> list[type[Model]]:
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label in OUR_APPS and not m.__name__.startswith("Historical")
    ]


class ObjectPermissionTests(BaseTestCase):
    def test_dave_without_a_role_may_change_nothing(self) -> None:
        for model in our_models():
            obj = model._default_manager.first()
            for action in ("add", "change", "delete"):
                perm = f"{model._meta.app_label}.{action}_{model._meta.model_name}"
                assert not self.dave.has_perm(perm, obj), perm
                assert not self.dave.has_perm(perm), perm

    def test_an_anonymous_visitor_may_change_nothing(self) -> None:
        anonymous = AnonymousUser()
        for model in our_models():
            obj = model._default_manager.first()
            for action in ("add", "change", "delete"):
                perm = f"{model._meta.app_label}.{action}_{model._meta.model_name}"
                assert not anonymous.has_perm(perm, obj), perm

    def test_alice_as_systemforvaltare_may_change_reference_data_and_bodies(self) -> None:
        assert self.alice.has_perm("core.change_region", self.dalarna)
        assert self.alice.has_perm("core.change_kommun", self.falun)
        assert self.alice.has_perm("registry.change_body", self.styrgrupp)
        assert self.alice.has_perm("registry.add_body")

    def test_bob_as_samordnare_may_change_his_body_but_not_another(self) -> None:
        assert self.bob.has_perm("registry.change_body", self.lpo)
        assert not self.bob.has_perm("registry.change_body", self.styrgrupp)
        assert not self.bob.has_perm("registry.delete_body", self.lpo)
        assert not self.bob.has_perm("core.change_region", self.dalarna)

    def test_carol_as_ledamot_may_read_but_not_change_her_body(self) -> None:
        assert self.carol.has_perm("registry.view_body", self.lpo)
        assert not self.carol.has_perm("registry.change_body", self.lpo)
        assert not self.carol.has_perm("accounts.manage_body_roles", self.lpo)

    def test_a_non_public_body_is_seen_only_by_its_members_and_admins(self) -> None:
        assert self.erin.has_perm("registry.view_body", self.styrgrupp)
        assert self.alice.has_perm("registry.view_body", self.styrgrupp)
        for outsider in (self.bob, self.carol, self.dave, AnonymousUser()):
            assert not outsider.has_perm("registry.view_body", self.styrgrupp)
            assert outsider.has_perm("registry.view_body", self.lpo)

    def test_body_listings_show_dave_and_visitors_only_public_bodies(self) -> None:
        assert list(Body.objects.visible_to(self.dave)) == [self.lpo]
        assert list(Body.objects.visible_to(AnonymousUser())) == [self.lpo]
        assert set(Body.objects.visible_to(self.erin)) == {self.lpo, self.styrgrupp}
        assert set(Body.objects.visible_to(self.alice)) == {self.lpo, self.styrgrupp}

    def test_an_inactive_systemforvaltare_has_no_powers(self) -> None:
        self.alice.is_active = False
        assert not self.alice.has_perm("core.change_region", self.dalarna)

    def test_role_lookups_are_one_query_per_user(self) -> None:
        with self.assertNumQueries(1):
            for _ in range(5):
                self.bob.has_perm("registry.change_body", self.lpo)
                self.bob.has_perm("registry.view_body", self.styrgrupp)


class RoleGrantTests(BaseTestCase):
    def test_bob_as_samordnare_may_make_dave_a_ledamot_of_his_body(self) -> None:
        services.grant_body_role(self.dave, self.lpo, BodyRole.Role.LEDAMOT, acting_user=self.bob)
        assert self.dave.has_perm("registry.view_body", self.lpo)
        assert BodyRole.objects.filter(user=self.dave, body=self.lpo).exists()

    def test_carol_as_ledamot_may_not_grant_roles(self) -> None:
        with self.assertRaises(PermissionDenied):
            services.grant_body_role(
                self.dave, self.lpo, BodyRole.Role.LEDAMOT, acting_user=self.carol
            )
        assert not BodyRole.objects.filter(user=self.dave).exists()

    def test_bob_may_not_grant_roles_in_a_body_he_does_not_coordinate(self) -> None:
        with self.assertRaises(PermissionDenied):
            services.grant_body_role(
                self.dave, self.styrgrupp, BodyRole.Role.LASARE, acting_user=self.bob
            )

    def test_granting_a_role_twice_keeps_one(self) -> None:
        services.grant_body_role(self.dave, self.lpo, BodyRole.Role.LASARE, acting_user=self.alice)
        services.grant_body_role(self.dave, self.lpo, BodyRole.Role.LASARE, acting_user=self.alice)
        assert BodyRole.objects.filter(user=self.dave, body=self.lpo).count() == 1

    def test_revoking_a_role_takes_the_access_away(self) -> None:
        assert services.revoke_body_role(
            self.erin, self.styrgrupp, BodyRole.Role.ORDFORANDE, acting_user=self.alice
        )
        self.erin.__dict__.pop("_body_roles_cache", None)
        assert not self.erin.has_perm("registry.view_body", self.styrgrupp)
        assert not services.revoke_body_role(
            self.erin, self.styrgrupp, BodyRole.Role.ORDFORANDE, acting_user=self.alice
        )


class AdminAccessTests(BaseTestCase):
    def test_only_the_systemforvaltare_reaches_any_admin_page(self) -> None:
        urls = [reverse("admin:index")] + [
            reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            for model in admin.site._registry
            if model._meta.app_label in OUR_APPS
        ]
        for user in (self.bob, self.carol, self.dave):
            self.client.force_login(user)
            for url in urls:
                response = self.client.get(url)
                assert response.status_code == 302, (user, url)
                assert "/admin/login/" in response["Location"]
        self.client.force_login(self.alice)
        for url in urls:
            assert self.client.get(url).status_code == 200, url

    def test_dave_cannot_change_a_region_through_the_admin(self) -> None:
        self.client.force_login(self.dave)
        url = reverse("admin:core_region_change", args=[self.dalarna.pk])
        self.client.post(url, {"name": "Hackad", "code": "20"})
        self.dalarna.refresh_from_db()
        assert self.dalarna.name == "Region Dalarna"
