"""Live polls: one anonymous question put to a meeting, answered with a short code.

What seed 003 did with Mentimeter: the chair shows a code, the participants open ``/fraga/``
on their phones, type it and answer; the results grow on the screen. Votes are anonymous: a
vote keeps only its value and a keyed hash of the poll and the browser's session, which stops
the same browser from voting twice without saying who voted.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from kunskapsnav.core.audit import save_audited
from kunskapsnav.followup.charts import BarSeries, bar_chart
from kunskapsnav.followup.models import Poll, PollVote
from kunskapsnav.followup.questionnaires import clean_choices
from kunskapsnav.meetings.models import Meeting
from kunskapsnav.registry.models import Body

if TYPE_CHECKING:
    from kunskapsnav.accounts.models import User

#: Codes avoid letters and digits that are easily mistaken for each other (0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
MAX_WORDS_LENGTH = 60


def new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not Poll.objects.filter(code=code).exists():
            return code


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper().replace("-", "")


@transaction.atomic
def start_poll(
    *,
    body: Body,
    question: str,
    kind: str,
    choices: list[str] | str = (),  # type: ignore[assignment]
    meeting: Meeting | None = None,
    acting_user: User | None,
) -> Poll:
    if acting_user is not None and not acting_user.has_perm(
        "followup.change_poll", Poll(body=body)
    ):
        raise PermissionDenied
    if meeting is not None and meeting.body_id != body.pk:
        raise ValidationError(_("Mötet hör inte till organet."))
    poll = Poll(
        body=body,
        meeting=meeting,
        question=question.strip(),
        kind=kind,
        choices=clean_choices(choices) if kind in (Poll.Kind.SINGLE, Poll.Kind.MULTIPLE) else [],
        code=new_code(),
        created_by=acting_user,
    )
    if poll.kind in (Poll.Kind.SINGLE, Poll.Kind.MULTIPLE) and len(poll.choices) < 2:
        raise ValidationError(_("Ange minst två svarsalternativ, ett per rad."))
    save_audited(poll, acting_user=acting_user, reason="Snabbfråga startad")
    return poll


@transaction.atomic
def close_poll(poll: Poll, *, acting_user: User | None) -> None:
    if acting_user is not None and not acting_user.has_perm("followup.change_poll", poll):
        raise PermissionDenied
    if poll.status == Poll.Status.CLOSED:
        return
    poll.status = Poll.Status.CLOSED
    poll.closed_at = timezone.now()
    save_audited(poll, acting_user=acting_user, reason="Snabbfråga stängd")


def voter_key(poll: Poll, session_key: str) -> str:
    message = f"{poll.pk}:{session_key}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def parse_vote(poll: Poll, raw: Any) -> Any:
    if poll.kind == Poll.Kind.MULTIPLE:
        chosen = [raw] if isinstance(raw, str) else list(raw or [])
        chosen = [c for c in chosen if c]
        if not chosen or any(c not in poll.choices for c in chosen):
            raise ValidationError(_("Välj minst ett av svarsalternativen."))
        return [c for c in poll.choices if c in chosen]
    text = str((raw[0] if raw else "") if isinstance(raw, list) else raw or "").strip()
    if poll.kind == Poll.Kind.SINGLE:
        if text not in poll.choices:
            raise ValidationError(_("Välj ett av svarsalternativen."))
        return text
    if poll.kind == Poll.Kind.SCALE:
        if text not in {"1", "2", "3", "4", "5"}:
            raise ValidationError(_("Välj ett värde från 1 till 5."))
        return int(text)
    words = " ".join(text.split())
    if not words:
        raise ValidationError(_("Skriv ett kort svar."))
    if len(words) > MAX_WORDS_LENGTH:
        raise ValidationError(
            _("Svaret får vara högst %(count)s tecken.") % {"count": MAX_WORDS_LENGTH}
        )
    return words


def vote(poll: Poll, raw: Any, *, session_key: str) -> bool:
    """Record an anonymous vote; ``False`` if this browser has already voted."""
    if poll.status != Poll.Status.OPEN:
        raise ValidationError(_("Frågan är stängd."))
    value = parse_vote(poll, raw)
    try:
        with transaction.atomic():
            PollVote.objects.create(poll=poll, voter_key=voter_key(poll, session_key), value=value)
    except IntegrityError:
        return False
    return True


def has_voted(poll: Poll, session_key: str | None) -> bool:
    if not session_key:
        return False
    return poll.votes.filter(voter_key=voter_key(poll, session_key)).exists()


@dataclass
class PollResult:
    poll: Poll
    votes: int
    #: (label, count, share %) per choice, scale value or word, most frequent words first.
    rows: list[tuple[str, int, float]]
    mean: float | None
    chart: SafeString | None


def poll_result(poll: Poll) -> PollResult:
    values = list(poll.votes.values_list("value", flat=True))
    counter: Counter[str] = Counter()
    display: dict[str, str] = {}
    for value in values:
        for item in value if isinstance(value, list) else [value]:
            key = str(item).casefold() if poll.kind == Poll.Kind.WORDS else str(item)
            counter[key] += 1
            display.setdefault(key, str(item))
    if poll.kind == Poll.Kind.WORDS:
        labels = [key for key, _count in counter.most_common(20)]
    else:
        labels = poll.choices if poll.choices else ["1", "2", "3", "4", "5"]
    total = len(values)
    rows = [
        (display.get(label, label), counter[label], 100 * counter[label] / total if total else 0.0)
        for label in labels
    ]
    mean = sum(float(v) for v in values) / total if poll.kind == Poll.Kind.SCALE and total else None
    chart = (
        bar_chart(
            [label for label, _count, _share in rows],
            [BarSeries(_("Antal svar"), [float(count) for _label, count, _share in rows])],
            title=poll.question,
            description=_("Antal svar per alternativ; samma siffror finns i tabellen."),
        )
        if rows
        else None
    )
    return PollResult(poll=poll, votes=total, rows=rows, mean=mean, chart=chart)
