import pytest

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    "question, article_ids",
    [
        ("what is bad cholesterol", {"cholesterol-and-ldl"}),
        ("what does a variant of uncertain significance mean", {"variants-of-uncertain-significance", "genetic-test-results"}),
        ("can my employer use my DNA results against me", {"genetic-privacy-gina"}),
        ("why is my eGFR flagged", {"kidney-function-egfr"}),
        ("poor metabolizer clopidogrel", {"cyp2c19-and-clopidogrel", "pharmacogenomics"}),
        ("what does H and L mean on my lab report", {"reading-a-lab-report"}),
        ("BRCA runs in my family", {"brca1-brca2", "family-history-hereditary-cancer"}),
    ],
)
def test_the_right_article_ranks_first(pipeline, question, article_ids):
    passages = pipeline.retriever.run(question, top_k=5)
    assert passages[0].chunk.article_id in article_ids


def test_placeholders_do_not_change_the_ranking(pipeline):
    plain = pipeline.retriever.run("what is an HbA1c test", top_k=5)
    with_placeholders = pipeline.retriever.run("<PERSON> here, <DATE>: what is an HbA1c test <PHONE>", top_k=5)
    assert [p.chunk.chunk_id for p in plain] == [p.chunk.chunk_id for p in with_placeholders]


def test_each_passage_reports_both_rankers(pipeline):
    passages = pipeline.retriever.run("what is LDL cholesterol", top_k=5)
    assert passages == sorted(passages, key=lambda p: -p.fused_score)
    top = passages[0]
    assert top.dense_rank is not None and top.bm25_rank is not None
    assert 0 < top.dense_score <= 1 and top.bm25_score > 0
