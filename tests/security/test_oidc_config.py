"""Parsing the optional single sign-on settings (Streamlit's [auth] table)."""

import pytest

from assistant.errors import ConfigurationError
from assistant.oidc import load_oidc_config, parse_auth_section

pytestmark = pytest.mark.unit

SECRET = "k3J9vQ2xT8mW4nR7pL1sZ6yB5cD0fG2hJ4kL"
PROVIDER = {"client_id": "tailor", "client_secret": "s", "server_metadata_url":
            "https://login.clinic.example/.well-known/openid-configuration"}


def _auth(**changes):
    auth = {"redirect_uri": "https://tailor.clinic.example/oauth2callback", "cookie_secret": SECRET, **PROVIDER}
    auth.update(changes)
    return {key: value for key, value in auth.items() if value is not None}


def test_a_single_provider():
    config = parse_auth_section(_auth(), production=True)
    [provider] = config.providers
    assert (provider.name, provider.client_id) == (None, "tailor")
    assert config.redirect_uri.endswith("/oauth2callback")


def test_named_providers():
    auth = {"redirect_uri": "https://t.example/oauth2callback", "cookie_secret": SECRET,
            "microsoft": dict(PROVIDER), "okta": dict(PROVIDER, client_id="t2")}
    config = parse_auth_section(auth, production=True)
    assert [(p.name, p.client_id) for p in config.providers] == [("microsoft", "tailor"), ("okta", "t2")]


@pytest.mark.parametrize("changes, message", [
    ({"redirect_uri": None}, "redirect_uri is missing"),
    ({"redirect_uri": "https://t.example/callback"}, "must end with /oauth2callback"),
    ({"redirect_uri": "http://tailor.clinic.example/oauth2callback"}, "must be an https://"),
    ({"cookie_secret": "short"}, "at least 32 characters"),
    ({"cookie_secret": "change-me-change-me-change-me-change-me"}, "random string"),
    ({"client_id": ""}, "client_id is missing or empty"),
    ({"client_secret": None}, "client_secret is missing"),
    ({"server_metadata_url": "http://login.clinic.example/.well-known/openid-configuration"}, "https://"),
    ({"server_metadata_url": "https://login.clinic.example/authorize"}, "openid-configuration"),
    ({"client_id": None, "client_secret": None, "server_metadata_url": None}, "names no identity provider"),
])
def test_unsafe_or_incomplete_settings_are_refused_by_name(changes, message):
    with pytest.raises(ConfigurationError, match=message) as caught:
        parse_auth_section(_auth(**changes), production=True)
    assert SECRET not in str(caught.value)


def test_plain_http_localhost_is_allowed_for_development_only():
    auth = _auth(redirect_uri="http://localhost:8501/oauth2callback")
    assert parse_auth_section(auth, production=False).providers
    with pytest.raises(ConfigurationError):
        parse_auth_section(auth, production=True)


def test_the_secrets_file(tmp_path):
    path = tmp_path / "secrets.toml"
    assert load_oidc_config(path, production=True) is None  # no file: no single sign-on
    path.write_text("[other]\nkey = 1\n")
    assert load_oidc_config(path, production=True) is None
    path.write_text(f'[auth]\nredirect_uri = "https://t.example/oauth2callback"\ncookie_secret = "{SECRET}"\n'
                    '[auth.google]\nclient_id = "c"\nclient_secret = "s"\n'
                    'server_metadata_url = "https://accounts.google.com/.well-known/openid-configuration"\n')
    assert load_oidc_config(path, production=True).providers[0].name == "google"
    path.write_text("[auth\n")
    with pytest.raises(ConfigurationError, match="not valid TOML"):
        load_oidc_config(path, production=True)
