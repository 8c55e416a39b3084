"""CSV cells that a spreadsheet shows as text, never runs as a formula (OWASP CSV injection)."""

from __future__ import annotations

from typing import Any

# A cell starting with one of these is read as a formula (or a field break) by spreadsheet programs.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
