"""Actions: tasks that a named person, group or body is to carry out after the meeting.

Reads, in each paragraph of an item (and after the last item, e.g. ``Tillagt efter mötet:``):

- a responsibility marker after a dash at the end of a point: ``… – Tanja ansvarig``,
  ``… – LPO ansvarig för remisshantering``, ``… – Lotta och Tanja och Per ansvarar``,
  ``… – ansvariga Ulf och Tanja``; the task is the sentence before the dash. Once a document
  uses that convention in an item, a point that ends in ``– <party>`` alone (``… planeras att
  starta upp – LPO Psykisk Hälsa``) is read the same way;
- ``ansvarig: X`` / ``(ansvarig X)`` inside a point;
- a named subject with a verb of future work in the present or future tense: ``Tanja tar
  tillbaka frågan``, ``X tar fram``, ``återkommer``, ``skickar ut``, ``bjuder in``, ``kallar
  till``/``sammankallar``, ``samråder``, ``kontaktar``, ``meddelar``, ``återkopplar``, ``utreder``,
  ``bereder``, ``undersöker``, ``ser över``, ``sammanställer``, ``följer upp``, ``ska ta fram``,
  ``X ansvarar för att …``; in a decision clause also ``att kommunerna utser …`` and ``att Region
  Dalarna får i uppdrag att …`` (then it is both a decision and an action);
- ``Åtgärd:`` / ``Att göra:`` lines and the points listed under an ``Att göra`` heading, written
  ``Namn: uppgift``, ``uppgift – Namn``, ``uppgift (Namn)`` or with a verb as above;
- the rows of an action table (``Åtgärd | Ansvarig | Klart``; a Word table arrives as
  ``cell, cell`` lines).

Not actions: past events (``har skickat``), plans without a named party (``NAG Trauma ska
startas upp``), proposals (``Styrgruppen föreslår att Region Dalarna får i uppdrag …``) and
states (``LPO är ansvariga för rutinen``). The party must be named: a person, an acronym group,
an organisation or a body in the definite form, never ``man``/``vi``/``det``.

``due`` is the date after ``senast``/``före``/``till``/``klart`` (ISO, the year taken from the
meeting when not written), a period as written (``senast i mars``), the next meeting's date for
tasks ``till nästa möte`` and for convening the next meeting, else null.
"""

from __future__ import annotations

import difflib
import re

from .clean import squash
from .dates import MONTHS, find_dates, find_period, roll_forward
from .layout import is_bullet, sentences, strip_bullet
from .model import Action
from .names import is_party, split_responsible

_PRESENT = (
    r"tar\s+tillbaka|tar\s+fram|tar\s+med\s+sig|tar\s+kontakt|tar\s+upp|återkommer|"
    r"skickar\s+ut|skickar|bjuder\s+in|kallar\s+till|kallar\s+in|sammankallar|samråder|"
    r"kontaktar|meddelar|återkopplar|utreder|bereder|undersöker|ser\s+över|sammanställer|"
    r"följer\s+upp|bokar|ansvarar\s+för\s+att|ansvarar\s+för|ansvarar|"
    r"(?:får|ges)\s+i\s+uppdrag\s+att|uppdras\s+att"
)
_INFINITIVE = (
    r"ta\s+tillbaka|ta\s+fram|ta\s+kontakt|ta\s+upp|återkomma|skicka\s+ut|skicka|bjuda\s+in|"
    r"kalla\s+till|sammankalla|samråda|kontakta|meddela|återkoppla|utreda|bereda|undersöka|"
    r"se\s+över|sammanställa|följa\s+upp|boka"
)
_VERB = re.compile(
    rf"\s(?P<verb>(?:ska|skall|kommer\s+att)\s+(?:{_INFINITIVE})|{_PRESENT})\b(?P<rest>.*)$",
    re.IGNORECASE,
)
# In a decision clause a party may also be appointed to do something ("att kommunerna utser").
_DECISION_VERB = re.compile(
    rf"\s(?P<verb>(?:ska|skall|kommer\s+att)\s+(?:{_INFINITIVE}|utse)|{_PRESENT}|utser)\b"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
# A decision that gives a party an assignment: "uppdrar åt förvaltningen att …",
# "att ge Tomas Lindgren i uppdrag att …".
_ASSIGN = re.compile(
    r"\b(?:uppdrar|uppdrog|uppdra)\s+(?:åt|till)\s+(?P<who>[^,.;]+?)\s+att\s+(?P<task>.+)$"
    r"|\b(?:ger|gav|ge)\s+(?P<who2>[^,.;]+?)\s+(?:i\s+)?uppdrag(?:et)?\s+att\s+(?P<task2>.+)$",
    re.IGNORECASE,
)
_STRIP_FROM_TEXT = re.compile(
    r"^(?:ansvarar\s+för\s+att|ansvarar\s+för|ansvarar|(?:får|ges)\s+i\s+uppdrag\s+att|"
    r"uppdras\s+att)\s*",
    re.IGNORECASE,
)
_PROPOSAL_VERBS = {
    "föreslår",
    "föreslog",
    "föreslås",
    "förordar",
    "förordas",
    "yrkar",
    "rekommenderar",
    "önskar",
    "vill",
    "bör",
    "anser",
    "menar",
    "om",
    "huruvida",
}
_CLAUSE_WORDS = {"och", "att", "men", "samt", "sedan", "därefter", "då"}
_MARKER_END = re.compile(
    r"\b(?:ansvarig|ansvariga|ansvarar|ansvar)\b(?:\s+(?:för|att)\b[^.–—]*)?[.!]?\s*$",
    re.IGNORECASE,
)
_MARKER_LEAD = re.compile(
    r"(?:\s[-–—]\s*|[–—]\s+|(?<=[)\]])-\s*)(?:ansvarig|ansvariga|ansvar)\s*:?\s+"
    r"(?P<who>[^–—:]+?)[.!]?\s*$",
    re.IGNORECASE,
)
_DASH = re.compile(r"\s[-–—]\s*|[–—]\s+|(?<=[)\]])-\s*")
_LABEL_WHO = re.compile(
    r"[(\[]?\b(?:ansvarig|ansvariga|ansvar)\s*:\s*(?P<who>[^)\].;]+)[)\]]?\.?", re.IGNORECASE
)
TODO_HEADING = re.compile(
    r"^(?:att\s+göra|åtgärder|åtgärdslista|actions?|todo|to\s+do|uppföljning|beslutade\s+"
    r"åtgärder|uppdrag)\s*:?$",
    re.IGNORECASE,
)
_TODO_INLINE = re.compile(
    r"^(?:åtgärd|att\s+göra|todo|to\s+do|uppdrag)\s*:\s*(?P<rest>.+)$", re.IGNORECASE
)
_WHO_COLON = re.compile(r"^(?P<who>[^:]{1,60}?)\s*:\s*(?P<task>.+)$")
_WHO_BRACKET = re.compile(r"^(?P<task>.+?)\s*\((?P<who>[^()]{1,60})\)\.?$")
_DUE = re.compile(
    r"\b(?:senast|före|innan|till\s+och\s+med|t\.o\.m\.|klart|klar|deadline|till)\b\s*:?\s*",
    re.IGNORECASE,
)
_NEXT_MEETING_DUE = re.compile(
    r"\b(?:till|inför|före|på)\s+(?:nästa|kommande)\s+(?:möte|sammanträde|träff)", re.IGNORECASE
)
_CONVENE = re.compile(r"\b(?:sammankalla|kalla\w*\s+(?:till|in)|bjud\w*\s+in)\b", re.IGNORECASE)


class ActionReader:
    """Reads actions item by item; holds the document context that ``due`` dates need."""

    def __init__(self, meeting_date: str | None, next_meeting_date: str | None) -> None:
        self.meeting_date = meeting_date
        self.year = int(meeting_date[:4]) if meeting_date else None
        self.next_meeting_date = next_meeting_date

    def read(
        self,
        paras: list[str],
        item: str | None,
        decisions: list[tuple[str, str | None]],
        todo_list: bool = False,
    ) -> list[Action]:
        """The actions in an item's paragraphs and in its decisions (``(text, body)`` pairs);
        ``todo_list`` when the item is an ``Att göra`` list (its heading says so)."""
        found: list[Action] = []
        dash_convention = False
        whole_item = todo_list
        for raw in paras:
            para = squash(raw)
            if not para:
                continue
            plain = strip_bullet(para)
            if TODO_HEADING.match(plain):
                todo_list = True
                continue
            if todo_list and not whole_item and not is_bullet(para):
                todo_list = False
            inline = _TODO_INLINE.match(plain)
            if todo_list or inline:
                action = self._todo(inline.group("rest") if inline else plain, item)
                if action:
                    found.append(action)
                continue
            marked = self._dash_marker(plain, item)
            if marked:
                dash_convention = True
                found.append(marked)
                continue
            labelled = self._label(plain, item)
            if labelled:
                found.append(labelled)
                continue
            verbs = self._verbs(plain, item)
            if verbs:
                found.extend(verbs)
                continue
            if dash_convention:
                bare = self._bare_dash(plain, item)
                if bare:
                    found.append(bare)
        for text, body in decisions:
            for action in self._assigned(text, item) or self._verbs(text, item, in_decision=True):
                if body and {r.lower() for r in action.responsible} == {body.lower()}:
                    continue  # the body that decides does not assign a task to itself
                found = [a for a in found if not _same(a, action)]
                found.append(action)
        return _dedupe(found)

    def tables(self, lines: list[str], item: str | None) -> tuple[list[Action], set[int]]:
        """Actions from action tables among printed lines, and the lines the tables used."""
        found: list[Action] = []
        used: set[int] = set()
        columns: dict[str, int] | None = None
        for i, line in enumerate(lines):
            if not line.strip():
                continue
            header = _table_columns(line)
            if header:
                columns = header
                used.add(i)
                continue
            if columns is None:
                continue
            if re.fullmatch(r"[\s|:\-+=]+", line):
                used.add(i)
                continue
            row = self._table_row(line, columns, item)
            if row is None:
                columns = None
                continue
            found.append(row)
            used.add(i)
        return found, used

    def _table_row(self, line: str, columns: dict[str, int], item: str | None) -> Action | None:
        cells = _cells(line)
        width = max(columns.values()) + 1
        if len(cells) > width and columns["task"] == 0:
            extra = len(cells) - width
            cells = [", ".join(cells[: extra + 1]), *cells[extra + 1 :]]
        if len(cells) != width:
            return None
        who = split_responsible(cells[columns["who"]])
        if not who or not all(is_party(w, lowercase_ok=True) for w in who):
            return None
        action = self._make(cells[columns["task"]], who, item, line, whole=True)
        if "due" in columns:
            when = cells[columns["due"]]
            dates = find_dates(when, self.year)
            if dates:
                action.due = roll_forward(dates[0].iso, self.meeting_date, dates[0].has_year)
            elif when.lower().rstrip(".") in MONTHS:
                action.due = when.lower().rstrip(".")
            else:
                action.due = find_period(when) or action.due
        return action

    def _assigned(self, text: str, item: str | None) -> list[Action]:
        m = _ASSIGN.search(text)
        if not m:
            return []
        who_text = m.group("who") or m.group("who2")
        who = split_responsible(who_text)
        if not who or not all(is_party(w, lowercase_ok=True) for w in who):
            return []
        task = m.group("task") or m.group("task2")
        return [self._make(task, who, item, text, whole=True)]

    # -- the forms -----------------------------------------------------------------------

    def _dash_marker(self, para: str, item: str | None) -> Action | None:
        m = _MARKER_LEAD.search(para)
        if m:
            who = split_responsible(m.group("who"))
            if who and all(is_party(w) for w in who):
                return self._make(para[: m.start()], who, item, para)
        m = _MARKER_END.search(para)
        if not m:
            return None
        head = para[: m.start()].rstrip()
        for dash in reversed(list(_DASH.finditer(head))):
            who = split_responsible(head[dash.end() :])
            if who and all(is_party(w) for w in who):
                return self._make(head[: dash.start()], who, item, para)
        return None

    def _bare_dash(self, para: str, item: str | None) -> Action | None:
        dashes = list(_DASH.finditer(para))
        if not dashes:
            return None
        dash = dashes[-1]
        who = split_responsible(para[dash.end() :])
        task = para[: dash.start()]
        if len(task.split()) < 3 or not who or not all(is_party(w) for w in who):
            return None
        if not all(w[:1].isupper() for w in who):
            return None
        return self._make(task, who, item, para)

    def _label(self, para: str, item: str | None) -> Action | None:
        m = _LABEL_WHO.search(para)
        if not m:
            return None
        who = split_responsible(m.group("who"))
        if not who or not all(is_party(w, lowercase_ok=True) for w in who):
            return None
        task = (para[: m.start()] + para[m.end() :]).strip(" .,;–-")
        verbs = self._verbs(task, item)
        if verbs:
            return verbs[0]
        return self._make(task, who, item, para) if task else None

    def _todo(self, entry: str, item: str | None) -> Action | None:
        entry = squash(strip_bullet(entry))
        labelled = self._label(entry, item) or self._dash_marker(entry, item)
        if labelled:
            labelled.due = labelled.due or self._due(entry)
            return labelled
        m = _WHO_COLON.match(entry)
        if m:
            who = split_responsible(m.group("who"))
            if who and all(is_party(w, lowercase_ok=True) for w in who):
                return self._make(m.group("task"), who, item, entry, whole=True)
        verbs = self._verbs(entry, item)
        if verbs:
            action = verbs[0]
            action.due = action.due or self._due(entry)
            return action
        m = _WHO_BRACKET.match(entry)
        if m:
            who = split_responsible(m.group("who"))
            if who and all(is_party(w, lowercase_ok=True) for w in who):
                return self._make(m.group("task"), who, item, entry, whole=True)
        return self._bare_dash(entry, item)

    def _verbs(self, para: str, item: str | None, in_decision: bool = False) -> list[Action]:
        out: list[Action] = []
        pattern = _DECISION_VERB if in_decision else _VERB
        for sentence in sentences(para):
            padded = " " + sentence
            for m in pattern.finditer(padded):
                who = _party_before(padded[: m.start()], in_decision)
                if not who:
                    continue
                rest = m.group("rest")
                if re.match(r"^\s*(?:inte|ej|aldrig)\b", rest):
                    continue
                verb = " ".join(m.group("verb").split())
                task = _STRIP_FROM_TEXT.sub("", verb + rest).strip()
                if not task:
                    continue
                out.append(self._make(task, who, item, sentence, whole=True))
                break
        return out

    # -- building ------------------------------------------------------------------------

    def _make(
        self, task: str, who: list[str], item: str | None, context: str, whole: bool = False
    ) -> Action:
        task = squash(task).strip(" ,;–—-")
        if not whole:
            parts = sentences(task)
            task = parts[-1] if parts else task
        task = squash(task).strip(" ,;–—-")
        return Action(item=item, text=task, responsible=who, due=self._due(context))

    def _due(self, text: str) -> str | None:
        for m in _DUE.finditer(text):
            when = text[m.end() : m.end() + 40]
            dates = find_dates(when, self.year)
            if dates and dates[0].start <= 12:
                return roll_forward(dates[0].iso, self.meeting_date, dates[0].has_year)
            period = find_period(when)
            if period and re.match(rf"^(?:.{{0,25}}\s)?(?:i\s+)?{re.escape(period)}", when.lower()):
                return period
        tail = re.search(r"\(([^()]{4,30})\)\.?$", text)
        if tail:
            dates = find_dates(tail.group(1), self.year)
            if dates:
                return roll_forward(dates[0].iso, self.meeting_date, dates[0].has_year)
        if _NEXT_MEETING_DUE.search(text) or (_CONVENE.search(text) and "möte" in text.lower()):
            return self.next_meeting_date
        return None


_COLUMN_WORDS = {
    "task": {"åtgärd", "åtgärder", "aktivitet", "uppgift", "vad", "att göra", "uppdrag"},
    "who": {"ansvarig", "ansvariga", "ansvar", "vem"},
    "due": {"klart", "klart till", "klar", "datum", "när", "deadline", "senast", "tidplan"},
}


def _cells(line: str) -> list[str]:
    text = line.strip().strip("|")
    if "|" in text:
        parts = text.split("|")
    elif "\t" in text:
        parts = text.split("\t")
    else:
        parts = text.split(", ")
    return [squash(p) for p in parts]


def _table_columns(line: str) -> dict[str, int] | None:
    """The header row of an action table (``Åtgärd | Ansvarig | Klart``), as column indexes."""
    found: dict[str, int] = {}
    for n, cell in enumerate(_cells(line)):
        key = cell.lower().strip(" :*")
        for role, words in _COLUMN_WORDS.items():
            if key in words and role not in found:
                found[role] = n
    return found if "task" in found and "who" in found else None


def _party_before(text: str, in_decision: bool) -> list[str]:
    """The responsible party written right before a verb, at the start of a clause."""
    words = text.split()
    run: list[str] = []
    while words:
        word = words[-1]
        bare = word.strip("()")
        if re.search(r"[,.;:!?]$", word):
            break
        if (
            bare[:1].isupper()
            or bare in {"och", "/", "&"}
            or (run and bare.lower() in {"län", "kommun", "för", "i"})
        ):
            run.insert(0, words.pop())
            continue
        break
    while run and run[0].lower() in {"och", "/", "&", "för", "i"}:
        run.pop(0)
    lowercase = False
    if not run and in_decision and len(words) >= 2 and words[-2].lower() == "att":
        run = [words.pop()]
        lowercase = True
    if not run:
        return []
    if words:
        before = words[-1]
        if before.lower() == "att":
            if len(words) >= 2 and words[-2].lower().strip(",") in _PROPOSAL_VERBS:
                return []
        elif not (re.search(r"[,:;]$", before) or before in {"–", "—", "-"}) and (
            before.lower() not in _CLAUSE_WORDS
        ):
            return []
    who = split_responsible(" ".join(run))
    if not who or not all(is_party(w, lowercase_ok=lowercase or in_decision) for w in who):
        return []
    return who


def _same(a: Action, b: Action) -> bool:
    """The same task read twice (a decision clause and the paragraph that holds it)."""
    if a.item != b.item or {r.lower() for r in a.responsible} != {r.lower() for r in b.responsible}:
        return False
    x, y = a.text.lower().rstrip("."), b.text.lower().rstrip(".")
    return x in y or y in x or difflib.SequenceMatcher(None, x, y).ratio() >= 0.95


def _dedupe(actions: list[Action]) -> list[Action]:
    out: list[Action] = []
    for action in actions:
        if not any(_same(action, kept) for kept in out):
            out.append(action)
    return out
