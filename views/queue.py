"""What the staff queues (approvals, escalations) share: loading a list and acting on one item."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from assistant.errors import TailorError


def load_queue(fetch: Callable[..., list], *args: Any, empty: str) -> list | None:
    """The queue's items, or None after saying why there is nothing to show (an error or an empty queue)."""
    try:
        items = fetch(*args)
    except TailorError as error:
        st.error(str(error))
        return None
    if not items:
        st.info(empty)
        return None
    return items


def act(action: Callable[..., Any], *args: Any) -> None:
    """Run a staff action; show a refusal (someone else acted first, a missing citation) or reload the page."""
    try:
        action(*args)
    except TailorError as error:
        st.error(str(error))
    else:
        st.rerun()
