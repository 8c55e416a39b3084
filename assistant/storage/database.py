"""One engine per database URL and a Session per unit of work.

SQLite runs in WAL mode with a busy timeout so the app and the CLI can share the
file; PostgreSQL URLs are used unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.engine.url import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, SQLModel, create_engine

from assistant.errors import StorageError
from assistant.storage import models  # noqa: F401  (registers the tables)

SQLITE_BUSY_TIMEOUT_MS = 5000


@lru_cache(maxsize=8)
def get_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            from pathlib import Path

            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        # Plain postgresql:// means psycopg 3 here (the driver we install).
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return create_engine(url, pool_pre_ping=True)


def _configure_sqlite(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create_schema(engine: Engine) -> None:
    from assistant.storage.audit import install_append_only_guards

    try:
        SQLModel.metadata.create_all(engine)
        _check_columns(engine)
        install_append_only_guards(engine)
    except SQLAlchemyError as error:
        raise StorageError(f"could not create the database schema: {_describe(error)}") from error


def _check_columns(engine: Engine) -> None:
    """create_all adds missing tables but not missing columns: say so instead of failing later.

    There are no migrations yet, so a database made by an older Tailor must be replaced.
    """
    inspector = inspect(engine)
    missing = []
    for table in SQLModel.metadata.sorted_tables:
        present = {column["name"] for column in inspector.get_columns(table.name)}
        missing += [f"{table.name}.{column.name}" for column in table.columns if column.name not in present]
    if missing:
        raise StorageError(
            f"the database was made by an older Tailor and lacks {', '.join(missing[:5])}"
            f"{' and more' if len(missing) > 5 else ''}; there are no migrations yet, so start from a fresh "
            "database (for the local trial: delete var/tailor.db and run `make run` again)")


class Database:
    """The storage boundary: hands out sessions and maps SQLAlchemy errors to ours."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = get_engine(url)

    def create_schema(self) -> None:
        create_schema(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error."""
        session = Session(self.engine, expire_on_commit=False)
        try:
            yield session
            session.commit()
        except SQLAlchemyError as error:
            session.rollback()
            raise StorageError(f"database error: {_describe(error)}") from error
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()


def _describe(error: SQLAlchemyError) -> str:
    # The first line of the driver's message names the problem without echoing row data.
    original = getattr(error, "orig", None) or error
    return type(original).__name__ + ": " + str(original).splitlines()[0][:200]
