"""The start-up check that refuses to run a production deployment with trial settings.

In production mode Tailor will not start while demo accounts, demo passwords, a
default database password, a plain-http public address, or an unsafe single sign-on
setting remain. Every problem is listed at once, so an operator fixes them in one go.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from sqlalchemy.engine.url import make_url

from assistant.config import Settings
from assistant.errors import ConfigurationError, TailorError
from assistant.oidc import load_oidc_config
from assistant.storage import Database, accounts

# Passwords that ship in examples and tutorials; a production database must not use one.
DEFAULT_DATABASE_PASSWORDS = {"", "postgres", "password", "changeme", "secret", "admin", "tailor", "example"}


def production_problems(settings: Settings, database: Database, secrets_file: Path) -> list[str]:
    if settings.environment != "production":
        return []
    from assistant.demo import DEMO_USERS, credentials_file

    problems = []
    if settings.demo_password:
        problems.append("TAILOR_DEMO_PASSWORD is set; unset it")
    if credentials_file(settings).exists():
        problems.append(f"{credentials_file(settings)} (demo passwords) exists; delete it")
    with database.session() as session:
        present = [name for name, _role, _patient in DEMO_USERS if accounts.get_user_by_username(session, name)]
    if present:
        problems.append(f"demo accounts exist ({', '.join(present)}); use a fresh database or remove them")
    problems += _url_problems(settings)
    try:
        load_oidc_config(secrets_file, production=True)
    except TailorError as error:
        problems.append(str(error))
    return problems


def _url_problems(settings: Settings) -> list[str]:
    problems = []
    if urlparse(settings.public_base_url).scheme != "https":
        problems.append("TAILOR_PUBLIC_BASE_URL must be an https:// address (serve Tailor behind TLS)")
    if settings.database_url:
        url = make_url(settings.database_url)
        if url.get_backend_name() != "sqlite" and (url.password or "").lower() in DEFAULT_DATABASE_PASSWORDS \
                and url.host not in (None, "", "localhost", "127.0.0.1", "/var/run/postgresql"):
            problems.append("the database password in TAILOR_DATABASE_URL is empty or a well-known default")
    return problems


def check_production(settings: Settings, database: Database, secrets_file: Path) -> None:
    problems = production_problems(settings, database, secrets_file)
    if problems:
        raise ConfigurationError("refusing to start in production mode: " + "; ".join(problems))
