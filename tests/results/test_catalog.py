import pytest

from assistant.results.catalog import default_catalog

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "question, tests",
    [
        ("what does my LDL of 162 mean?", ["LDL cholesterol"]),
        ("is my A1c getting better?", ["HbA1c"]),
        ("what did my sugar test show", ["HbA1c"]),
        ("why is my eGFR flagged?", ["eGFR"]),
        ("what is my kidney number", ["eGFR"]),
        ("my bad cholesterol and my good cholesterol", ["LDL cholesterol", "HDL cholesterol"]),
        ("is my blood sugar ok", ["glucose"]),
        ("what is pharmacogenomics", []),
        ("my LDL-C went up", ["LDL cholesterol"]),
    ],
)
def test_lay_names_resolve_to_tests(question, tests):
    assert [test.name for test in default_catalog().mentioned(question)] == tests


def test_every_catalog_article_exists():
    from assistant.retrieval.loader import load_knowledge_base
    from tests.conftest import REPO_ROOT

    articles = {article.id for article in load_knowledge_base(REPO_ROOT / "knowledge")}
    assert {test.article_id for test in default_catalog().tests} <= articles


def test_psa_is_a_cancer_marker_for_review_holds():
    assert default_catalog().category_for("2857-1") == "cancer_marker"
    assert default_catalog().category_for("2339-0") == "lab"
