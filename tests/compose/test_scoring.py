import pytest

from assistant.compose.scoring import (
    ask_parts,
    asks_in,
    content_words,
    covered,
    holds_number,
    question_numbers,
    question_shape,
    question_word_weights,
    repeats,
    stands_alone,
)
from assistant.readability import flesch_kincaid_grade, grade_from_counts, text_counts

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "question, numbers",
    [
        ("egfr 40 what stage", [40.0]),
        ("what does an a1c of 6.2 mean", [6.2]),
        ("what does CYP2C19 *1/*2 mean", []),  # allele names are not numbers the patient has
        ("what is a normal potassium", []),
    ],
)
def test_question_numbers(question, numbers):
    assert question_numbers(question) == numbers


@pytest.mark.parametrize(
    "sentence, numbers, held",
    [
        ("Stage 3b: eGFR is 30 to 44.", [40.0], True),
        ("Stage 4: eGFR is 15 to 29.", [40.0], False),
        ("A level of 5.7 to 6.4 is called prediabetes.", [6.0], True),
        ("An HbA1c of 6.5% or higher means diabetes.", [7.0], True),
        ("An HbA1c of 6.5% or higher means diabetes.", [6.0], False),
        ("A blood sugar below 70 mg/dL is low.", [55.0], True),
        ("A blood sugar below 70 mg/dL is low.", [90.0], False),
        ("Stage 3b: eGFR is 30 to 44.", [], False),
    ],
)
def test_holds_number(sentence, numbers, held):
    assert holds_number(sentence, numbers) is held


@pytest.mark.parametrize(
    "first, second, repeated",
    [
        ({"brca1", "brca2", "gene", "fix", "dna"}, {"brca1", "brca2", "gene", "fix", "dna", "protect", "cancer"}, True),
        ({"absolute", "risk", "chance"}, {"relative", "risk", "compare", "group"}, False),
        (set(), {"anything"}, False),
    ],
)
def test_repeats(first, second, repeated):
    assert repeats(frozenset(first), frozenset(second)) is repeated


def test_numbers_and_negations_keep_two_sentences_apart():
    # With search stopwords dropped, both were {people, lynch, syndrome} plus a little.
    assert not repeats(content_words("About 1 in 280 people has Lynch syndrome."),
                       content_words("Most people with Lynch syndrome do not know they have it."))
    assert repeats(content_words("A CBC counts your blood cells."), content_words("A CBC counts the blood cells."))


def test_rare_question_words_weigh_more_and_weights_sum_to_one():
    sentences = [frozenset({"potassium", "test"}), frozenset({"potassium", "range", "lab"}), frozenset({"potassium", "heart"})]
    weights = question_word_weights({"potassium", "range"}, sentences)
    assert weights["range"] > weights["potassium"]
    assert sum(weights.values()) == pytest.approx(1.0)
    assert covered(weights, sentences[1]) == pytest.approx(1.0)
    assert covered(weights, sentences[0]) == pytest.approx(weights["potassium"])


@pytest.mark.parametrize(
    "sentence, alone",
    [("Gene test reports sort people into five types for each gene:", False), ("Normal is the most common type.", True)],
)
def test_stands_alone(sentence, alone):
    assert stands_alone(sentence) is alone


@pytest.mark.parametrize(
    "question, sentence, fits",
    [
        ("when should i get a second opinion", "A second opinion can help when you face a serious diagnosis.", True),
        ("when should i get a second opinion", "Getting a second opinion is common.", False),
        ("what can cause high mcv", "Large red blood cells can come from low vitamin B12.", True),
        ("how common is chronic kidney disease", "About 1 in 7 US adults has CKD.", True),
        ("what is nt-probnp used for", "The test helps find heart failure.", True),
        ("what is a carrier", "A carrier has one changed copy of a gene.", False),
        ("what can cause low magnesium", "Low magnesium can come from heavy alcohol use.", True),
        # Asked for causes, a sentence about what the thing itself causes is another answer.
        ("what can cause low magnesium", "Low magnesium can cause muscle cramps.", False),
        ("what can cause low calcium in the blood", "Low calcium can cause muscle cramps.", False),
        ("what causes type 2 diabetes", "Type 2 diabetes happens when the body does not use insulin well.", True),
        ("what genes cause lynch syndrome", "The genes are MLH1, MSH2, MSH6, PMS2 and EPCAM.", True),
        ("what genes cause lynch syndrome", "Lynch syndrome is caused by a change in a DNA repair gene.", False),
        ("which statin is most affected by slco1b1", "The link is strongest for simvastatin.", True),
        ("which statin is most affected by slco1b1", "Other statins are affected to different degrees.", False),
        ("who is at risk for prediabetes", "You are at higher risk if you are 45 or older.", True),
        ("who's at risk for prediabetes", "Prediabetes can often be reversed.", False),
        ("what is gilbert syndrome", "Gilbert syndrome is a mild, common condition.", True),
        ("what is gilbert syndrome", "Not eating for a long time can raise bilirubin.", False),
        ("how is familial hypercholesterolemia treated", "FH is treated with medicines that lower LDL.", True),
        ("how is prediabetes diagnosed", "A blood test such as HbA1c can find prediabetes.", True),
        ("what are the signs of low potassium", "Low potassium can make you feel weak.", True),
        ("what does a high ferritin mean", "A high ferritin can be a sign of too much iron.", True),
        ("what does a high ferritin mean", "Ferritin is a protein.", False),
        ("my psa came back at 5. does that mean i have prostate cancer?", "A high PSA does not always mean cancer.", True),
        ("my psa came back at 5. does that mean i have prostate cancer?", "PSA is a protein made by the prostate.", False),
        ("my psa came back at 5. does that mean i have prostate cancer?", "A high PSA is often not cancer.", True),
        ("my insurance said no. what can i do now", "Ask the plan for the denial in writing.", True),
        ("whats the right way to take my blood pressure at home", "Sit quietly for 5 minutes first.", True),
        ("whats the right way to take my blood pressure at home", "High blood pressure often has no signs.", False),
        ("why does my oncologist want a dpyd test before capecitabine", "A DPYD test can show who is at higher risk.", True),
        ("why does my oncologist want a dpyd test before capecitabine", "The DPYD gene makes an enzyme called DPD.", False),
        ("my potassium was high. could the result just be wrong?", "Sometimes a high potassium result is a false reading.", True),
        ("my potassium was high. could the result just be wrong?", "Potassium helps your heart work.", False),
        ("i have prediabetes. can it go away?", "Prediabetes can often be turned around.", True),
        ("i have prediabetes. can it go away?", "About 1 in 3 adults has prediabetes.", False),
        ("does high uric acid always mean gout?", "Many people with high uric acid never get gout.", True),
        ("does high uric acid always mean gout?", "Uric acid is a waste product.", False),
    ],
)
def test_a_sentence_fits_the_shape_of_answer_asked_for(question, sentence, fits):
    assert question_shape(question).fits(sentence) is fits


def test_counts_of_sentences_add_up_to_the_grade_of_the_joined_text():
    parts = ["Potassium helps your heart work.", "Many labs use a range of about 3.5 to 5.0 mmol/L for adults."]
    summed = [sum(values) for values in zip(*(text_counts(part) for part in parts))]
    assert grade_from_counts(*summed) == flesch_kincaid_grade(" ".join(parts))
    assert grade_from_counts(0, 0, 0) == 0.0


@pytest.mark.parametrize(
    "question, sentence, opposite",
    [
        ("what can cause low magnesium", "High magnesium can cause nausea.", True),
        ("what can cause low magnesium", "Low magnesium can come from diarrhea.", False),
        # Both ends named: the sentence covers the asked one too.
        ("what does a high potassium mean", "Both high and low potassium can be dangerous.", False),
        # The level of another thing is not the other end of the asked one.
        ("what can cause high mcv", "Low vitamin B12 can make red cells large.", False),
        ("is my ldl too high", "LDL is often called bad cholesterol.", False),
        # The level may come after its topic.
        ("my magnesium came back low, why?", "High magnesium can cause nausea.", True),
        ("my tsh is a little high", "A low TSH can mean an overactive thyroid.", True),
        ("my tsh is a little high", "A slightly high TSH may only need a repeat test.", False),
    ],
)
def test_a_sentence_about_the_other_level_is_told_apart(question, sentence, opposite):
    assert question_shape(question).about_other_level(sentence) is opposite



@pytest.mark.parametrize(
    "question, asks",
    [
        ("do u have to fast before an a1c blood test?", 1),
        ("what is a VUS exactly? can it change later on?", 2),
        ("what causes it and how do they diagnose it", 2),
        ("is it rude to ask for a second opinion?? and will insurance even pay for it", 2),
        ("my psa went up. does that mean i have cancer? what else can make psa go up", 2),
        # A statement around the ask is not an ask of its own.
        ("what vitamin d level is normal? mine was flagged low", 1),
        ("I take warfarin. Is that ok?", 1),
        ("salt and pepper", 1),
    ],
)
def test_asks_in_counts_the_things_a_question_asks(question, asks):
    assert asks_in(question) == asks


def test_ask_parts_are_the_asking_parts_in_order():
    assert ask_parts("my psa went up. does that mean i have cancer? what else can make psa go up") == [
        "does that mean i have cancer?", "what else can make psa go up"]
    assert ask_parts("what causes it and how do they diagnose it") == ["what causes it", "how do they diagnose it"]
    assert ask_parts("salt and pepper") == []
