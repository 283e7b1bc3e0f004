"""Audit: every change to a model is recorded by django-simple-history with who and why.

Service functions (see STYLE.md) take ``acting_user`` explicitly and save through
:func:`save_audited`, so a change made outside a request (a management command, a task) is
attributed as well as one made in a view. ``acting_user=None`` means "the system".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models, transaction

if TYPE_CHECKING:
    from kunskapsnav.accounts.models import User


def attribute(obj: models.Model, *, acting_user: User | None, reason: str = "") -> None:
    """Mark the next save of ``obj`` as done by ``acting_user`` for ``reason``."""
    obj._history_user = acting_user  # type: ignore[attr-defined]
    obj._change_reason = reason  # type: ignore[attr-defined]


@transaction.atomic
def save_audited(
    obj: models.Model,
    *,
    acting_user: User | None,
    reason: str = "",
    validate: bool = True,
) -> None:
    """Validate and save ``obj`` in one transaction, recorded as ``acting_user``'s change."""
    if validate:
        obj.full_clean()
    attribute(obj, acting_user=acting_user, reason=reason)
    obj.save()


@transaction.atomic
def delete_audited(obj: models.Model, *, acting_user: User | None, reason: str = "") -> None:
    attribute(obj, acting_user=acting_user, reason=reason)
    obj.delete()


def has_history(model: type[models.Model]) -> bool:
    return hasattr(model, "history") and hasattr(model._meta, "simple_history_manager_attribute")


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: Any
    new: Any


@dataclass(frozen=True)
class HistoryEntry:
    record: Any
    kind: str
    changes: list[FieldChange]


def history_entries(obj: models.Model) -> list[HistoryEntry]:
    """The object's history, newest first, each entry with the fields it changed.

    One query: the records are fetched once and compared pairwise in memory.
    """
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")  # type: ignore[attr-defined]
    )
    entries: list[HistoryEntry] = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes: list[FieldChange] = []
        if previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
                field = obj._meta.get_field(change.field)
                changes.append(
                    FieldChange(
                        field=change.field,
                        label=str(getattr(field, "verbose_name", change.field)),
                        old=change.old,
                        new=change.new,
                    )
                )
        entries.append(HistoryEntry(record=record, kind=record.history_type, changes=changes))
    return entries
