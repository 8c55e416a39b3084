"""Numbered placeholders within one conversation (opt-in), and the map's privacy guarantees."""

from __future__ import annotations

import copy
import pickle

import pytest

from assistant.privacy import PseudonymMap


@pytest.mark.unit
def test_same_original_same_number():
    names = PseudonymMap()
    assert names.placeholder("PERSON", "Maria Lopez") == "<PERSON_1>"
    assert names.placeholder("PERSON", "Tom") == "<PERSON_2>"
    assert names.placeholder("PERSON", "maria  lopez") == "<PERSON_1>"
    assert names.placeholder("PERSON", "Maria") == "<PERSON_1>"  # shares a word with Maria Lopez
    assert names.placeholder("PHONE", "555-123-4567") == "<PHONE_1>"
    assert names.placeholder("PHONE", "(555) 123-4567") == "<PHONE_1>"
    assert names.placeholder("DATE", "March 4") == "<DATE_1>"
    assert len(names) == 4


@pytest.mark.unit
def test_never_persisted_or_shown():
    names = PseudonymMap()
    names.placeholder("PERSON", "Maria Lopez")
    assert "Maria" not in repr(names)
    for attempt in (pickle.dumps, copy.copy, copy.deepcopy):
        with pytest.raises(TypeError):
            attempt(names)
    names.clear()
    assert len(names) == 0


@pytest.mark.integration
def test_conversation_numbering(deidentifier):
    names = PseudonymMap()
    first = deidentifier.run("Hi, I'm Maria Lopez, my son Tom has asthma. Call 555-123-4567", names)
    second = deidentifier.run("Tom is better. Maria here again, call (555) 123-4567", names)
    assert first.text == "Hi, I'm <PERSON_1>, my son <PERSON_2> has asthma. Call <PHONE_1>"
    assert second.text == "<PERSON_2> is better. <PERSON_1> here again, call <PHONE_1>"


@pytest.mark.integration
def test_without_a_map_placeholders_stay_plain(deidentifier):
    assert deidentifier.run("Call Jane Doe at 555-123-4567").text == "Call <PERSON> at <PHONE>"
