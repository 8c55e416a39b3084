"""Tailor's one error hierarchy.

Foreign exceptions (Presidio, spaCy, FAISS, SQLAlchemy, YAML) are mapped to these
at the boundary where they occur, so callers (CLI, pages) handle one family and
can show `str(error)` to a user as a single actionable line.
"""

from __future__ import annotations


class TailorError(Exception):
    """Base class: the message is safe to show a user and never contains PHI."""


class ConfigurationError(TailorError):
    """A setting is missing or invalid."""


class DeidentificationError(TailorError):
    """De-identification failed; the message must be refused, never passed on raw."""


class KnowledgeBaseError(TailorError):
    """An article is malformed or the knowledge base cannot be read."""


class SearchIndexError(TailorError):
    """The search index is missing, stale or unreadable."""


class StorageError(TailorError):
    """The database could not complete a unit of work."""


class AuthenticationError(TailorError):
    """Login failed; deliberately vague about which part was wrong."""


class SessionEndedError(AuthenticationError):
    """The login session ended (idle, time limit, logout elsewhere); log in again."""


class AuthorizationError(TailorError):
    """The caller's role or ownership does not allow this action."""


class ConsentRequiredError(AuthorizationError):
    """The patient has not yet accepted the current disclosure."""


class ResultsError(TailorError):
    """A lab or genetic result could not be read, converted or compared."""


class UnitError(ResultsError):
    """A unit is unknown, or cannot be converted to the unit a comparison needs."""


class ResultsImportError(ResultsError):
    """An import was rejected; nothing from it was written."""


class NotFoundError(TailorError):
    """A requested record does not exist."""


class ConflictError(TailorError):
    """Someone else changed the record first (optimistic locking); reload and retry."""


class InputError(TailorError):
    """User input was rejected (too long, empty, malformed)."""


__all__ = [
    "AuthenticationError",
    "AuthorizationError",
    "ConfigurationError",
    "ConflictError",
    "ConsentRequiredError",
    "DeidentificationError",
    "InputError",
    "KnowledgeBaseError",
    "NotFoundError",
    "ResultsError",
    "ResultsImportError",
    "SearchIndexError",
    "SessionEndedError",
    "StorageError",
    "TailorError",
    "UnitError",
]


class PublishBlockedError(TailorError):
    """The publish gate found a regression; a reviewer may override it with a reason."""

    def __init__(self, message: str, report=None) -> None:
        super().__init__(message)
        self.report = report


__all__.append("PublishBlockedError")
