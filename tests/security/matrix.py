"""The machinery of the page matrix: reading the policy table, walking the URL patterns of the
project, naming the objects a URL needs, and telling one outcome from another.

The policy itself, the thing to read, is in ``test_permission_matrix.POLICY``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

from kunskapsnav.followup.models import Recipient
from kunskapsnav.registry.models import Body
from tests.security.base import USERS, SecurityTestCase

#: What a user gets:
#:
#: ``ok``     GET: 200. POST (an empty form): accepted for handling, so 200 (the form again with
#:            its errors), 302 (done) or 400; never a refusal.
#: ``302``    a redirect by design, not to the login page.
#: ``login``  302 to the login page (the admin's own login page for admin URLs).
#: ``403``    refused: the user may see the object but not do this.
#: ``404``    not found: the user may not know that the object exists.
#: ``405``    the method is not allowed.
#: ``staff``  the admin lets the user in (anything but its login page): what a member of staff
#:            may do there is the admin's own business (its model permissions).
OUTCOMES = frozenset({"ok", "302", "login", "403", "404", "405", "staff"})
#: ``get``: a GET; ``post``: an empty POST; ``form``: both, with the same outcomes.
METHODS = frozenset({"get", "post", "form"})
#: The row that covers every admin URL without a row of its own.
ADMIN_WILDCARD = "admin:*"


@dataclass(frozen=True)
class Row:
    """One line of a policy: something tried on one object (``target``) with one method."""

    key: str
    method: str
    target: str
    outcomes: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.key} [{self.target}]"

    def expected(self, user: str) -> str:
        return self.outcomes[USERS.index(user)]


def parse_policy(text: str, methods: frozenset[str], outcomes: frozenset[str]) -> list[Row]:
    """The rows of a policy table: ``key method target outcome…``, one outcome per user of
    ``USERS``. A line ``[namespace]`` puts ``namespace:`` before the keys that follow it; blank
    lines and ``#`` comments are ignored."""
    rows = []
    namespace = ""
    for number, line in enumerate(text.splitlines(), 1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        if len(words) == 1 and words[0].startswith("[") and words[0].endswith("]"):
            namespace = words[0][1:-1]
            continue
        assert len(words) == 3 + len(USERS), f"line {number}: {line!r}"
        key, method, target, *found = words
        assert method in methods, f"line {number}: unknown method {method!r}"
        unknown = set(found) - outcomes
        assert not unknown, f"line {number}: unknown outcomes {sorted(unknown)}"
        rows.append(Row(f"{namespace}:{key}" if namespace else key, method, target, tuple(found)))
    return rows


# --- The URL patterns of the project ----------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    """A URL pattern with its full route and namespaced name (the route when it has none)."""

    key: str
    route: str
    name: str | None
    params: tuple[str, ...]

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")


def walk(resolver: URLResolver | None = None, prefix: str = "", ns: str = "") -> Iterator[Pattern]:
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{ns}{entry.namespace}:" if entry.namespace else ns
            yield from walk(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            pattern = entry.pattern
            route = prefix + str(pattern)
            if isinstance(pattern, RoutePattern):
                params = tuple(pattern.converters)
            else:
                params = tuple(pattern.regex.groupindex)
            name = f"{ns}{entry.name}" if entry.name else None
            yield Pattern(key=name or route, route=route, name=name, params=params)


def api_path(route: str) -> str:
    """``api/v1/bodies/<int:body_id>`` as the API's documents write it: ``/bodies/{body_id}``."""
    path = route.removeprefix("api/v1")
    while "<" in path:
        start, end = path.index("<"), path.index(">")
        name = path[start + 1 : end].split(":")[-1]
        path = f"{path[:start]}{{{name}}}{path[end + 1 :]}"
    return path


# --- The objects a URL names ------------------------------------------------------------------


def _argument(case: SecurityTestCase, param: str, obj: Any) -> Any:
    """The value of a URL parameter for ``obj`` (the row's target), by the parameter's name."""
    if param == "fmt":
        return "csv"
    if param == "step":
        return "genomfort"
    assert obj is not None, f"the URL needs {param!r}: name an object"
    if param == "pk":
        return obj.pk
    if param == "code":
        return obj.code
    if param == "token":
        return case.answer_token(obj) if isinstance(obj, Recipient) else case.feed_token(obj)
    if param == "app_label":
        return obj._meta.app_label
    if param == "model_name":
        return obj._meta.model_name
    if param == "unit":
        return obj.units.order_by("pk").first().pk
    if param == "rec":
        return obj.kunskapsstod.recommendations.order_by("pk").first().pk
    raise AssertionError(f"no value for the URL parameter {param!r}; give it in the target")


def url_of(case: SecurityTestCase, pattern: Pattern, target: str) -> str:
    """The URL of a row: ``target`` is ``-`` or an attribute of the test case (the object), then
    ``,param=value`` for parameters given as they are, then ``?query``."""
    names, _, query = target.partition("?")
    attribute, *given = names.split(",")
    fixed = dict(item.split("=", 1) for item in given)
    obj = None if attribute == "-" else getattr(case, attribute)
    kwargs = {p: fixed[p] if p in fixed else _argument(case, p, obj) for p in pattern.params}
    assert pattern.name is not None, pattern.route
    url = reverse(pattern.name, kwargs=kwargs)
    return f"{url}?{query}" if query else url


def _admin_object(route: str) -> Model | None:
    """The first object of the model an admin route is about (``admin/<app>/<model>/…``)."""
    parts = route.split("/")
    if len(parts) < 4:
        return None
    try:
        model = apps.get_model(parts[1], parts[2])
    except (LookupError, ValueError):
        return None
    first: Model | None = model._default_manager.order_by("pk").first()
    return first


def admin_url(case: SecurityTestCase, pattern: Pattern) -> str:
    """A URL of an admin pattern, naming an existing object where it needs one."""
    obj = _admin_object(pattern.route)
    object_id = str(obj.pk) if obj is not None else "0"
    if pattern.name is None:
        if "(?P<url>" in pattern.route:
            return "/admin/finns-inte/"
        return "/" + pattern.route.replace("<path:object_id>", object_id)
    if pattern.name.endswith("_simple_history"):
        history: Any = getattr(obj, "history", None)
        record = history.order_by("pk").first() if history is not None else None
        history_id = str(record.pk) if record is not None else "0"
        return reverse(pattern.name, args=[object_id, history_id])
    values: dict[str, Any] = {
        "object_id": object_id,
        "id": object_id,
        "app_label": "registry",
        "content_type_id": ContentType.objects.get_for_model(Body).pk,
    }
    if pattern.name == "admin:view_on_site":
        values["object_id"] = case.lpo.pk
    return reverse(pattern.name, kwargs={p: values[p] for p in pattern.params})
