"""Page fixtures: the real app.py over a test service, driven with Streamlit's AppTest."""

import pytest

from tests.views.pages import app_starter


@pytest.fixture
def app_factory(service, monkeypatch):
    yield from app_starter(service, monkeypatch)


@pytest.fixture
def plain_app_factory(plain_service, monkeypatch):
    """Pages over a service where nobody has accepted the disclosure yet."""
    yield from app_starter(plain_service, monkeypatch)
