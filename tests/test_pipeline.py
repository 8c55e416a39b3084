"""The pipeline's trace: what staff preview shows, taken from the run itself without changing it."""

import pytest

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("question", ["What is a VUS?", "How does clopidogrel relate to CYP2C19?"])
def test_the_trace_holds_each_rankers_scores_and_the_same_ranking(pipeline, question):
    result = pipeline.run(question)
    trace = result.trace
    assert trace.passages == result.passages
    alone = pipeline.retriever.run(question, pipeline.top_k)
    assert [p.chunk.chunk_id for p in trace.passages] == [p.chunk.chunk_id for p in alone]
    assert [p.fused_score for p in trace.passages] == pytest.approx([p.fused_score for p in alone])
    for passage in trace.passages:
        expected = sum(1 / (pipeline.retriever.rrf_k + rank + 1)
                       for rank in (passage.bm25_rank, passage.dense_rank) if rank is not None)
        assert passage.fused_score == pytest.approx(expected)
    assert trace.query == pipeline.retriever.rewrite(question)
    assert trace.triage == result.answer.triage and trace.entity_types == ()


def test_the_trace_names_entity_types_never_the_text(pipeline):
    trace = pipeline.run("I'm John Smith, call me at 555-123-4567. What is LDL?").trace
    assert set(trace.entity_types) == {"PERSON", "PHONE"}
    assert "John" not in repr(trace) and "555-123" not in repr(trace)


def test_an_emergency_trace_has_triage_and_no_retrieval(pipeline):
    trace = pipeline.run("I have crushing chest pain right now").trace
    assert trace.triage.level.value == "emergency" and trace.passages == () and trace.query == ""
