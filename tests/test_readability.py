import pytest

from assistant.readability import flesch_kincaid_grade, syllable_count

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "word, syllables",
    [("test", 1), ("doctor", 2), ("medicine", 3), ("warfarin", 3), ("capecitabine", 5), ("clopidogrel", 4), ("table", 2)],
)
def test_syllables_including_drug_names_missing_from_the_dictionary(word, syllables):
    assert syllable_count(word) == syllables


def test_plain_text_reads_below_grade_eight_and_dense_text_above():
    plain = "Your doctor took some blood. The test shows how much sugar is in it. A high number can mean diabetes."
    dense = (
        "Pharmacogenomic characterization of cytochrome P450 polymorphisms facilitates individualized "
        "pharmacotherapeutic optimization, particularly regarding anticoagulation and antiplatelet medications."
    )
    assert flesch_kincaid_grade(plain) <= 8
    assert flesch_kincaid_grade(dense) > 12


def test_grading_downloads_nothing(monkeypatch):
    import socket

    def refuse(*_args, **_kwargs):
        raise AssertionError("readability tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    assert flesch_kincaid_grade("Warfarin is a blood thinner. Capecitabine treats some cancers.") > 0
