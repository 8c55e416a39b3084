"""Persistence: tables in `models`, the engine in `database`, one module per aggregate."""

from assistant.storage.database import Database

__all__ = ["Database"]
