"""Optimistic concurrency for rows that staff move from state to state (held answers, escalations)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col


def update_if_current(
    session: Session, table: type, row_id: int, expected_version: int, from_states: Collection[str], **values: Any
) -> bool:
    """Write `values` and bump the version, only if the row is still at `expected_version` in one of `from_states`.

    The check and the write are one conditional UPDATE, so of two staff acting at once
    exactly one wins (True); the loser (False) should reload and say what happened.
    """
    result = session.exec(
        update(table)
        .where(col(table.id) == row_id)
        .where(col(table.version) == expected_version)
        .where(col(table.state).in_(list(from_states)))
        .values(version=col(table.version) + 1, **values)
    )
    if result.rowcount != 1:
        return False
    session.expire_all()  # the ORM's copies of the row are stale now
    return True
