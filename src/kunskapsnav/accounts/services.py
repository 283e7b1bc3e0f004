"""Writes to accounts and roles: atomic, audited, with the acting user explicit."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from kunskapsnav.accounts.models import BodyRole, User
from kunskapsnav.core.audit import attribute, save_audited
from kunskapsnav.registry.models import Body


@transaction.atomic
def grant_body_role(user: User, body: Body, role: str, *, acting_user: User | None) -> BodyRole:
    """Give ``user`` the ``role`` in ``body``; granting a role already held changes nothing.

    ``acting_user=None`` is the system itself (a management command); a person acting must be
    allowed to manage the body's roles.
    """
    if acting_user is not None and not acting_user.has_perm("accounts.manage_body_roles", body):
        raise PermissionDenied("Only a systemförvaltare or the body's samordnare may grant roles.")
    existing = BodyRole.objects.filter(user=user, body=body, role=role).first()
    if existing is not None:
        return existing
    body_role = BodyRole(user=user, body=body, role=role)
    save_audited(body_role, acting_user=acting_user, reason="grant_body_role")
    user.__dict__.pop("_body_roles_cache", None)
    return body_role


@transaction.atomic
def revoke_body_role(user: User, body: Body, role: str, *, acting_user: User | None) -> bool:
    """Take the ``role`` in ``body`` from ``user``; returns whether there was one to take."""
    if acting_user is not None and not acting_user.has_perm("accounts.manage_body_roles", body):
        raise PermissionDenied("Only a systemförvaltare or the body's samordnare may revoke roles.")
    body_role = BodyRole.objects.filter(user=user, body=body, role=role).first()
    if body_role is None:
        return False
    attribute(body_role, acting_user=acting_user, reason="revoke_body_role")
    body_role.delete()
    user.__dict__.pop("_body_roles_cache", None)
    return True


@transaction.atomic
def set_language(user: User, language: str, *, acting_user: User | None) -> None:
    user.language = language
    save_audited(user, acting_user=acting_user, reason="set_language")


@transaction.atomic
def ensure_demo_admin(email: str, password: str) -> tuple[User, bool]:
    """Create the demo systemförvaltare, or reset its password; returns (user, created)."""
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if user is None:
        user = User.objects.create_superuser(email, password, full_name="Demo Systemförvaltare")
    else:
        user.set_password(password)
        user.is_active = user.is_staff = user.is_superuser = user.is_systemforvaltare = True
        save_audited(user, acting_user=None, reason="demo_setup", validate=False)
    return user, created
