"""Object permissions, stated once as predicates (django-rules).

Read a permission as a sentence: ``registry.change_body`` is allowed for a systemförvaltare or
for a samordnare of that body. Views and the API ask ``user.has_perm(name, obj)``; nothing else
decides who may do what.
"""

from __future__ import annotations

from typing import Any

from rules.permissions import add_perm
from rules.predicates import Predicate, always_allow, predicate

from kunskapsnav.accounts.models import BodyRole

Role = BodyRole.Role


@predicate
def is_systemforvaltare(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_systemforvaltare)


def _roles_in(user: Any, body: Any) -> set[str]:
    if body is None or not user.is_authenticated or not user.is_active:
        return set()
    roles: set[str] = user.body_roles().get(body.pk, set())
    return roles


def has_body_role(*roles: str) -> Predicate:
    wanted = set(roles)

    def holds_role(user: Any, body: Any) -> bool:
        return bool(_roles_in(user, body) & wanted)

    return Predicate(holds_role, name=f"has_body_role({', '.join(sorted(wanted))})")


@predicate
def has_any_body_role(user: Any, body: Any) -> bool:
    return bool(_roles_in(user, body))


@predicate
def body_is_public(user: Any, body: Any) -> bool:
    return bool(body is not None and body.is_public)


is_samordnare = has_body_role(Role.SAMORDNARE)
is_ordforande = has_body_role(Role.ORDFORANDE)
is_member = has_body_role(Role.SAMORDNARE, Role.ORDFORANDE, Role.LEDAMOT)
can_administer_body = is_systemforvaltare | is_samordnare

# Reference data: everyone reads it; only a systemförvaltare changes it.
for model in (
    "sjukvardsregion",
    "region",
    "kommun",
    "programmearea",
    "kunskapsstodtype",
    "glossaryterm",
):
    add_perm(f"core.view_{model}", always_allow)
    for action in ("add", "change", "delete"):
        add_perm(f"core.{action}_{model}", is_systemforvaltare)

# Bodies: public ones are read by all, others by those with a role in them.
add_perm("registry.view_body", is_systemforvaltare | body_is_public | has_any_body_role)
add_perm("registry.add_body", is_systemforvaltare)
add_perm("registry.change_body", can_administer_body)
add_perm("registry.delete_body", is_systemforvaltare)

# Roles in a body are handed out by a systemförvaltare or by the body's samordnare.
add_perm("accounts.view_bodyrole", is_systemforvaltare | has_any_body_role)
add_perm("accounts.manage_body_roles", can_administer_body)
for action in ("view", "add", "change", "delete"):
    add_perm(f"accounts.{action}_user", is_systemforvaltare)
for action in ("add", "change", "delete"):
    add_perm(f"accounts.{action}_bodyrole", is_systemforvaltare)
