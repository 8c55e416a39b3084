"""CPIC allele-function and diplotype tables, shipped in `data/genes/` (see data/README.md).

This module loads the tables and resolves gene and allele names in the spellings people and
lab reports use; `phenotype.py` turns a diplotype into a phenotype.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from assistant.errors import InputError

DATA_DIR = Path(__file__).resolve().parent / "data"

#: Genes with CPIC tables in data/genes/.
TABLE_GENES: tuple[str, ...] = (
    "CYP2C19", "CYP2C9", "CYP2D6", "CYP3A5", "DPYD", "NUDT15", "SLCO1B1", "TPMT", "UGT1A1", "VKORC1",
)
#: HLA genes: only carrier status of these alleles is interpreted (CPIC reports them as positive/negative).
HLA_ALLELES: dict[str, tuple[str, ...]] = {
    "HLA-B": ("*57:01", "*15:02", "*58:01"),
    "HLA-A": ("*31:01",),
}
#: Genes whose phenotype CPIC derives from an activity score.
ACTIVITY_SCORE_GENES = frozenset({"CYP2D6", "CYP2C9", "DPYD"})
SUPPORTED_GENES: tuple[str, ...] = TABLE_GENES + tuple(HLA_ALLELES)


class UnknownGeneError(InputError):
    """The gene is not one Tailor interprets."""


class UnknownAlleleError(InputError):
    """An allele name is not in CPIC's table for the gene."""


class DiplotypeFormatError(InputError):
    """The diplotype text cannot be read as two alleles."""


@dataclass(frozen=True)
class Allele:
    name: str
    function: str | None
    activity_value: str | None  # CPIC text: "1.0", "0.25", "≥3.0", "n/a" or None


@dataclass(frozen=True)
class GeneTable:
    gene: str
    source: dict
    alleles: dict[str, Allele]
    # (sorted allele pair) -> (CPIC diplotype spelling, phenotype, activity score text or None)
    diplotypes: dict[tuple[str, str], tuple[str, str, str | None]] = field(default_factory=dict)
    activity_score_bands: tuple[dict, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)  # lower-case alias -> allele name


_GENE_ALIASES = {re.sub(r"[^A-Z0-9]", "", g): g for g in SUPPORTED_GENES}


def normalise_gene(text: str) -> str:
    """`cyp2c19`, `HLA_B`, `hla-b` → canonical symbol; UnknownGeneError otherwise."""
    key = re.sub(r"[^A-Z0-9]", "", (text or "").upper())
    if key in _GENE_ALIASES:
        return _GENE_ALIASES[key]
    shown = (text or "").strip()[:40] or "(empty)"
    raise UnknownGeneError(
        f"unknown gene {shown!r}; Tailor interprets {', '.join(SUPPORTED_GENES)}"
    )


def _allele_aliases(gene: str, names: list[str]) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for name in names:
        aliases[name.lower()] = name
        if gene == "DPYD":
            # "c.1905+1G>A (*2A)" → "c.1905+1G>A", "*2A"; "c.1129-5923C>G, c.1236G>A (HapB3)" → parts, "HapB3"
            match = re.match(r"^(.*?)\s*\(([^)]+)\)\s*$", name)
            core, label = (match.group(1), match.group(2)) if match else (name, None)
            if label:
                aliases.setdefault(label.lower(), name)
            for part in core.split(","):
                part = part.strip()
                if part:
                    aliases.setdefault(part.lower(), name)
                    aliases.setdefault(part.lower().removeprefix("c."), name)
            if name == "Reference":
                for word in ("ref", "normal", "wild type", "wildtype", "wt", "*1"):
                    aliases.setdefault(word, name)
        if gene == "VKORC1":
            variant = "variant" in name
            for word in (["t", "a", "-1639a", "1639a", "variant"] if variant else ["c", "g", "-1639g", "1639g", "reference"]):
                aliases.setdefault(word, name)
    return aliases


@lru_cache(maxsize=None)
def gene_table(gene: str) -> GeneTable:
    gene = normalise_gene(gene)
    if gene not in TABLE_GENES:
        raise UnknownGeneError(f"{gene} has no allele table; its results are read as carrier status")
    raw = json.loads((DATA_DIR / "genes" / f"{gene}.json").read_text(encoding="utf-8"))
    alleles = {
        name: Allele(name, info.get("function"), info.get("activity_value"))
        for name, info in raw["alleles"].items()
    }
    diplotypes: dict[tuple[str, str], tuple[str, str, str | None]] = {}
    for diplotype, phenotype, score in raw.get("diplotypes", []):
        first, second = diplotype.split("/")
        diplotypes[tuple(sorted((first, second)))] = (diplotype, phenotype, score)
    return GeneTable(
        gene=gene,
        source=raw["source"],
        alleles=alleles,
        diplotypes=diplotypes,
        activity_score_bands=tuple(raw.get("activity_score_bands", ())),
        aliases=_allele_aliases(gene, list(alleles)),
    )


def resolve_allele(gene: str, token: str) -> str:
    """One allele in a common spelling → the CPIC name (`1` → `*1`, `*4X2` → `*4x2`); UnknownAlleleError."""
    table = gene_table(gene)
    text = re.sub(r"\s+", " ", token.strip())
    text = text.replace(">=", "≥")
    candidates = [text]
    if re.match(r"^\d", text):
        candidates.append("*" + text)
    if gene == "CYP2D6":
        candidates += [re.sub(r"[xX×]", "x", c) for c in list(candidates)]
    for candidate in candidates:
        if candidate in table.alleles:
            return candidate
        found = table.aliases.get(candidate.lower())
        if found:
            return found
    raise UnknownAlleleError(f"unknown {gene} allele {token.strip()[:40]!r}")


__all__ = [
    "ACTIVITY_SCORE_GENES",
    "Allele",
    "DiplotypeFormatError",
    "GeneTable",
    "HLA_ALLELES",
    "SUPPORTED_GENES",
    "TABLE_GENES",
    "UnknownAlleleError",
    "UnknownGeneError",
    "gene_table",
    "normalise_gene",
    "resolve_allele",
]
