import re

import pytest

from assistant.compose.extractive import (
    CLOSING_LINE,
    EXTRA_ASK_SENTENCES,
    EXTRA_ASK_WORDS,
    LOW_CONFIDENCE_ANSWER,
    MAX_ANSWER_WORDS,
    LeadSentence,
)

pytestmark = pytest.mark.integration

CITED_SENTENCE = re.compile(r"(.+?) \[(\d+)\]")


def _answer(pipeline, question):
    return pipeline.run(question).answer


def test_every_answer_sentence_is_quoted_from_the_cited_article(pipeline):
    answer = _answer(pipeline, "What does a high LDL mean?")
    body = answer.answer.replace(CLOSING_LINE, "").strip()
    cited = CITED_SENTENCE.findall(body)
    assert 1 <= len(cited) <= pipeline.composer.max_sentences
    by_number = {citation.n: citation for citation in answer.citations}
    for sentence, number in cited:
        article = pipeline.articles[by_number[int(number)].article_id]
        assert sentence.strip() in " ".join(article.body.split())


@pytest.mark.parametrize("question", ["what are the five metabolizer types", "what egfr means chronic kidney disease"])
def test_a_sentence_that_only_introduces_a_list_is_not_quoted(pipeline, question):
    body = _answer(pipeline, question).answer.replace(CLOSING_LINE, "")
    cited = CITED_SENTENCE.findall(body)
    assert cited and not any(sentence.rstrip().endswith(":") for sentence, _ in cited)


def test_citations_are_numbered_from_one_and_carry_their_public_sources(pipeline):
    answer = _answer(pipeline, "How do genes change how my body handles medicines?")
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    for citation in answer.citations:
        assert citation.url.endswith(f"/library?article={citation.article_id}&version={citation.article_version}")
        assert citation.sources and all(s.url.startswith("https://") for s in citation.sources)


@pytest.mark.parametrize("question", ["Tell me everything about genetic testing",
                                      "what is cholesterol and what do all the numbers mean and how do i lower it"])
def test_answers_stay_short(pipeline, question):
    answer = _answer(pipeline, question)
    body = answer.answer.removesuffix(CLOSING_LINE)
    # A question that asks several things gets room for two more sentences, and no more.
    most_sentences = pipeline.composer.max_sentences + EXTRA_ASK_SENTENCES
    assert len(CITED_SENTENCE.findall(body)) <= most_sentences
    assert len(body.split()) <= MAX_ANSWER_WORDS + EXTRA_ASK_WORDS + 2 * most_sentences  # words plus "[n]" marks


def test_an_off_topic_question_is_not_guessed(pipeline):
    answer = _answer(pipeline, "Which football team won the league in 1998?")
    assert answer.answer == LOW_CONFIDENCE_ANSWER
    assert answer.citations == ()
    assert answer.escalate and answer.reason == "low_confidence"


def test_a_medication_change_question_gets_no_advice_and_goes_to_the_care_team(pipeline):
    answer = _answer(pipeline, "Should I stop taking clopidogrel because of my CYP2C19 result?")
    assert answer.answer.startswith("I can't tell you to start, stop or change a medicine.")
    assert answer.escalate and answer.reason == "medication_question"


def test_an_emergency_gets_fixed_guidance_before_anything_else(pipeline):
    answer = _answer(pipeline, "I have crushing chest pain right now, what is my LDL?")
    assert answer.answer.startswith("This could be an emergency. Call 911")
    assert answer.citations == ()
    assert answer.escalate and answer.reason == "emergency:chest_pain"


def test_a_rare_term_only_words_can_match_still_finds_its_passage(pipeline):
    # The embedding model does not know "phenoconversion"; BM25 ranks its passage first.
    answer = _answer(pipeline, "What is phenoconversion?")
    assert "drug-metabolizer-types" in {citation.article_id for citation in answer.citations}
    assert "phenoconversion" in answer.answer


def test_asked_for_causes_the_answer_gives_causes_not_effects_of_the_other_level(pipeline):
    answer = _answer(pipeline, "What can cause low calcium in the blood?")
    assert "Low vitamin D and kidney disease can cause a low calcium level." in answer.answer
    assert "High calcium can cause" not in answer.answer


def _retrieved(pipeline, question):
    vector = pipeline.retriever.embed_query(question)
    return vector, pipeline.retriever.run(question, pipeline.top_k, vector)


def _composed(pipeline, question, lead=()):
    return pipeline.composer.run(question, *_retrieved(pipeline, question), lead)


def test_a_one_line_note_about_the_record_takes_one_sentence_of_room_not_two(pipeline):
    question = "What can cause low calcium in the blood?"
    plain = CITED_SENTENCE.findall(_composed(pipeline, question).text)
    note = LeadSentence("I don't see any calcium results in your records.", None)
    after_note = CITED_SENTENCE.findall(_composed(pipeline, question, (note,)).text)
    assert len(plain) == pipeline.composer.max_sentences
    assert len(after_note) == pipeline.composer.max_sentences - 1


def test_a_closing_line_takes_no_room_from_the_explanation(pipeline):
    question = "What can cause low calcium in the blood?"
    closing = LeadSentence("You can send this question to your care team.", None, closes=True)
    after_closing = CITED_SENTENCE.findall(_composed(pipeline, question, (closing,)).text)
    assert len(after_closing) == pipeline.composer.max_sentences


def test_a_question_that_asks_two_things_gets_room_for_both(pipeline):
    one = "What can cause low calcium in the blood?"
    two = "What can cause low calcium in the blood? And what are the signs of it?"
    one_ask = _composed(pipeline, one)
    two_asks = _composed(pipeline, two)
    assert len(CITED_SENTENCE.findall(one_ask.text)) == pipeline.composer.max_sentences
    assert pipeline.composer.max_sentences < len(CITED_SENTENCE.findall(two_asks.text)) <= (
        pipeline.composer.max_sentences + EXTRA_ASK_SENTENCES)


def test_a_sentence_that_says_only_what_the_lead_said_is_not_quoted(pipeline):
    question = "what range are triglycerides supposed to be in"
    repeated = "A level of 150 to 199 mg/dL is borderline high."
    assert repeated in _composed(pipeline, question).text
    lead = (LeadSentence("Your triglycerides result was 138 mg/dL on March 18, 2025.", None),
            LeadSentence("Under 150 is normal. 150 to 199 is borderline high. 200 or more is high.", None))
    after_note = _composed(pipeline, question, lead).text
    assert repeated not in after_note
    # A longer sentence that holds a short lead line and says more is still quoted.
    short = LeadSentence("Triglycerides are high.", None)
    assert "A level of 200 to 499 mg/dL is high, and a level of 500 mg/dL or higher is very high." in (
        _composed(pipeline, question, (short,)).text)


class _FavouringRanker:
    """Stands in for the fine-tuned ranker: likes one sentence, is indifferent to the rest."""

    def __init__(self, favourite):
        self.favourite = favourite

    def similarities(self, question, sentences):
        import numpy as np

        return np.array([1.0 if sentence == self.favourite else 0.0 for sentence in sentences])


def _composer_with(pipeline, ranker=None):
    """The pipeline's composer with another ranker (None: none at all)."""
    from assistant.compose.extractive import ExtractiveComposer

    composer = pipeline.composer
    return ExtractiveComposer(composer.index, composer.articles, composer.article_url, composer.min_similarity,
                              composer.max_sentences, ranker=ranker)


def test_the_answer_ranker_can_bring_a_sentence_into_the_answer(pipeline):
    question = "What can cause low calcium in the blood?"
    vector, passages = _retrieved(pipeline, question)
    untouched = _composer_with(pipeline)
    said = set(s for s, _ in CITED_SENTENCE.findall(untouched.run(question, vector, passages).text))
    candidates = untouched._candidates(question, vector, passages, question)
    left_out = [c.text for c in sorted(candidates, key=lambda c: -c.score) if c.text not in said][0]
    favouring = _composer_with(pipeline, _FavouringRanker(left_out))
    assert left_out in favouring.run(question, vector, passages).text


class _SecondAskRanker:
    """Likes one sentence for the second ask alone ("what are the signs"), nothing for the rest."""

    def __init__(self, favourite):
        self.favourite = favourite
        self.asked = []

    def similarities(self, question, sentences):
        import numpy as np

        self.asked.append(question)
        liked = "signs" in question and "cause" not in question
        return np.array([10.0 if liked and sentence == self.favourite else 0.0 for sentence in sentences])


def test_each_ask_of_a_two_part_question_keeps_a_place_for_its_best_sentence(pipeline):
    question = "What can cause low calcium in the blood? And what are the signs of it?"
    vector, passages = _retrieved(pipeline, question)
    untouched = _composer_with(pipeline)
    plain = CITED_SENTENCE.findall(untouched.run(question, vector, passages).text)
    said = {sentence.strip() for sentence, _ in plain}
    ranked = sorted(untouched._candidates(question, vector, passages, question), key=lambda c: -c.score)
    # A short sentence from far down the ranking: only the second ask's place can bring it in.
    favourite = min((c for c in ranked[12:] if c.text not in said), key=lambda c: c.counts[0]).text
    ranker = _SecondAskRanker(favourite)
    with_places = _composer_with(pipeline, ranker)
    answer = CITED_SENTENCE.findall(with_places.run(question, vector, passages).text)
    assert favourite in {sentence.strip() for sentence, _ in answer}
    assert len(answer) == len(plain)  # the place is taken from the others, the answer is no longer
    assert "And what are the signs of it?" in ranker.asked

    ranker.asked.clear()
    one_ask = "What can cause low calcium in the blood?"
    assert favourite not in with_places.run(one_ask, *_retrieved(pipeline, one_ask)).text
    assert ranker.asked == [one_ask]  # a one-ask question is not split
