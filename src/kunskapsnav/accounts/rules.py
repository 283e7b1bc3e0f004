"""Object permissions, stated once as predicates (django-rules).

Read a permission as a sentence: ``registry.change_body`` is allowed for a systemförvaltare or
for a samordnare of that body. Views and the API ask ``user.has_perm(name, obj)``; nothing else
decides who may do what.
"""

from __future__ import annotations

from collections.abc import Callable
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


@predicate
def is_samordnare_somewhere(user: Any) -> bool:
    """Coordinates at least one body: may register people and organisations."""
    if not user.is_authenticated or not user.is_active:
        return False
    return any(Role.SAMORDNARE in roles for roles in user.body_roles().values())


def _on_body(attribute: Callable[[Any], Any], inner: Predicate, name: str) -> Predicate:
    """A predicate on the body reached from the object through ``attribute``."""

    def check(user: Any, obj: Any) -> bool:
        return obj is not None and bool(inner.test(user, attribute(obj)))

    return Predicate(check, name=name)


# Bodies: public ones are read by all, others by those with a role in them.
add_perm("registry.view_body", is_systemforvaltare | body_is_public | has_any_body_role)
# A body is created by a systemförvaltare, or under a parent body by that body's samordnare.
add_perm("registry.add_body", is_systemforvaltare | is_samordnare)
add_perm("registry.change_body", can_administer_body)
add_perm(
    "registry.close_body",
    can_administer_body | _on_body(lambda body: body.parent, is_samordnare, "parent_samordnare"),
)
add_perm("registry.delete_body", is_systemforvaltare)

# Nominations: the nominating body's samordnare names the candidate; the deciding body's
# samordnare (or the seat's own body) decides.
add_perm(
    "registry.nominate",
    _on_body(lambda n: n.seat.body, can_administer_body, "seat_body_admin")
    | _on_body(lambda n: n.nominating_body, is_samordnare, "nominating_samordnare"),
)
add_perm(
    "registry.decide_nomination",
    _on_body(lambda n: n.seat.body, can_administer_body, "seat_body_admin")
    | _on_body(lambda n: n.deciding_body, is_samordnare, "deciding_samordnare"),
)

# People and organisations: everyone reads the registry's public facts; a systemförvaltare or
# any samordnare registers and corrects them.
for model in ("person", "organisation"):
    add_perm(f"registry.view_{model}", always_allow)
    add_perm(f"registry.add_{model}", is_systemforvaltare | is_samordnare_somewhere)
    add_perm(f"registry.change_{model}", is_systemforvaltare | is_samordnare_somewhere)
    add_perm(f"registry.delete_{model}", is_systemforvaltare)

# Seats, memberships, nominations and commissions are seen with their body and changed
# through the body's services.
can_view_body = is_systemforvaltare | body_is_public | has_any_body_role
_BODY_OF: dict[str, Callable[[Any], Any]] = {
    "seat": lambda seat: seat.body,
    "membership": lambda membership: membership.body,
    "nomination": lambda nomination: nomination.seat.body,
    "commission": lambda commission: commission.body,
    "commissionversion": lambda version: version.commission.body,
}
for model, body_of in _BODY_OF.items():
    add_perm(
        f"registry.view_{model}",
        is_systemforvaltare | _on_body(body_of, can_view_body, f"{model}_body_visible"),
    )
    for action in ("add", "change", "delete"):
        add_perm(f"registry.{action}_{model}", is_systemforvaltare)

# Roles in a body are handed out by a systemförvaltare or by the body's samordnare.
add_perm("accounts.view_bodyrole", is_systemforvaltare | has_any_body_role)
add_perm("accounts.manage_body_roles", can_administer_body)
for action in ("view", "add", "change", "delete"):
    add_perm(f"accounts.{action}_user", is_systemforvaltare)
for action in ("add", "change", "delete"):
    add_perm(f"accounts.{action}_bodyrole", is_systemforvaltare)
for action in ("view", "add", "change", "delete"):
    add_perm(f"accounts.{action}_apitoken", is_systemforvaltare)


# --- Meetings -------------------------------------------------------------------------------


def _person_of(user: Any) -> Any:
    """The registry person linked to the user (``User.linked_person``), if any."""
    return user.linked_person() if user.is_authenticated else None


@predicate
def meeting_is_published(user: Any, meeting: Any) -> bool:
    return bool(meeting is not None and meeting.is_published)


@predicate
def is_meeting_secretary(user: Any, meeting: Any) -> bool:
    person = _person_of(user)
    return bool(meeting is not None and person is not None and meeting.secretary_id == person.pk)


@predicate
def may_approve_meeting(user: Any, meeting: Any) -> bool:
    """A protokoll is approved by its justerare; minnesanteckningar by the meeting's chair or
    secretary, or, when it names neither, the body's ordförande or samordnare."""
    person = _person_of(user)
    if meeting is None or person is None:
        return False
    if meeting.document_type == "protokoll":
        return bool(meeting.justerare.filter(pk=person.pk).exists())
    named = {meeting.chair_id, meeting.secretary_id} - {None}
    if named:
        return person.pk in named
    return bool(_roles_in(user, meeting.body) & {Role.ORDFORANDE, Role.SAMORDNARE})


_meeting_body = lambda meeting: meeting.body  # noqa: E731
can_view_meeting = (
    is_systemforvaltare
    | _on_body(_meeting_body, has_any_body_role, "meeting_body_member")
    | (meeting_is_published & _on_body(_meeting_body, can_view_body, "meeting_body_visible"))
)
can_change_meeting = (
    _on_body(_meeting_body, can_administer_body, "meeting_body_admin") | is_meeting_secretary
)

add_perm("meetings.view_meeting", can_view_meeting)
add_perm("meetings.add_meeting", can_administer_body)
add_perm("meetings.change_meeting", can_change_meeting)
add_perm("meetings.approve_meeting", may_approve_meeting)
add_perm("meetings.delete_meeting", is_systemforvaltare)


@predicate
def is_responsible_for_action(user: Any, action: Any) -> bool:
    person = _person_of(user)
    return bool(
        action is not None
        and person is not None
        and action.responsible_people.filter(pk=person.pk).exists()
    )


@predicate
def action_is_public_record(user: Any, action: Any) -> bool:
    """An action is on public record once the minutes that hand it out are published."""
    return bool(action is not None and action.meeting_id and action.meeting.is_published)


_action_body = lambda action: action.body  # noqa: E731
add_perm(
    "meetings.view_actionitem",
    is_systemforvaltare
    | _on_body(_action_body, has_any_body_role, "action_body_member")
    | (action_is_public_record & _on_body(_action_body, can_view_body, "action_body_visible")),
)
add_perm(
    "meetings.change_action",
    _on_body(_action_body, can_administer_body, "action_body_admin") | is_responsible_for_action,
)
for model in ("agendaitem", "attendance", "decision", "attachment", "meetingseries"):
    for action in ("add", "change", "delete"):
        add_perm(f"meetings.{action}_{model}", is_systemforvaltare)


# --- Kunskapsstöd ---------------------------------------------------------------------------
# The catalogue is public and kept by the systemförvaltare. A remiss inside a region is run by
# the samordnare of its coordinating body; a contributing body's samordnare gives its input.
# An införande is run by the samordnare of its responsible body.

for model in ("kunskapsstod", "remissround", "recommendation", "indicator"):
    add_perm(f"guidance.view_{model}", always_allow)
    for action in ("add", "change", "delete"):
        add_perm(f"guidance.{action}_{model}", is_systemforvaltare)

_coordinating_body = lambda assignment: assignment.coordinating_body  # noqa: E731
can_manage_remiss = is_systemforvaltare | _on_body(
    _coordinating_body, is_samordnare, "remiss_coordinator"
)
add_perm("guidance.add_remissassignment", is_systemforvaltare | is_samordnare)
add_perm("guidance.change_remissassignment", can_manage_remiss)
add_perm(
    "guidance.view_remissassignment",
    is_systemforvaltare | _on_body(_coordinating_body, can_view_body, "remiss_body_visible"),
)
add_perm(
    "guidance.change_remisscontribution",
    _on_body(lambda c: c.assignment, can_manage_remiss, "contribution_remiss_admin")
    | _on_body(lambda c: c.body, is_samordnare, "contributor_samordnare"),
)

_responsible_body = lambda implementation: implementation.responsible_body  # noqa: E731
add_perm("guidance.add_implementation", is_systemforvaltare | is_samordnare)
add_perm(
    "guidance.change_implementation",
    is_systemforvaltare | _on_body(_responsible_body, is_samordnare, "implementation_samordnare"),
)
add_perm(
    "guidance.view_implementation",
    is_systemforvaltare | _on_body(_responsible_body, can_view_body, "implementation_body_visible"),
)


def _via_implementation(attribute: Callable[[Any], Any], name: str) -> Predicate:
    """Parts of an införande are seen by those who see the införande."""

    def check(user: Any, obj: Any) -> bool:
        if obj is None:
            return False
        return bool(user.has_perm("guidance.view_implementation", attribute(obj)))

    return Predicate(check, name=name)


add_perm(
    "guidance.view_implementationunit",
    _via_implementation(lambda unit: unit.implementation, "unit_implementation_visible"),
)
add_perm(
    "guidance.view_gapassessment",
    _via_implementation(lambda a: a.unit.implementation, "assessment_implementation_visible"),
)
add_perm(
    "guidance.view_finding",
    _via_implementation(lambda finding: finding.implementation, "finding_implementation_visible"),
)
add_perm(
    "guidance.view_actionplan",
    _via_implementation(lambda plan: plan.implementation, "plan_implementation_visible"),
)
add_perm("guidance.view_measurement", always_allow)


# --- Follow-up: questionnaires, polls and funds -----------------------------------------------

# A questionnaire is run by its owning body's samordnare; its chair reads the results too.
can_run_questionnaire = is_systemforvaltare | _on_body(
    lambda q: q.owner_body, is_samordnare, "questionnaire_samordnare"
)
add_perm("followup.add_questionnaire", is_systemforvaltare | is_samordnare_somewhere)
add_perm("followup.change_questionnaire", can_run_questionnaire)
add_perm("followup.delete_questionnaire", can_run_questionnaire)
add_perm(
    "followup.view_questionnaire",
    can_run_questionnaire
    | _on_body(lambda q: q.owner_body, is_ordforande, "questionnaire_ordforande"),
)

# A live poll is started by the body's samordnare or chair; its results are shown to those who
# may see the body. Voting needs only the poll's code (anonymous, no account).
can_run_poll = is_systemforvaltare | _on_body(
    lambda poll: poll.body, is_samordnare | is_ordforande, "poll_leader"
)
add_perm("followup.add_poll", is_systemforvaltare | is_samordnare | is_ordforande)
add_perm("followup.change_poll", can_run_poll)
add_perm("followup.view_poll", _on_body(lambda poll: poll.body, can_view_body, "poll_body"))

# Funds: the distributing body's samordnare keeps the grant; those who may see that body read
# it; the responsible body of an allocation reports its spending.
can_keep_grant = is_systemforvaltare | _on_body(
    lambda grant: grant.responsible_body, is_samordnare, "grant_samordnare"
)
add_perm("followup.add_grant", is_systemforvaltare | is_samordnare)
add_perm("followup.change_grant", can_keep_grant)
add_perm("followup.delete_grant", is_systemforvaltare)
add_perm(
    "followup.view_grant",
    is_systemforvaltare
    | _on_body(lambda grant: grant.responsible_body, can_view_body, "grant_body_visible"),
)
add_perm(
    "followup.report_spending",
    _on_body(lambda allocation: allocation.grant, can_keep_grant, "allocation_grant_keeper")
    | _on_body(
        lambda allocation: allocation.responsible_body,
        is_samordnare | is_ordforande,
        "allocation_body_leader",
    ),
)
add_perm(
    "followup.view_questionnaireround",
    _on_body(lambda r: r.questionnaire.owner_body, is_samordnare | is_ordforande, "round_leader")
    | is_systemforvaltare,
)
