"""Privacy fixtures: the warmed Deidentifier, and a socket blocker for offline checks."""

from __future__ import annotations

import socket

import pytest


@pytest.fixture(scope="session")
def deidentifier(session_deidentifier):
    """One warmed Deidentifier for the whole session.

    It is the root conftest's `session_deidentifier`, so a full test run loads
    the spaCy model (and imports Presidio, torch, transformers) only once.
    """
    return session_deidentifier


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make every socket connect and DNS lookup fail; returns the names of calls attempted."""
    attempts: list[str] = []

    def refuser(name: str):
        def refuse(*args: object, **kwargs: object) -> None:
            attempts.append(name)
            raise OSError("network disabled in tests")

        return refuse

    monkeypatch.setattr(socket.socket, "connect", refuser("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuser("connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuser("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuser("getaddrinfo"))
    return attempts
