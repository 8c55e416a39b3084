"""Gene + phenotype + drug → CPIC recommendation summary (data/recommendations.yaml).

Explanations describe what CPIC suggests prescribers consider; each ends with SAFETY_NOTE. Drugs
are recognised by generic or common brand name (`Plavix` → clopidogrel).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.errors import InputError
from assistant.pgx.alleles import ACTIVITY_SCORE_GENES, HLA_ALLELES, normalise_gene
from assistant.pgx.phenotype import format_score, parse_score, phenotype_for_score

DATA_FILE = Path(__file__).resolve().parent / "data" / "recommendations.yaml"
SAFETY_NOTE = (
    "This is not a prescription. Do not stop or change a medicine on your own; "
    "talk with your prescriber or pharmacist."
)


class UnknownDrugError(InputError):
    """The drug is not one with a CPIC summary in Tailor."""


class NoGuidelineError(InputError):
    """CPIC has no guideline pairing this drug with this gene, or no row for this phenotype."""


@dataclass(frozen=True)
class Recommendation:
    drug: str
    gene: str
    phenotype: str
    classification: str
    explanation: str
    guideline_title: str
    guideline_url: str
    pmid: str | None = None
    context: str | None = None
    activity_score: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@lru_cache(maxsize=1)
def _data() -> dict:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _drug_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for drug, entry in _data()["drugs"].items():
        index[_key(drug)] = drug
        for brand in entry.get("brands", []):
            index.setdefault(_key(brand), drug)
    return index


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9#]", "", text.lower())


def normalise_drug(name: str) -> str:
    """Generic or brand name (any case, ® or ™ allowed) → generic name; UnknownDrugError otherwise."""
    cleaned = re.sub(r"[®™]", "", name or "").strip()
    drug = _drug_index().get(_key(cleaned))
    if drug is None:
        raise UnknownDrugError(f"no CPIC summary for drug {cleaned[:40]!r} in Tailor")
    return drug


def supported_drugs() -> dict[str, list[str]]:
    """Generic name → genes with a CPIC summary."""
    return {drug: list(entry["genes"]) for drug, entry in _data()["drugs"].items()}


def drugs_for_gene(gene: str) -> list[str]:
    gene = normalise_gene(gene)
    return [drug for drug, genes in supported_drugs().items() if gene in genes]


def _canonical_phenotype(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip()).lower().replace("metaboliser", "metabolizer")


def _hla_status(gene: str, allele: str, phenotype: str) -> str:
    """'*57:01 positive; *15:02 negative', 'HLA-B*57:01 positive', 'positive' → '*57:01 positive'."""
    text = phenotype.strip()
    bare = text.lower()
    if bare in ("positive", "negative", "detected", "not detected", "present", "absent"):
        return f"{allele} {'positive' if bare in ('positive', 'detected', 'present') else 'negative'}"
    for piece in re.split(r"[;,]", text):
        match = re.search(r"(\d{2,3}):(\d{2,3})\s*(positive|negative|not detected|detected)", piece, re.IGNORECASE)
        if match and f"*{match.group(1)}:{match.group(2)}" == allele:
            status = match.group(3).lower()
            return f"{allele} {'positive' if status in ('positive', 'detected') else 'negative'}"
    raise NoGuidelineError(f"{gene} result {text[:60]!r} does not say whether {allele} is present")


def recommend(gene: str, phenotype: str, drug: str, activity_score: str | float | None = None) -> Recommendation:
    """CPIC's recommendation class and a plain-language explanation for one gene–drug pair.

    `phenotype` may be a CPIC phenotype ("Poor Metabolizer"), an activity score for CYP2D6, CYP2C9
    or DPYD ("1.5"), a VKORC1 genotype label ("-1639 AG") or an HLA carrier result ("*57:01 positive").
    """
    gene = normalise_gene(gene)
    generic = normalise_drug(drug)
    entry = _data()["drugs"][generic]
    if gene not in entry["genes"]:
        paired = ", ".join(entry["genes"])
        raise NoGuidelineError(f"CPIC has no {generic} guideline for {gene} (Tailor pairs {generic} with {paired})")
    pairing = entry["genes"][gene]
    guideline = _data()["guidelines"][pairing["guideline"]]
    if not isinstance(phenotype, str) or not phenotype.strip():
        raise InputError(f"no {gene} phenotype given")

    score_text: str | None = None
    if activity_score is not None:
        value, at_least = parse_score(str(activity_score))
        if value is None:
            raise InputError(f"{activity_score!r} is not an activity score")
        score_text = format_score(value, at_least)
    shown = phenotype.strip()
    if gene in HLA_ALLELES:
        shown = _hla_status(gene, pairing["allele"], phenotype)
    elif gene in ACTIVITY_SCORE_GENES:
        value, at_least = parse_score(phenotype)
        if value is not None:
            score_text = format_score(value, at_least)
            shown = phenotype_for_score(gene, value)
    wanted = _canonical_phenotype(shown)

    rules = [r for r in pairing["rules"] if wanted in {_canonical_phenotype(p) for p in r["phenotypes"]}]
    if not rules:
        raise NoGuidelineError(f"CPIC's {generic} guideline has no row for {gene} {shown[:60]!r}")
    if score_text is not None and any("scores" in r for r in rules):
        by_score = [r for r in rules if score_text in r.get("scores", [])]
        rules = by_score or rules
    classes = []
    for rule in rules:
        if rule["classification"] not in classes:
            classes.append(rule["classification"])
    classification = classes[0] if len(classes) == 1 else " or ".join(classes) + " (depends on the activity score)"
    canonical_name = next(p for p in rules[0]["phenotypes"] if _canonical_phenotype(p) == wanted)
    explanation = " ".join(rules[0]["explanation"].split())
    return Recommendation(
        drug=generic,
        gene=gene,
        phenotype=canonical_name,
        classification=classification,
        explanation=f"{explanation} {SAFETY_NOTE}",
        guideline_title=guideline["title"],
        guideline_url=guideline["url"],
        pmid=str(guideline.get("pmid")) if guideline.get("pmid") else None,
        context=pairing.get("context"),
        activity_score=score_text,
    )


def data_version() -> str:
    return str(_data().get("version"))


__all__ = [
    "NoGuidelineError",
    "Recommendation",
    "SAFETY_NOTE",
    "UnknownDrugError",
    "drugs_for_gene",
    "normalise_drug",
    "recommend",
    "supported_drugs",
]
