import pytest

from assistant.config import Settings

pytestmark = pytest.mark.unit


def test_database_defaults_to_sqlite_under_the_data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("TAILOR_DATABASE_URL", raising=False)
    settings = Settings(data_dir=tmp_path)
    assert settings.resolved_database_url == f"sqlite:///{tmp_path / 'tailor.db'}"
    assert settings.resolved_index_dir == tmp_path / "index"


def test_postgres_url_from_the_environment_is_used_unchanged(monkeypatch):
    url = "postgresql://postgres@127.0.0.1:5432/test"
    monkeypatch.setenv("TAILOR_DATABASE_URL", url)
    assert Settings().resolved_database_url == url


@pytest.mark.parametrize(
    "name, value",
    [("TAILOR_RETRIEVAL_TOP_K", "0"), ("TAILOR_MIN_ANSWER_SIMILARITY", "1.5"), ("TAILOR_ENVIRONMENT", "staging")],
)
def test_invalid_settings_are_rejected(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError):
        Settings()


def test_offline_switches_are_set():
    import os

    from assistant.config import apply_offline_environment

    apply_offline_environment()
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert os.environ["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] == "false"


def test_streamlit_config_turns_off_usage_stats_and_keeps_xsrf_protection():
    import tomllib

    from tests.conftest import REPO_ROOT

    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["headless"] is True
