"""Match the names in parsed minutes to people and bodies in the registry (rapidfuzz).

Names are compared normalised (case, spacing, punctuation) and also with diacritics folded, so
that "Helén Kastemyr" finds "Helene Kastemyr" and "Alvdalen" finds "Älvdalen". A name given by
first name only ("Tanja") is resolved against the people of the meeting itself: the body's
members and the people already matched in the attendance list; a unique first-name hit there is
trusted, one elsewhere in the registry is only suggested. Organisation and title break ties.

Scores are 0–100. ``AUTO`` and above is accepted without asking; between ``SUGGEST`` and
``AUTO`` it is proposed for the reviewer to confirm; below, a new person is proposed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from rapidfuzz import fuzz

from kunskapsnav.registry.models import Body, Membership, Person

AUTO = 90
SUGGEST = 70
MAX_CANDIDATES = 5


def normalise(name: str) -> str:
    text = re.sub(r"[^\w\s-]", " ", name.casefold())
    return re.sub(r"\s+", " ", text).strip()


def fold(text: str) -> str:
    """Without diacritics: å→a, ä→a, ö→o, é→e (for tolerant comparison only)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def similarity(a: str, b: str) -> float:
    left, right = normalise(a), normalise(b)
    if not left or not right:
        return 0.0
    return max(
        fuzz.ratio(left, right),
        fuzz.ratio(fold(left), fold(right)) - 2,  # a folded match is slightly less sure
        fuzz.token_sort_ratio(left, right) - 3,
    )


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    score: int
    detail: str = ""

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "score": self.score, "detail": self.detail}


@dataclass
class MeetingPeople:
    """The people of one meeting, against whom first names are resolved."""

    members: dict[int, Person] = field(default_factory=dict)

    def add(self, people: Iterable[Person]) -> None:
        for person in people:
            self.members[person.pk] = person

    @classmethod
    def of_body(cls, body: Body | None) -> MeetingPeople:
        group = cls()
        if body is not None:
            ids = Membership.objects.filter(body=body).values("person_id")
            group.add(Person.objects.filter(pk__in=ids).select_related("organisation"))
        return group


def _detail(person: Person) -> str:
    parts = [person.title, str(person.organisation) if person.organisation else ""]
    return ", ".join(part for part in parts if part)


def _tie_break(person: Person, organisation: str | None, title: str | None) -> int:
    bonus = 0
    if (
        organisation
        and person.organisation
        and similarity(organisation, str(person.organisation)) >= 85
    ):
        bonus += 4
    if title and person.title and similarity(title, person.title) >= 85:
        bonus += 2
    return bonus


def match_person(
    name: str,
    *,
    organisation: str | None = None,
    title: str | None = None,
    meeting_people: MeetingPeople | None = None,
) -> list[Candidate]:
    """Registry people who may be ``name``, best first (at most ``MAX_CANDIDATES``)."""
    tokens = [t for t in normalise(name).split() if len(t) >= 2]
    if not tokens:
        return []
    group = meeting_people or MeetingPeople()
    if len(tokens) == 1:
        return _match_first_name(tokens[0], group)
    # Narrow in SQL on the surname (last token) or any token of four letters or more, folded
    # and unfolded, then score in Python.
    condition = Q()
    for token in {tokens[-1], *(t for t in tokens if len(t) >= 4)}:
        condition |= Q(name__icontains=token) | Q(name__icontains=fold(token))
    pool = {p.pk: p for p in Person.objects.filter(condition).select_related("organisation")[:200]}
    for person in group.members.values():
        pool.setdefault(person.pk, person)
    scored = []
    for person in pool.values():
        score = similarity(name, person.name) + _tie_break(person, organisation, title)
        if person.pk in group.members:
            score += 2
        if score >= SUGGEST - 10:
            scored.append(Candidate(person.pk, person.name, min(int(score), 100), _detail(person)))
    scored.sort(key=lambda c: (-c.score, c.name))
    return scored[:MAX_CANDIDATES]


def _match_first_name(first: str, group: MeetingPeople) -> list[Candidate]:
    """ "Tanja": unique among the meeting's people → trusted; else registry-wide → suggested."""

    def first_of(person: Person) -> str:
        return normalise(person.name).split(" ")[0] if person.name else ""

    local = [p for p in group.members.values() if fold(first_of(p)) == fold(first)]
    if len(local) == 1:
        person = local[0]
        return [Candidate(person.pk, person.name, AUTO, _detail(person))]
    if local:
        return [Candidate(p.pk, p.name, SUGGEST + 5, _detail(p)) for p in local][:MAX_CANDIDATES]
    wider = Person.objects.filter(
        Q(name__istartswith=first + " ") | Q(name__iexact=first)
    ).select_related("organisation")[:MAX_CANDIDATES]
    return [Candidate(p.pk, p.name, SUGGEST, _detail(p)) for p in wider]


def body_variants(text: str) -> list[str]:
    """The names a header gives a body: "Länsnätverket för förvaltningschefer
    (Länschefsnätverket, LCHNV)" → the main name and each name in the parentheses."""
    variants = [re.sub(r"\(.*?\)", "", text).strip()]
    for inside in re.findall(r"\((.*?)\)", text):
        variants.extend(part.strip() for part in inside.split(",") if part.strip())
    return [v for v in variants if v]


def match_body(text: str | None, bodies: Iterable[Body] | None = None) -> list[Candidate]:
    """Registry bodies that may be the one the header names, best first."""
    if not text:
        return []
    variants = body_variants(text)
    scored = []
    for body in bodies if bodies is not None else Body.objects.all():
        names = [body.name, *([body.short_name] if body.short_name else [])]
        score = max(
            (
                similarity(variant, name) if len(name) > 6 else (100.0 if variant == name else 0.0)
                for variant in variants
                for name in names
            ),
            default=0.0,
        )
        if score >= SUGGEST - 10:
            scored.append(Candidate(body.pk, body.name, int(score), body.get_kind_display()))
    scored.sort(key=lambda c: (-c.score, c.name))
    return scored[:MAX_CANDIDATES]


def best(candidates: list[Candidate]) -> Candidate | None:
    """The candidate to preselect: the top one if it is clearly good enough and unambiguous."""
    if not candidates or candidates[0].score < AUTO:
        return None
    if len(candidates) > 1 and candidates[1].score >= candidates[0].score:
        return None
    return candidates[0]
