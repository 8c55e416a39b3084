"""Production mode refuses to start with trial settings or demo accounts."""

import pytest

from assistant.config import Settings
from assistant.errors import ConfigurationError
from assistant.production import check_production, production_problems

pytestmark = pytest.mark.integration


def _settings(tmp_path, **overrides):
    values = {"environment": "production", "data_dir": tmp_path, "public_base_url": "https://tailor.clinic.example",
              "demo_password": None, "database_url": ""}
    values.update(overrides)
    return Settings(**values)


def test_a_clean_production_setup_starts(tmp_path, sqlite_database):
    check_production(_settings(tmp_path), sqlite_database, tmp_path / "no-secrets.toml")


def test_every_problem_is_listed_at_once(tmp_path, sqlite_database, settings):
    from assistant.demo import seed_demo

    seed_demo(settings.model_copy(update={"data_dir": tmp_path, "demo_password": None}), sqlite_database)  # a trial
    (tmp_path / "secrets.toml").write_text('[auth]\nredirect_uri = "https://t.example/oauth2callback"\n'
                                           'cookie_secret = "xxx"\n')
    production = _settings(tmp_path, demo_password="demo-password-for-tests", public_base_url="http://tailor.local",
                           database_url="postgresql://tailor:postgres@db.clinic.example/tailor")
    problems = production_problems(production, sqlite_database, tmp_path / "secrets.toml")
    joined = " | ".join(problems)
    for expected in ("TAILOR_DEMO_PASSWORD is set", "demo-credentials.txt", "demo accounts exist",
                     "https://", "database password", "cookie_secret"):
        assert expected in joined
    with pytest.raises(ConfigurationError, match="^refusing to start in production mode"):
        check_production(production, sqlite_database, tmp_path / "secrets.toml")


def test_development_mode_is_not_checked(tmp_path, sqlite_database):
    assert production_problems(_settings(tmp_path, environment="development", public_base_url="http://x"),
                               sqlite_database, tmp_path / "s.toml") == []


def test_the_app_will_not_build_in_production_with_demo_accounts(tmp_path, settings, monkeypatch):
    from assistant.bootstrap import build_database, build_service
    from assistant.demo import seed_demo

    trial = settings.model_copy(update={"data_dir": tmp_path, "database_url": ""})
    seed_demo(trial, build_database(trial))
    production = trial.model_copy(update={"environment": "production", "demo_password": None,
                                          "public_base_url": "https://tailor.clinic.example"})
    with pytest.raises(ConfigurationError, match="demo accounts exist"):
        build_service(production)


def test_no_secrets_are_committed():
    """Secrets files are ignored by git, and none is tracked."""
    import subprocess

    from tests.conftest import REPO_ROOT

    tracked = subprocess.run(["git", "ls-files"], cwd=REPO_ROOT, capture_output=True, text=True).stdout.split()
    assert not [name for name in tracked if name.endswith(("secrets.toml", ".env", ".pem", ".key"))]
    ignored = (REPO_ROOT / ".gitignore").read_text()
    assert ".streamlit/secrets.toml" in ignored and ".env" in ignored
