"""Diplotype → CPIC phenotype (and activity score for CYP2D6, CYP2C9, DPYD).

`call_phenotype("CYP2C19", "*2/*1")` accepts the spellings lab reports use: either order, a gene
prefix (`CYP2C19 *1/*17`, `CYP2C19*1/CYP2C19*17`), CYP2D6 copy numbers (`*1/*4x2`, `*1/*1xN`,
`*1x>=3`), DPYD variant names (`c.1905+1G>A`, `*2A`, `HapB3`), VKORC1 genotypes (`-1639 AG`, `GA`,
`C/T`) and HLA two-field alleles (`*57:01/*08:01`). Unknown genes or alleles raise `InputError`
subclasses whose message is one line.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from assistant.pgx.alleles import (
    HLA_ALLELES,
    DiplotypeFormatError,
    UnknownAlleleError,
    gene_table,
    normalise_gene,
    resolve_allele,
)

MAX_DIPLOTYPE_LENGTH = 200


@dataclass(frozen=True)
class PhenotypeCall:
    gene: str
    diplotype_normalised: str
    phenotype: str
    activity_score: float | None = None
    activity_score_text: str | None = None  # CPIC spelling, e.g. "1.0" or "≥3.0"
    allele_functions: tuple[str | None, ...] = ()
    note: str | None = None

    def to_dict(self) -> dict:
        data = asdict(self)
        data["allele_functions"] = list(self.allele_functions)
        return data


def _gene_prefix_pattern(gene: str) -> str:
    compact = re.sub(r"[^A-Z0-9]", "", gene)
    return "[-_ ]?".join(re.escape(ch) for ch in compact)


def _strip_gene(gene: str, text: str) -> str:
    pattern = _gene_prefix_pattern(gene)
    return re.sub(rf"^\s*{pattern}\s*:?\s*", "", text, flags=re.IGNORECASE).strip()


def _split_pair(gene: str, text: str) -> list[str]:
    parts = [_strip_gene(gene, part) for part in text.split("/")]
    if len(parts) != 2 or not all(parts):
        raise DiplotypeFormatError(
            f"cannot read {text.strip()[:60]!r} as a {gene} diplotype; expected two alleles separated by '/', e.g. *1/*2"
        )
    return parts


def _natural_key(name: str) -> tuple:
    return tuple(int(piece) if piece.isdigit() else piece for piece in re.split(r"(\d+)", name))


def format_score(value: float, at_least: bool = False) -> str:
    """CPIC's spelling: 1.0, 1.5, 0.25, 2.75; with ≥ when copy number is open-ended."""
    text = f"{value:.2f}".rstrip("0")
    if text.endswith("."):
        text += "0"
    return ("≥" if at_least else "") + text


def parse_score(text: str | None) -> tuple[float | None, bool]:
    if text is None:
        return None, False
    cleaned = str(text).strip().replace(">=", "≥")
    at_least = cleaned.startswith("≥")
    try:
        return float(cleaned.lstrip("≥").strip()), at_least
    except ValueError:
        return None, False


def phenotype_for_score(gene: str, score: float) -> str:
    """Activity score → phenotype, from CPIC's bands (CYP2D6) or diplotype table (CYP2C9, DPYD)."""
    table = gene_table(gene)
    if table.activity_score_bands:
        for band in table.activity_score_bands:
            if score >= band["min"] and (band["max"] is None or score <= band["max"]):
                return band["phenotype"]
    else:
        for _, phenotype, text in table.diplotypes.values():
            value, _ = parse_score(text)
            if value is not None and abs(value - score) < 1e-9:
                return phenotype
    raise DiplotypeFormatError(f"{score} is not a {gene} activity score CPIC defines")


# ---------------------------------------------------------------- CYP2D6 (copy numbers)

_COPIES = re.compile(r"^(.*?)\s*[xX×]\s*(≥\s*\d+|>=\s*\d+|\d+|[nN])$")


def _cyp2d6_part(token: str, copies_for_n: str) -> tuple[str, str | None, str | None]:
    """One CYP2D6 allele (maybe duplicated) → (display name, activity text, function)."""
    table = gene_table("CYP2D6")
    try:
        name = resolve_allele("CYP2D6", token)
        allele = table.alleles[name]
        return name, allele.activity_value, allele.function
    except UnknownAlleleError:
        match = _COPIES.match(token.strip())
        if not match:
            raise
    base = resolve_allele("CYP2D6", match.group(1))
    copies = match.group(2).replace(">=", "≥").replace(" ", "")
    if copies in ("N", "n"):
        copies = copies_for_n
    if copies in ("0",):
        raise DiplotypeFormatError(f"CYP2D6 allele {token.strip()!r} has zero copies")
    if copies == "1":
        allele = table.alleles[base]
        return base, allele.activity_value, allele.function
    listed = f"{base}x{copies}"
    if listed in table.alleles:
        allele = table.alleles[listed]
        return listed, allele.activity_value, allele.function
    base_allele = table.alleles[base]
    value, _ = parse_score(base_allele.activity_value)
    if value is None:
        return listed, "n/a", base_allele.function
    at_least = copies.startswith("≥")
    count = int(copies.lstrip("≥"))
    return listed, format_score(value * count, at_least and value > 0), base_allele.function


def _cyp2d6_call(parts: list[str], copies_for_n: str = "2") -> PhenotypeCall:
    resolved = sorted((_cyp2d6_part(p, copies_for_n) for p in parts), key=lambda r: _natural_key(r[0]))
    diplotype = "/".join(r[0] for r in resolved)
    functions = tuple(r[2] for r in resolved)
    values = [parse_score(r[1]) for r in resolved]
    if any(v is None for v, _ in values):
        return PhenotypeCall("CYP2D6", diplotype, "Indeterminate", None, "n/a", functions)
    total = sum(v for v, _ in values)
    at_least = any(flag for _, flag in values)
    return PhenotypeCall(
        "CYP2D6", diplotype, phenotype_for_score("CYP2D6", total), total,
        format_score(total, at_least), functions,
    )


def _cyp2d6(parts: list[str]) -> PhenotypeCall:
    if not any(re.search(r"[xX×]\s*[nN]$", p.strip()) for p in parts):
        return _cyp2d6_call(parts)
    low = _cyp2d6_call(parts, "2")
    high = _cyp2d6_call(parts, "≥3")
    shown = "/".join(sorted((p.strip() for p in parts), key=_natural_key))
    if low.phenotype == high.phenotype:
        return PhenotypeCall(
            "CYP2D6", shown, low.phenotype, low.activity_score,
            low.activity_score_text if low.activity_score_text == high.activity_score_text
            else format_score(low.activity_score, True) if low.activity_score is not None else None,
            low.allele_functions,
            note="copy number not stated (xN); the phenotype is the same for 2 or more copies",
        )
    return PhenotypeCall(
        "CYP2D6", shown, "Indeterminate", None, None, low.allele_functions,
        note=(
            f"copy number not stated (xN): with 2 copies {low.diplotype_normalised} is {low.phenotype} "
            f"(activity score {low.activity_score_text}), with 3 or more {high.phenotype}; "
            "the lab can report the exact copy number"
        ),
    )


# ---------------------------------------------------------------- VKORC1 genotypes

_VKORC1_GENOTYPE = re.compile(r"^(?:-?\s*1639\s*|rs9923231\s*|c\.\s*-1639\s*)?([GACTgact])\s*([GACTgact])$")


def _vkorc1_parts(text: str) -> list[str]:
    match = _VKORC1_GENOTYPE.match(text.strip())
    if "/" not in text and match:
        letters = {match.group(1).upper(), match.group(2).upper()}
        if not (letters <= {"G", "A"} or letters <= {"C", "T"}):
            raise DiplotypeFormatError(
                f"cannot read VKORC1 genotype {text.strip()!r}: use -1639 G/A letters (GG, AG, AA) or rs9923231 C/T"
            )
        return [match.group(1), match.group(2)]
    return _split_pair("VKORC1", text)


# ---------------------------------------------------------------- HLA

_HLA_ALLELE = re.compile(r"^\*?(\d{2,3}):(\d{2,3})(?::\d{2,3}){0,2}[A-Z]?$")
_HLA_OLD = re.compile(r"^\*?(\d{2})(\d{2})$")


def normalise_hla_allele(gene: str, token: str) -> str:
    text = _strip_gene(gene, token)
    text = re.sub(r"^[AB](?=\*)", "", text.strip(), flags=re.IGNORECASE)
    match = _HLA_ALLELE.match(text) or _HLA_OLD.match(text)
    if not match:
        raise UnknownAlleleError(f"cannot read {gene} allele {token.strip()[:40]!r}; expected a form like *57:01")
    return f"*{match.group(1)}:{match.group(2)}"


def hla_phenotype(gene: str, carried: set[str]) -> str:
    return "; ".join(
        f"{allele} {'positive' if allele in carried else 'negative'}" for allele in HLA_ALLELES[gene]
    )


def _hla(gene: str, text: str) -> PhenotypeCall:
    if re.search(r"\b(positive|negative|detected|not detected)\b", text, re.IGNORECASE):
        raise DiplotypeFormatError(
            f"{text.strip()[:60]!r} is already a carrier result, not a {gene} diplotype; give two alleles such as *57:01/*08:01"
        )
    alleles = sorted((normalise_hla_allele(gene, p) for p in _split_pair(gene, text)), key=_natural_key)
    return PhenotypeCall(gene, "/".join(alleles), hla_phenotype(gene, set(alleles)))


# ---------------------------------------------------------------- entry point


def call_phenotype(gene: str, diplotype: str) -> PhenotypeCall:
    """Gene + diplotype in a common spelling → CPIC phenotype (InputError subclasses on bad input)."""
    gene = normalise_gene(gene)
    if not isinstance(diplotype, str) or not diplotype.strip():
        raise DiplotypeFormatError(f"no {gene} diplotype given")
    if len(diplotype) > MAX_DIPLOTYPE_LENGTH:
        raise DiplotypeFormatError(f"{gene} diplotype is longer than {MAX_DIPLOTYPE_LENGTH} characters")
    text = _strip_gene(gene, diplotype)
    if gene in HLA_ALLELES:
        return _hla(gene, text)
    if gene == "CYP2D6":
        return _cyp2d6(_split_pair(gene, text))
    parts = _vkorc1_parts(text) if gene == "VKORC1" else _split_pair(gene, text)
    table = gene_table(gene)
    names = [resolve_allele(gene, part) for part in parts]
    row = table.diplotypes.get(tuple(sorted(names)))
    if row is None:  # every pair of listed alleles is in CPIC's tables; guard anyway
        raise UnknownAlleleError(f"CPIC lists no phenotype for {gene} {'/'.join(names)}")
    spelled, phenotype, score_text = row
    score, _ = parse_score(score_text)
    first, second = spelled.split("/")
    functions = (table.alleles[first].function, table.alleles[second].function)
    return PhenotypeCall(gene, spelled, phenotype, score, score_text if score is not None else None, functions)


__all__ = [
    "PhenotypeCall",
    "call_phenotype",
    "format_score",
    "hla_phenotype",
    "normalise_hla_allele",
    "parse_score",
    "phenotype_for_score",
]
