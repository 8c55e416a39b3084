"""The fine-tuned answer ranker: what it trains on, what it never trains on, and how answers use it."""

from __future__ import annotations

import json

import numpy as np
import pytest

from assistant.retrieval import answer_ranker
from assistant.retrieval.answer_ranker import AnswerRanker, TrainingExample, TrainingSettings

pytestmark = pytest.mark.unit

SENTENCES = {
    "prediabetes": ["Prediabetes means blood sugar is higher than normal.",
                    "The good news is that prediabetes can often be turned around.",
                    "About 1 in 3 adults has prediabetes."],
}


def _row(split, **extra):
    row = {"id": "x", "kind": "content", "question": "can prediabetes go away",
           "key_facts": ["turned around"], "article_ids": ["prediabetes"]}
    if split:
        row["split"] = split
    return row | extra


def test_only_development_questions_are_trained_on(tmp_path):
    path = tmp_path / "set.jsonl"
    splits = [None, "blind-dev", "blind-2", "blind-5", "blind-7", "blind-test", "blind-3", "blind-4", "blind-6", "blind-8", "blind-9"]
    rows = [_row(split) for split in splits] + [{"id": "r", "kind": "route", "question": "q", "expect": "x"}]
    path.write_text("\n".join(json.dumps(row) for row in rows))
    kept = answer_ranker.development_rows(path)
    assert [row.get("split") for row in kept] == [None, "blind-dev", "blind-2", "blind-5", "blind-7"]


def test_a_missing_or_clean_only_set_is_a_clear_error(tmp_path):
    from assistant.errors import InputError

    with pytest.raises(InputError, match="TAILOR_ANSWER_EVAL_SET"):
        answer_ranker.development_rows(tmp_path / "missing.jsonl")
    clean_only = tmp_path / "clean.jsonl"
    clean_only.write_text(json.dumps(_row("blind-8")))
    with pytest.raises(InputError, match="no development questions"):
        answer_ranker.development_rows(clean_only)


def test_an_example_marks_the_sentences_that_state_a_key_fact():
    examples = answer_ranker.training_examples([_row(None)], SENTENCES, str.upper)
    assert examples == [TrainingExample("CAN PREDIABETES GO AWAY", tuple(SENTENCES["prediabetes"]), (False, True, False))]


def test_questions_that_teach_nothing_are_left_out():
    no_fact = _row(None, key_facts=["insulin"])
    every_sentence = _row(None, key_facts=["prediabetes"])
    unknown_article = _row(None, article_ids=["missing"])
    assert answer_ranker.training_examples([no_fact, every_sentence, unknown_article], SENTENCES, str) == []


def test_the_fingerprint_changes_with_the_examples_and_the_settings():
    examples = answer_ranker.training_examples([_row(None)], SENTENCES, str)
    same = answer_ranker.fingerprint(examples, "m", TrainingSettings())
    assert same == answer_ranker.fingerprint(list(examples), "m", TrainingSettings())
    assert same != answer_ranker.fingerprint(examples, "m", TrainingSettings(epochs=3))
    assert same != answer_ranker.fingerprint([], "m", TrainingSettings())


def test_no_ranker_is_loaded_where_none_was_trained(tmp_path):
    assert AnswerRanker.load(tmp_path) is None
    (tmp_path / answer_ranker.MANIFEST).write_text("not json")
    assert AnswerRanker.load(tmp_path) is None


@pytest.mark.slow
def test_training_saves_a_ranker_that_loads_and_scores(tmp_path, embedder):
    examples = answer_ranker.training_examples([_row(None)], SENTENCES, str)
    directory = tmp_path / "ranker"
    settings = TrainingSettings(epochs=1)
    answer_ranker.train(examples, embedder.model_path(), directory, settings)
    # Training again replaces the ranker whole, leaving nothing beside it.
    answer_ranker.train(examples, embedder.model_path(), directory, settings)
    assert [path.name for path in tmp_path.iterdir()] == ["ranker"]
    assert answer_ranker.trained_fingerprint(directory) == answer_ranker.fingerprint(
        examples, embedder.model_path().name, settings)
    ranker = AnswerRanker.load(directory)
    assert ranker is not None
    scores = ranker.similarities("can prediabetes go away", SENTENCES["prediabetes"])
    assert scores.shape == (3,) and np.all(np.abs(scores) <= 1.0 + 1e-5)
    # Cached sentence vectors give the same scores the second time.
    assert np.allclose(scores, ranker.similarities("can prediabetes go away", SENTENCES["prediabetes"]))
    assert ranker.similarities("anything", []).shape == (0,)
    # One ranker per process and training; sentence vectors saved beside it are loaded with it.
    assert AnswerRanker.load(directory) is ranker
    ranker.save_sentence_vectors(SENTENCES["prediabetes"])
    fresh = AnswerRanker(directory)
    assert not fresh.knows(SENTENCES["prediabetes"])
    fresh._vectors.update(answer_ranker._saved_vectors(directory))
    assert fresh.knows(SENTENCES["prediabetes"])
    assert np.allclose(scores, fresh.similarities("can prediabetes go away", SENTENCES["prediabetes"]), atol=1e-5)


def test_the_trained_ranker_is_in_use(pipeline):
    # `make test` trains it before pytest; without it answers fall back to the old ranking.
    _retriever, composer = pipeline.search_components()
    assert composer.ranker is not None
