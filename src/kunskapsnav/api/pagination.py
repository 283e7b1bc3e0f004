"""Every list of the API is paged the same way: ``limit`` (1–500, 100 unless told) and
``offset`` (from 0), answered as ``{"items": [...], "count": n}``.

``offset`` is bounded so that an absurd one is a 422 rather than a number the database cannot
hold.
"""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

#: The most rows one page holds; a larger ``limit`` is served as this many.
MAX_PAGE = 500
#: The default page.
PAGE = 100
#: The largest ``offset`` accepted (far beyond any list, well within every database's integers).
MAX_OFFSET = 2**31 - 1


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(
            PAGE,
            ge=1,
            le=MAX_OFFSET,
            description=f"Hur många rader sidan ska ha (högst {MAX_PAGE}).",
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Hur många rader som hoppas över.")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_limit=MAX_PAGE, **kwargs)
