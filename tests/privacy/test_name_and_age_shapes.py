"""Span tables for lower-case names next to a name or a relation, greeting/vocative names and ages over 89 said
about a person (the held-out batch in tests/data/deid_eval_build.py), and the same shapes that must NOT change."""

from __future__ import annotations

import pytest

from assistant.privacy.recognizers import AgeOver89Recognizer, CuedPersonRecognizer
from assistant.privacy.vocabulary import is_english_word


def _spans(recognizer_class, text):
    results = sorted((r for r in recognizer_class().analyze(text, entities=[]) if r.score >= 0.45), key=lambda r: r.start)
    found = []
    for r in results:
        if text[r.start : r.end] not in found:
            found.append(text[r.start : r.end])
    return found


@pytest.mark.unit
@pytest.mark.parametrize(
    ("recognizer_class", "text", "expected"),
    [
        # relation + a lower-case word that is not English, or a known/everyday-word name not used as a verb
        (CuedPersonRecognizer, "my mom gladys has been dizzy", ["gladys"]),
        (CuedPersonRecognizer, "my friend dashiell drove me", ["dashiell"]),
        (CuedPersonRecognizer, "my daughter hope starts chemo", ["hope"]),
        (CuedPersonRecognizer, "my son has a fever, my mom keeps falling, my wife vomited", []),
        (CuedPersonRecognizer, "my mom rose from her chair", []),
        (CuedPersonRecognizer, "my sister may come with me", []),
        # introductions
        (CuedPersonRecognizer, "name: ursula kettering", ["ursula"]),
        (CuedPersonRecognizer, "its dolores finch again", ["dolores"]),
        (CuedPersonRecognizer, "i'm nauseous and dizzy, this is metformin right?", []),
        # greetings and vocatives
        (CuedPersonRecognizer, "Thanks, Will. See you Friday.", ["Will"]),
        (CuedPersonRecognizer, "Hi Grace, quick question", ["Grace"]),
        (CuedPersonRecognizer, "ok Faith, I'll bring the forms", ["Faith"]),
        (CuedPersonRecognizer, "Hi Drew - is it ready?", ["Drew"]),
        (CuedPersonRecognizer, "Will, can you call me back?", ["Will"]),
        (CuedPersonRecognizer, "thanks, will do", []),
        (CuedPersonRecognizer, "Thanks, will try that. Hi, hope you are well", []),
        (CuedPersonRecognizer, "Hi there, is it open? Hi team, will the lab be open?", []),
        (CuedPersonRecognizer, "Thanks, Will do. Hope, you ok?", []),
        (CuedPersonRecognizer, "Thanks, Gleason", []),  # protected vocabulary, not a name
        # ages over 89 said about a person
        (AgeOver89Recognizer, "my father-in-law is 92", ["92"]),
        (AgeOver89Recognizer, "my grandfather will be 96 in june", ["96"]),
        (AgeOver89Recognizer, "nana's 97 and gran is 98", ["97", "98"]),
        (AgeOver89Recognizer, "my grandmother who is 95 needs a walker", ["95"]),
        (AgeOver89Recognizer, "dad, 94, has afib; my mother (93) lives alone", ["94", "93"]),
        (AgeOver89Recognizer, "my great aunt is 102", ["102"]),
        (AgeOver89Recognizer, "my mom is 61, my grandma is 89, he is 95 kg, my dad's 90 day supply", []),
        (AgeOver89Recognizer, "her O2 is 91% on room air, dad is 90 percent better, in 1990", []),
    ],
)
def test_spans(recognizer_class, text, expected):
    assert _spans(recognizer_class, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "hey its rebecca thornton, my mom gladys is 91 and lives at 44 elm st in springfield",
            "hey its <PERSON>, my mom <PERSON> is <AGE> and lives at <ADDRESS> in <LOCATION>",
        ),
        ("Thanks, Will. - Hope", "Thanks, <PERSON>. - <PERSON>"),
        ("This is Daniel fairbanks, my INR 3.4 came back", "This is <PERSON>, my INR 3.4 came back"),
        ("Harold is 90 and takes Eliquis", "<PERSON> is <AGE> and takes Eliquis"),
        ("my grandma edna is 94", "my grandma <PERSON> is <AGE>"),
        ("my son Tom vomited twice", "my son <PERSON> vomited twice"),  # the span stops at an English word
        ("Maria Lopez said her INR is 3.4", "<PERSON> said her INR is 3.4"),
        ("Ana on warfarin", "<PERSON> on warfarin"),
    ],
)
def test_exact_output(deidentifier, text, expected):
    assert deidentifier.run(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "my mom is 61", "thanks, will do", "I hope my LDL is ok", "my daughter is healthy", "grace period on my insurance",
        "I will ask", "mark my words", "bill is due", "in 1990", "Sorry, will the results be ready?",
        "my 72 year old mother has afib", "my husband is 95 kg", "the nurse drew blood twice", "ok, mark it as urgent",
    ],
)  # fmt: skip
def test_must_not_change(deidentifier, text):
    assert deidentifier.run(text).text == text


@pytest.mark.unit
def test_english_words_with_inflections():
    assert all(is_english_word(w) for w in ["keeps", "stopped", "worrying", "barely", "vomited", "hasn't", "Said"])
    assert not any(is_english_word(w) for w in ["thornton", "gladys", "whitfield", "dashiell", "oyelaran"])
