"""Reads that the reference pages need, each a fixed number of queries."""

from __future__ import annotations

from itertools import groupby

from django.db.models import Count, Prefetch, QuerySet

from kunskapsnav.core.models import GlossaryTerm, Kommun, ProgrammeArea, Region, Sjukvardsregion
from kunskapsnav.core.text import initial_letter, swedish_sort_key


def sjukvardsregioner_with_regions() -> QuerySet[Sjukvardsregion]:
    regions = Region.objects.annotate(kommun_total=Count("kommuner")).order_by("name")
    return Sjukvardsregion.objects.prefetch_related(Prefetch("regions", queryset=regions))


def region_with_kommuner(code: str) -> Region:
    kommuner = Kommun.objects.select_related("sjukvardsregion").order_by("name")
    return (
        Region.objects.select_related("sjukvardsregion")
        .prefetch_related(Prefetch("kommuner", queryset=kommuner))
        .get(code=code)
    )


def programme_areas_by_kind() -> list[tuple[str, list[ProgrammeArea]]]:
    areas = sorted(ProgrammeArea.objects.all(), key=lambda a: (a.kind, swedish_sort_key(a.name)))
    labels = dict(ProgrammeArea.Kind.choices)
    order = list(labels)
    grouped = [(kind, list(items)) for kind, items in groupby(areas, key=lambda a: a.kind)]
    grouped.sort(key=lambda pair: order.index(pair[0]))
    return [(str(labels[kind]), items) for kind, items in grouped]


def glossary_by_letter(
    *, text: str = "", category: str = ""
) -> list[tuple[str, list[GlossaryTerm]]]:
    """Glossary terms grouped under their index letter, in Swedish alphabetical order.

    ``text`` narrows to terms whose headword, term, English name or aliases contain it.
    """
    terms = GlossaryTerm.objects.all()
    if category:
        terms = terms.filter(category=category)
    needle = text.strip().casefold()
    rows = [
        term
        for term in terms
        if not needle
        or needle in term.term.casefold()
        or needle in term.abbreviation.casefold()
        or needle in term.english.casefold()
        or any(needle in str(alias).casefold() for alias in term.aliases)
    ]
    rows.sort(key=lambda term: term.sort_key)
    return [
        (letter, list(items))
        for letter, items in groupby(rows, key=lambda term: initial_letter(term.headword))
    ]


def swedish_letters() -> list[str]:
    return [*"ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ"]
