import pytest

from assistant.retrieval.query import QueryRewriter

pytestmark = pytest.mark.unit

VOCABULARY = {"cholesterol", "diabetes", "genetic", "metabolizer", "warfarin", "hba1c", "thyroid", "anticoagulant"}


@pytest.mark.parametrize(
    "question, must_contain",
    [
        ("what is my sugar test", ["sugar test", "hba1c"]),
        ("bad cholesterol?", ["ldl"]),
        ("is a blood thinner affected by genes", ["anticoagulant", "warfarin"]),
        ("what does a water pill do", ["diuretic"]),
        ("should I get a gene test", ["genetic testing"]),
        ("what is colestrol", ["cholesterol"]),
        ("is diabetis genitic", ["diabetes genetic"]),
        ("poor metaboliser", ["metabolizer"]),
        ("my mom has a BRCA1 change, what are the chances i have it too", ["inherited"]),
        ("does heart disease run in the family", ["inherited", "family history"]),
        ("we are both CF carriers", ["cystic fibrosis"]),
        ("is my bp ok", ["blood pressure"]),
        ("the NIPT came back high chance", ["prenatal screening", "cell-free"]),
        ("i want a different doctor to look at my scans", ["second opinion"]),
        ("a news story said coffee doubles the risk of it", ["relative risk", "absolute risk"]),
        ("is 3 times the risk a lot", ["relative risk"]),
        ("what does *1/*2 mean on my pgx report", ["diplotype"]),
        ("my cyp2d6 came back *4 / *41", ["diplotype"]),
    ],
)
def test_lay_terms_and_misspellings_become_medical_terms(question, must_contain):
    rewritten = QueryRewriter(VOCABULARY).run(question)
    for term in must_contain:
        assert term in rewritten


@pytest.mark.parametrize("question", ["<PERSON> asked about <DATE> results", "call <PHONE_1> re <PERSON_2>"])
def test_placeholders_never_reach_ranking(question):
    assert "<" not in QueryRewriter(VOCABULARY).run(question)


def test_a_dose_or_a_date_is_not_a_diplotype():
    assert "diplotype" not in QueryRewriter(VOCABULARY).run("i take 1/2 a pill, results from 3/4")


def test_short_and_known_words_are_left_alone():
    assert QueryRewriter(VOCABULARY).run("is my tsh ok") == "is my tsh ok"


def test_english_words_the_articles_do_not_use_are_not_mended():
    # Against the vocabulary alone, "asked" would become "based" and "fired" "fire".
    rewriter = QueryRewriter(VOCABULARY | {"based", "fire"})
    assert rewriter.run("my job asked about it").startswith("my job asked about it")
    assert "fired" in rewriter.run("can i get fired")


def test_lay_terms_match_the_patients_own_words_and_are_added_once():
    rewritten = QueryRewriter(VOCABULARY).run("could my employer fire me over my gene test")
    assert rewritten.count("gina") == 1


@pytest.mark.parametrize("question, child", [("can my 9 year old take codeine", True), ("my 6-month-old", True),
                                              ("my 30-month-old", True), ("i am 45 years old", False)])
def test_a_childs_age_names_children(question, child):
    assert ("children" in QueryRewriter(VOCABULARY).run(question)) is child
