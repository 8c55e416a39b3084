"""Topics of an answer: from the cited articles' tags and the patient record it used."""

import pytest

from assistant.errors import ConfigurationError
from assistant.topics import OTHER_TOPIC, primary_topic, topics_for, validate_topics

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "tags, genetics_used, results_used, expected",
    [
        ([("genetics", "cancer", "brca", "hereditary-cancer")], False, False, ("cancer-risk", "genetics")),
        ([("genetic-testing", "test-results", "vus")], False, False, ("genetic-results",)),
        ([("pharmacogenomics", "cyp2c19", "medicines")], False, False, ("pharmacogenomics",)),
        ([("pharmacogenomics",)], True, False, ("genetic-results", "pharmacogenomics")),
        ([("lab-results", "kidney", "creatinine")], False, False, ("lab-results",)),
        ([], False, True, ("lab-results",)),
        ([("visits", "questions")], False, False, ()),
        ([], False, False, ()),
    ],
)
def test_topics_come_from_article_tags_and_the_record_used(tags, genetics_used, results_used, expected):
    assert topics_for(tags, genetics_used=genetics_used, results_used=results_used) == expected


@pytest.mark.parametrize("topics, expected", [(("cancer-risk", "genetics"), "cancer-risk"), ((), OTHER_TOPIC)])
def test_the_primary_topic_is_the_first(topics, expected):
    assert primary_topic(topics) == expected


def test_approval_topics_are_validated():
    assert validate_topics([" genetic-results", "cancer-risk", "genetic-results", ""]) == (
        "genetic-results", "cancer-risk")
    with pytest.raises(ConfigurationError, match="unknown approval topic.*genetic-result;.*known topics: genetic-results"):
        validate_topics(["genetic-result"])


@pytest.mark.parametrize("value, expected", [
    ("genetic-results, cancer-risk", ["genetic-results", "cancer-risk"]),
    ("", []),
    ('genetic-results', ["genetic-results"]),
])
def test_approval_topics_come_from_the_environment(monkeypatch, value, expected):
    from assistant.config import Settings

    monkeypatch.setenv("TAILOR_APPROVAL_TOPICS", value)
    assert Settings().approval_topics == expected


def test_the_service_refuses_an_unknown_approval_topic():
    from assistant.service import TailorService

    with pytest.raises(ConfigurationError, match="cancer-risks"):
        TailorService(None, None, approval_topics=("cancer-risks",))
