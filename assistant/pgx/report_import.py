"""Outside calls: a TSV/CSV of gene + diplotype/phenotype/activity score as a lab report gives it.

Accepted layouts (PharmCAT outside-call style and common lab exports):
* no header, tab-separated: `gene, diplotype, phenotype, activity score` (any of the last three empty),
  e.g. `CYP2D6<TAB>*1/*3`, `HLA-B<TAB><TAB>*57:01 positive`, `CYP2C9<TAB><TAB><TAB>2.0`;
* a header row naming the columns (`gene`, `diplotype` or `Source Diplotype`, `phenotype`,
  `activity score`), comma- or tab-separated — this includes PharmCAT's calls-only report TSV.

All-or-nothing: any malformed row raises `ResultsImportError` naming the file and line.
Genes Tailor does not interpret are returned as `not_called` with the lab's text kept, never dropped
and never shown as normal.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from assistant.errors import InputError, ResultsImportError
from assistant.pgx.alleles import ACTIVITY_SCORE_GENES, HLA_ALLELES, SUPPORTED_GENES, gene_table, normalise_gene
from assistant.pgx.phenotype import call_phenotype, parse_score, phenotype_for_score
from assistant.pgx.vcf import PgxResult

MAX_BYTES = 1_000_000
_HEADERS = {
    "gene": "gene",
    "diplotype": "diplotype", "sourcediplotype": "diplotype", "genotype": "diplotype", "result": "diplotype",
    "phenotype": "phenotype",
    "activityscore": "activity_score",
}
_NOT_TESTED = {"not tested", "nottested", "not performed"}
_NO_CALL = {"no call", "nocall", "uncallable", "unknown/unknown", "no result", "n/a", "not called", "indeterminate/indeterminate"}


def _fail(path: Path, line: int | None, message: str) -> ResultsImportError:
    return ResultsImportError(f"{path.name}: line {line}: {message}" if line else f"{path.name}: {message}")


def _cpic_phenotypes(gene: str) -> set[str]:
    table = gene_table(gene)
    names = {row[1] for row in table.diplotypes.values()} | {b["phenotype"] for b in table.activity_score_bands}
    return names | {"Indeterminate"}


def _hla_from_phenotype(gene: str, text: str) -> str:
    carried, seen = set(), []
    for piece in re.split(r"[;,]", text):
        match = re.search(r"\*?(\d{2,3}):(\d{2,3})\s*(positive|negative|not detected|detected)", piece, re.IGNORECASE)
        if not match:
            if piece.strip():
                raise InputError(f"cannot read {gene} result {piece.strip()[:40]!r}; expected e.g. *57:01 positive")
            continue
        allele = f"*{match.group(1)}:{match.group(2)}"
        if allele not in HLA_ALLELES[gene]:
            raise InputError(f"Tailor interprets {gene} {', '.join(HLA_ALLELES[gene])} only, not {allele}")
        seen.append(allele)
        if match.group(3).lower() in ("positive", "detected"):
            carried.add(allele)
    if not seen:
        raise InputError(f"no {gene} allele result in {text.strip()[:40]!r}")
    return "; ".join(f"{a} {'positive' if a in carried else 'negative'}" for a in HLA_ALLELES[gene] if a in seen)


def _interpret(gene: str, diplotype: str, phenotype: str, score: str) -> PgxResult:
    lowered = diplotype.lower()
    if lowered in _NOT_TESTED or phenotype.lower() in _NOT_TESTED:
        return PgxResult(gene, None, None, "not_tested", "the report says this gene was not tested", source="report")
    if lowered in _NO_CALL and not phenotype and not score:
        return PgxResult(gene, None, None, "not_called", "the report gives no call for this gene", source="report")
    if diplotype and lowered not in _NO_CALL:
        call = call_phenotype(gene, diplotype)
        reason = "diplotype from the report; phenotype from CPIC's table"
        shown = call.phenotype
        if phenotype and gene not in HLA_ALLELES and phenotype.lower() != call.phenotype.lower():
            reason = f"the report says {phenotype!r}; CPIC's table gives {call.phenotype!r} for this diplotype (report shown)"
            shown = phenotype
        return PgxResult(gene, call.diplotype_normalised, shown, "called", reason,
                         activity_score=call.activity_score_text, source="report")
    if phenotype:
        if gene in HLA_ALLELES:
            return PgxResult(gene, None, _hla_from_phenotype(gene, phenotype), "called",
                             "carrier result from the report", source="report")
        known = {p.lower(): p for p in _cpic_phenotypes(gene)}
        canonical = known.get(phenotype.lower().replace("metaboliser", "metabolizer"))
        if canonical is None:
            raise InputError(f"{phenotype[:40]!r} is not a CPIC {gene} phenotype")
        score_text = None
        if score:
            value, _ = parse_score(score)
            if value is None:
                raise InputError(f"activity score {score[:20]!r} is not a number")
            score_text = score
        return PgxResult(gene, None, canonical, "called", "phenotype from the report", activity_score=score_text, source="report")
    if score:
        if gene not in ACTIVITY_SCORE_GENES:
            raise InputError(f"CPIC does not use an activity score for {gene}")
        value, _ = parse_score(score)
        if value is None:
            raise InputError(f"activity score {score[:20]!r} is not a number")
        return PgxResult(gene, None, phenotype_for_score(gene, value), "called",
                         "phenotype from the report's activity score", activity_score=score.strip(), source="report")
    raise InputError(f"{gene} has no diplotype, phenotype or activity score")


def import_outside_calls(path: str | Path) -> list[PgxResult]:
    """Read every row first; return one PgxResult per gene row, in file order."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise _fail(path, None, f"cannot read the file ({type(error).__name__})") from None
    if len(raw) > MAX_BYTES:
        raise _fail(path, None, "file is larger than 1 MB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _fail(path, None, "file is not UTF-8 text") from None
    lines = text.splitlines()
    sample = next((l for l in lines if l.strip() and not l.startswith("#") and not l.lower().startswith("pharmcat")), "")
    delimiter = "\t" if "\t" in sample or path.suffix.lower() in (".tsv", ".txt") else ","
    columns: dict[str, int] | None = None
    results: list[PgxResult] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#") or (number == 1 and line.lower().startswith("pharmcat")):
            continue
        cells = [c.strip() for c in next(csv.reader(io.StringIO(line), delimiter=delimiter))]
        if columns is None and cells and cells[0].lower() == "gene":
            columns = {}
            for index, name in enumerate(cells):
                key = _HEADERS.get(re.sub(r"[^a-z]", "", name.lower()))
                if key and key not in columns:
                    columns[key] = index
            if "diplotype" not in columns and "phenotype" not in columns and "activity_score" not in columns:
                raise _fail(path, number, "header names no diplotype, phenotype or activity score column")
            continue
        if columns is None:
            if len(cells) > 4:
                raise _fail(path, number, f"expected at most 4 columns (gene, diplotype, phenotype, activity score), found {len(cells)}")
            get = lambda key, order={"gene": 0, "diplotype": 1, "phenotype": 2, "activity_score": 3}: (
                cells[order[key]] if order[key] < len(cells) else "")
        else:
            get = lambda key: cells[columns[key]] if key in columns and columns[key] < len(cells) else ""
        raw_gene = get("gene")
        if not raw_gene:
            raise _fail(path, number, "no gene in the first column")
        try:
            gene = normalise_gene(raw_gene)
        except InputError:
            gene = None
        if gene is None:
            results.append(PgxResult(raw_gene[:40], get("diplotype") or None, get("phenotype") or None, "not_called",
                                     f"Tailor does not interpret {raw_gene[:40]}; kept as the report gives it", source="report"))
            continue
        if gene in seen:
            raise _fail(path, number, f"{gene} appears twice (first on line {seen[gene]})")
        seen[gene] = number
        try:
            results.append(_interpret(gene, get("diplotype"), get("phenotype"), get("activity_score")))
        except InputError as error:
            raise _fail(path, number, str(error)) from None
    if not results:
        raise _fail(path, None, "no gene rows found")
    return results


__all__ = ["SUPPORTED_GENES", "import_outside_calls"]
