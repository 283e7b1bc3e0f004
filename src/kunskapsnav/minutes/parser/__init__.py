"""The minutes parser: plain text of protokoll or minnesanteckningar in, structured minutes out.

Pure Python with no Django import, so it can run anywhere (a worker, a test, the benchmark)::

    from kunskapsnav.minutes.parser import parse, to_json

    minutes = parse(text)
    data = to_json(minutes)  # the object of minutes.schema.json

The reading rules follow the annotation guide for minutes; each module's docstring says what it
reads and why.
"""

from .clean import clean
from .model import (
    Action,
    Attendee,
    Decision,
    Item,
    Minutes,
    NextMeeting,
    Presenter,
    to_json,
)
from .parse import parse

__all__ = [
    "Action",
    "Attendee",
    "Decision",
    "Item",
    "Minutes",
    "NextMeeting",
    "Presenter",
    "clean",
    "parse",
    "to_json",
]
