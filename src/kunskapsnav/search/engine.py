"""Running a search: the two backends behind one function, ranking, snippets and grouping.

``search(user, text, filters)`` parses the query (``search.text``), asks the database's
full-text index for the best matches among the documents the user may see and that pass the
filters (one query: FTS5 ``MATCH`` with ``bm25`` on SQLite, ``@@`` with ``ts_rank_cd`` on
PostgreSQL, both joined to the filtered documents), loads those documents (one query), weighs
relevance by recency (a hit loses up to 40 % as it ages over some years) and groups the hits by
kind, each with its title and a snippet where the matched words are marked.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kunskapsnav.search.models import SearchDocument
from kunskapsnav.search.text import WORD, Query, key, parse

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kunskapsnav.accounts.models import User

#: At most this many matches are ranked; the groups say when there were more.
CANDIDATES = 500
SNIPPET_BEFORE, SNIPPET_AFTER = 12, 24


@dataclass(frozen=True)
class Filters:
    kinds: tuple[str, ...] = ()
    body_id: int | None = None
    region_id: int | None = None
    level: str = ""
    status: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass
class Hit:
    document: SearchDocument
    score: float
    title: SafeString
    snippet: SafeString


@dataclass
class Group:
    kind: str
    label: str
    #: The best hits of the kind, loaded in full.
    hits: list[Hit]
    #: How many documents of the kind matched.
    count: int


@dataclass
class Results:
    query: Query
    groups: list[Group] = field(default_factory=list)
    capped: bool = False

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)


def visible_to(user: User | AnonymousUser) -> Q:
    """Documents ``user`` may see: public ones, and everything of the bodies they belong to."""
    public = Q(body_public=True, published=True)
    if not user.is_authenticated or not user.is_active:
        return public
    if user.is_systemforvaltare:
        return Q()
    return public | Q(body_id__in=list(user.body_roles()))


def filtered(user: User | AnonymousUser, filters: Filters) -> QuerySet[SearchDocument]:
    documents = SearchDocument.objects.filter(visible_to(user))
    if filters.kinds:
        documents = documents.filter(kind__in=filters.kinds)
    if filters.body_id:
        documents = documents.filter(body_id=filters.body_id)
    if filters.region_id:
        documents = documents.filter(region_id=filters.region_id)
    if filters.level:
        documents = documents.filter(level=filters.level)
    if filters.status:
        documents = documents.filter(status=filters.status)
    if filters.date_from:
        documents = documents.filter(date__gte=filters.date_from)
    if filters.date_to:
        documents = documents.filter(date__lte=filters.date_to)
    return documents


def fts5_expression(query: Query) -> str:
    """``beslut "samordn individuell"`` → ``"beslut"* AND "samordn individuell"*``."""
    parts = [f'"{word}"*' for word in query.words]
    parts += [f'"{" ".join(phrase)}"*' for phrase in query.phrases]
    return " AND ".join(parts)


def tsquery_expression(query: Query) -> str:
    """``beslut "samordn individuell"`` → ``beslut:* & (samordn <-> individuell:*)``."""
    parts = [f"{word}:*" for word in query.words]
    parts += [
        "(" + " <-> ".join([*phrase[:-1], phrase[-1] + ":*"]) + ")" for phrase in query.phrases
    ]
    return " & ".join(parts)


def _where(among: QuerySet[SearchDocument]) -> tuple[str, list[Any]] | None:
    """The WHERE clause Django compiles for ``among`` (on ``search_searchdocument``), ``("",
    [])`` when it holds everywhere, ``None`` when it can hold nowhere."""
    compiler = among.query.get_compiler(connection=connection)
    try:
        sql, params = compiler.compile(among.query.where)
    except EmptyResultSet:
        return None
    except FullResultSet:
        return "", []
    return sql, list(params)


def _matches(query: Query, among: QuerySet[SearchDocument]) -> list[tuple[int, float]]:
    """(document id, relevance) of the best matches among ``among``; one query.

    The full-text index drives the query (a match first, then the document's filters on the
    joined row), so its cost follows the number of matches, not the size of the index. The
    filters are the SQL Django compiles for ``among``; every value, the match expression
    included, is passed as a parameter."""
    where = _where(among)
    if where is None:
        return []
    where_sql, where_params = where
    condition = f"AND ({where_sql}) " if where_sql else ""
    if connection.vendor == "postgresql":
        sql = (
            "SELECT search_searchdocument.id, ts_rank_cd(search_vector, q) AS rank "  # noqa: S608
            "FROM search_searchdocument, to_tsquery('simple', %s) q "
            f"WHERE search_vector @@ q {condition}"
            "ORDER BY rank DESC, search_searchdocument.id LIMIT %s"
        )
        params: list[Any] = [tsquery_expression(query), *where_params, CANDIDATES + 1]
        sign = 1.0
    else:
        sql = (
            "SELECT search_fts.rowid, bm25(search_fts, 5.0, 1.0) AS rank "  # noqa: S608
            "FROM search_fts CROSS JOIN search_searchdocument INDEXED BY search_document_facts "
            "ON search_searchdocument.id = search_fts.rowid "
            f"WHERE search_fts MATCH %s {condition}"
            "ORDER BY rank, search_fts.rowid LIMIT %s"
        )
        params = [fts5_expression(query), *where_params, CANDIDATES + 1]
        sign = -1.0  # bm25: lower is better
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[0], sign * float(row[1])) for row in cursor.fetchall()]


def recency(date: dt.date | None, today: dt.date) -> float:
    """1.0 for today, falling towards 0.6 over some years; 0.8 for undated documents."""
    if date is None:
        return 0.8
    age = max((today - date).days, 0)
    return 0.6 + 0.4 * math.exp(-age / 1095)


def highlight(text: str, keys: set[str], *, window: bool) -> SafeString:
    """``text`` escaped, each word whose key begins with a query key in ``<mark>``; with
    ``window``, only the words around the first match (or the beginning)."""
    words = list(WORD.finditer(text))
    hits = [i for i, m in enumerate(words) if any(key(m.group()).startswith(k) for k in keys)]
    start_word, end_word = 0, len(words)
    if window and words:
        first = hits[0] if hits else 0
        start_word = max(first - SNIPPET_BEFORE, 0)
        end_word = min(first + SNIPPET_AFTER, len(words))
    if not words:
        return mark_safe(escape(text))  # noqa: S308 - escaped
    begin = words[start_word].start() if window else 0
    end = words[end_word - 1].end() if window else len(text)
    marked = set(hits)
    out: list[str] = ["… " if window and begin > 0 else ""]
    position = begin
    for i in range(start_word, end_word):
        match = words[i]
        out.append(escape(text[position : match.start()]))
        word = escape(match.group())
        out.append(f"<mark>{word}</mark>" if i in marked else word)
        position = match.end()
    out.append(escape(text[position:end]))
    if window and end < len(text):
        out.append(" …")
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped


def search(
    user: User | AnonymousUser,
    text: str,
    filters: Filters | None = None,
    *,
    per_kind: int = 8,
) -> Results:
    """The hits for ``text`` that ``user`` may see, grouped by kind, the best group first.

    Every match is ranked (relevance × recency) from its id, kind and date alone; only the
    ``per_kind`` best of each kind are loaded in full and given a title and a snippet. Four
    queries whatever the number of matches."""
    query = parse(text)
    results = Results(query=query)
    if query.is_empty:
        return results
    matches = _matches(query, filtered(user, filters or Filters()))
    results.capped = len(matches) > CANDIDATES
    relevance = dict(matches[:CANDIDATES])
    today = timezone.localdate()
    by_kind: dict[str, list[tuple[float, int]]] = defaultdict(list)
    facts = SearchDocument.objects.filter(pk__in=list(relevance)).values_list("id", "kind", "date")
    for doc_id, kind, date in facts:
        by_kind[kind].append((relevance[doc_id] * recency(date, today), doc_id))
    shown: dict[str, list[tuple[float, int]]] = {}
    for kind, scored in by_kind.items():
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        shown[kind] = scored[:per_kind]
    documents = SearchDocument.objects.defer("terms", "title_terms").in_bulk(
        [doc_id for scored in shown.values() for _score, doc_id in scored]
    )
    keys = query.all_keys
    labels = dict(SearchDocument.Kind.choices)
    for kind, scored in shown.items():
        hits = [
            Hit(
                document=documents[doc_id],
                score=score,
                title=highlight(documents[doc_id].title, keys, window=False),
                snippet=highlight(documents[doc_id].text, keys, window=True)
                if documents[doc_id].text
                else mark_safe(""),
            )
            for score, doc_id in scored
            if doc_id in documents
        ]
        results.groups.append(
            Group(kind=kind, label=str(labels[kind]), hits=hits, count=len(by_kind[kind]))
        )
    results.groups.sort(key=lambda group: -group.hits[0].score if group.hits else 0)
    return results
