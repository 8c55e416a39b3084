"""Page fixtures: the real app.py over a test service, driven with Streamlit's AppTest."""

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO_ROOT


@pytest.fixture
def app_factory(service, monkeypatch):
    yield from _app_factory(service, monkeypatch)


@pytest.fixture
def plain_app_factory(plain_service, monkeypatch):
    """Pages over a service where nobody has accepted the disclosure yet."""
    yield from _app_factory(plain_service, monkeypatch)


def _app_factory(service, monkeypatch):
    import assistant.bootstrap

    monkeypatch.setattr(assistant.bootstrap, "build_service", lambda *_a, **_k: service)
    st.cache_resource.clear()

    def start() -> AppTest:
        app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)
        app.run()
        return app

    yield start
    st.cache_resource.clear()
