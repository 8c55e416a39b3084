import pytest

from assistant.question_subject import about_someone_else, is_personal

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "question, someone_else",
    [
        ("can my 10 year old take a cough syrup that has codeine in it?", True),
        ("is my 3-year-old too young for a gene test", True),
        ("my mom takes warfarin, should she get a gene test?", True),
        ("my son's LDL is 190, is that bad?", True),
        ("our little girl has a rash after carbamazepine", True),
        # Something about the asker keeps the question personal.
        ("my dad had a heart attack at 44. could my high cholesterol be genetic?", False),
        ("My sister has a BRCA2 change and I tested negative", False),
        ("what is my ldl", False),
        ("my family history of cancer", False),
        # No one named: a general question, not someone else's.
        ("can children take codeine", False),
    ],
)
def test_a_question_about_someone_else_is_told_apart(question, someone_else):
    assert about_someone_else(question) is someone_else


@pytest.mark.parametrize(
    "question, personal",
    [("what does my LDL mean", True), ("what is LDL", False), ("I got my results back", True),
     ("how is HbA1c measured", False), ("I wonder what LDL means", False)],
)
def test_personal_questions(question, personal):
    assert is_personal(question) is personal
