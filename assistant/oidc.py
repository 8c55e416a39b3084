"""Optional clinic single sign-on through Streamlit's `st.login` (OpenID Connect).

Streamlit reads the `[auth]` table of `.streamlit/secrets.toml` itself; Tailor parses
the same table at start-up to decide whether to offer the button, and to refuse
settings that would be unsafe, with a message naming the key (never its value).
Only accounts an administrator linked (`tailor users link-oidc`) can log in this way.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from assistant.errors import ConfigurationError

_REQUIRED = ("client_id", "client_secret", "server_metadata_url")
_PLACEHOLDERS = ("change", "example", "secret", "xxx", "your")
MIN_COOKIE_SECRET_CHARS = 32


@dataclass(frozen=True)
class OidcProvider:
    name: str | None  # None: the single unnamed provider, st.login()
    client_id: str
    server_metadata_url: str


@dataclass(frozen=True)
class OidcConfig:
    redirect_uri: str
    providers: tuple[OidcProvider, ...]


def load_oidc_config(secrets_file: Path, *, production: bool) -> OidcConfig | None:
    """The parsed `[auth]` table, or None when single sign-on is not configured."""
    if not secrets_file.is_file():
        return None
    try:
        secrets = tomllib.loads(secrets_file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigurationError(f"{secrets_file.name} is not valid TOML: {error}") from error
    auth = secrets.get("auth")
    if auth is None:
        return None
    return parse_auth_section(auth, production=production)


def parse_auth_section(auth: object, *, production: bool) -> OidcConfig:
    if not isinstance(auth, dict):
        raise ConfigurationError("[auth] must be a table")
    redirect_uri = _text(auth, "redirect_uri", "[auth]")
    _check_url(redirect_uri, "[auth] redirect_uri", production)
    if not urlparse(redirect_uri).path.endswith("/oauth2callback"):
        raise ConfigurationError("[auth] redirect_uri must end with /oauth2callback")
    cookie_secret = _text(auth, "cookie_secret", "[auth]")
    if len(cookie_secret) < MIN_COOKIE_SECRET_CHARS or any(p in cookie_secret.lower() for p in _PLACEHOLDERS):
        raise ConfigurationError(
            f"[auth] cookie_secret must be a random string of at least {MIN_COOKIE_SECRET_CHARS} characters "
            "(for example from `python -c 'import secrets; print(secrets.token_urlsafe(32))'`)")
    named = {key: value for key, value in auth.items() if isinstance(value, dict)}
    providers = [_provider(name, table, production) for name, table in named.items()]
    if any(key in auth for key in _REQUIRED):
        providers.insert(0, _provider(None, auth, production))
    if not providers:
        raise ConfigurationError("[auth] names no identity provider (client_id, client_secret, server_metadata_url)")
    return OidcConfig(redirect_uri, tuple(providers))


def _provider(name: str | None, table: dict, production: bool) -> OidcProvider:
    where = f"[auth.{name}]" if name else "[auth]"
    client_id = _text(table, "client_id", where)
    _text(table, "client_secret", where)
    metadata = _text(table, "server_metadata_url", where)
    _check_url(metadata, f"{where} server_metadata_url", production=True)  # always TLS to the provider
    if not metadata.endswith("/.well-known/openid-configuration"):
        raise ConfigurationError(f"{where} server_metadata_url must end with /.well-known/openid-configuration")
    return OidcProvider(name, client_id, metadata)


def _text(table: dict, key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ConfigurationError(f"{where} {key} is missing or empty")
    return value.strip()


def _check_url(url: str, what: str, production: bool) -> None:
    parsed = urlparse(url)
    local = parsed.hostname in ("localhost", "127.0.0.1")
    if parsed.scheme != "https" and not (parsed.scheme == "http" and local and not production):
        raise ConfigurationError(f"{what} must be an https:// address")
    if not parsed.hostname:
        raise ConfigurationError(f"{what} is not a full address")
