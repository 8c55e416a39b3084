"""Plain-language sentences about a patient's own pharmacogenomic results and medicines.

A result that was not tested or could not be called is said so, never described as
normal (PharmCAT issue #240 is exactly that bug).
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.pgx.alleles import SUPPORTED_GENES
from assistant.pgx.recommendations import (
    NoGuidelineError,
    UnknownDrugError,
    _drug_index,
    recommend,
    supported_drugs,
)

# The knowledge article that explains each gene to patients.
GENE_ARTICLES = {
    "CYP2C19": "cyp2c19-and-clopidogrel",
    "CYP2D6": "cyp2d6-codeine-and-tramadol",
    "CYP2C9": "cyp2c9-vkorc1-and-warfarin",
    "VKORC1": "cyp2c9-vkorc1-and-warfarin",
    "SLCO1B1": "slco1b1-and-statins",
    "TPMT": "tpmt-nudt15-and-thiopurines",
    "NUDT15": "tpmt-nudt15-and-thiopurines",
    "DPYD": "dpyd-and-fluoropyrimidines",
    "HLA-B": "hla-b-and-drug-reactions",
    "HLA-A": "hla-b-and-drug-reactions",
    "CYP3A5": "cyp3a5-and-tacrolimus",
    "UGT1A1": "ugt1a1-and-atazanavir",
}
# Where one gene's article is about a different drug, the drug's own article explains better.
DRUG_ARTICLES = {
    drug: "cyp2c19-ppis-and-antidepressants"
    for drug in ("omeprazole", "lansoprazole", "pantoprazole", "citalopram", "escitalopram", "sertraline")
}
GENERAL_ARTICLE = "pharmacogenomic-test-results"


def article_for(gene: str, drug: str | None = None) -> str:
    return DRUG_ARTICLES.get(drug or "", GENE_ARTICLES.get(gene, GENERAL_ARTICLE))


_PGX_WORDS = re.compile(r"\b(?:metaboli[sz]er|pharmacogenomic|pgx)")
# "My gene results" are the drug-gene results Tailor holds, unless the question is about
# another kind of gene test ("my gene panel came back with a VUS" is a cancer panel).
_GENE_RESULT_WORDS = re.compile(r"\b(?:gene|genetic|dna) (?:results?|report)\b|\bmy genes?\b")
_OTHER_GENE_TESTS = re.compile(
    r"\b(?:vus|uncertain significance|brca[12]?|lynch|carriers?|hereditary|cancers?|tumou?rs?|ancestry|polygenic|"
    r"exome|genome|newborn|prenatal|panel)\b"
)
HELD = ("You asked to wait for your care team to review genetic results before Tailor explains them, "
        "and they have not reviewed this one yet.")


@lru_cache(maxsize=1)
def _drug_patterns() -> list[tuple[re.Pattern[str], str]]:
    names = sorted(_drug_index().items(), key=lambda pair: -len(pair[0]))
    return [(re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])"), generic) for name, generic in names]


def drugs_mentioned(text: str) -> list[str]:
    """Generic names of supported drugs named in `text` (generic or brand), in order."""
    lowered = text.lower()
    found: list[tuple[int, str]] = []
    for pattern, generic in _drug_patterns():
        match = pattern.search(lowered)
        if match and generic not in {g for _, g in found}:
            found.append((match.start(), generic))
    return [generic for _, generic in sorted(found)]


def genes_mentioned(text: str) -> list[str]:
    upper = text.upper()
    return [gene for gene in SUPPORTED_GENES if re.search(rf"(?<![\w-]){re.escape(gene)}(?![\w-])", upper)]


# "For poor and intermediate metabolizers, ..." names two phenotypes; the lookahead lets each
# word in such a list find the "metabolizer" after it.
_METABOLIZER = re.compile(r"\b(ultra-?rapid|rapid|normal|intermediate|poor)\b(?=(?:[\w,]*\s+){0,6}?metaboli[sz]ers?\b)")
_FUNCTION = re.compile(r"\b(decreased|poor|increased|normal) function\b")
_EXPRESSER = re.compile(r"\b(non-?expresser|expresser)s?\b")


def phenotype_labels(text: str) -> frozenset[str]:
    """The phenotypes a text names: {"poor metabolizer", "intermediate metabolizer"} for
    "For poor and intermediate metabolizers, ..."."""
    lowered = text.lower()
    labels = {f"{word.replace('-', '')} metabolizer" for word in _METABOLIZER.findall(lowered)}
    labels |= {f"{word} function" for word in _FUNCTION.findall(lowered)}
    labels |= {word.replace("-", "") for word in _EXPRESSER.findall(lowered)}
    return frozenset(labels)


def about_other_phenotypes(sentence: str, own: frozenset[str]) -> bool:
    """Whether a sentence is only about phenotypes other than `own` ("Poor metabolizer: two copies
    do not work." said to an intermediate metabolizer)."""
    named = phenotype_labels(sentence)
    return bool(named) and not named & own


def asks_about_genes(text: str) -> bool:
    """Whether the text is about drug genes (a gene, a metabolizer type, the patient's gene
    results), not only about a drug."""
    lowered = text.lower()
    return bool(genes_mentioned(text) or _PGX_WORDS.search(lowered) or (
        _GENE_RESULT_WORDS.search(lowered) and not _OTHER_GENE_TESTS.search(lowered)))


def is_pgx_question(text: str) -> bool:
    return bool(drugs_mentioned(text) or asks_about_genes(text))


def describe_result(row) -> str:
    if row is None:
        return "not tested"
    if row.status != "called" or not row.phenotype:
        return "not called"
    return f"{row.diplotype}, {row.phenotype.lower()}" if row.diplotype else row.phenotype.lower()


def result_sentence(gene: str, row) -> str:
    if row is None or row.status == "not_tested":
        return f"Your {gene} gene was not tested, so Tailor cannot say how your body handles medicines that depend on it."
    if row.status != "called" or not row.phenotype:
        return (f"Your {gene} result could not be called from the data the lab sent, so Tailor cannot say "
                "how your body handles medicines that depend on it. It does not mean your result is normal.")
    diplotype = f" ({row.diplotype})" if row.diplotype else ""
    phenotype = row.phenotype.lower()
    if phenotype.endswith("metabolizer"):
        article = "an" if phenotype[0] in "aeiou" else "a"
        return f"Your {gene} result{diplotype} means you are {article} {phenotype}."
    return f"Your {gene} result{diplotype} is: {row.phenotype}."


def not_tested(row) -> bool:
    return row is None or row.status == "not_tested"


def untested_sentence(gene: str, drugs: list[str]) -> str:
    """One sentence for a gene never tested and the drugs asked about that depend on it.

    Two ("was not tested ..." then "Without a result ...") said the same thing and took
    the room the explanation of why the test matters needs.
    """
    return f"Your {gene} gene was not tested, so Tailor cannot say what the guideline suggests about {' or '.join(drugs)} for you."


def drug_sentences(drug: str, gene: str, row):
    """(sentences, guideline title, guideline url) for one drug–gene pair of this patient."""
    if row is None or row.status != "called" or not row.phenotype:
        return [f"Without a {gene} result, Tailor cannot say what the guideline suggests about {drug} for you."], None, None
    try:
        recommendation = recommend(gene, row.phenotype, drug, row.activity_score)
    except (NoGuidelineError, UnknownDrugError):
        return [f"Tailor has no CPIC guidance about {drug} for a {gene} {row.phenotype.lower()}."], None, None
    return [recommendation.explanation], recommendation.guideline_title, recommendation.guideline_url


def genes_for(drug: str) -> list[str]:
    return supported_drugs().get(drug, [])
