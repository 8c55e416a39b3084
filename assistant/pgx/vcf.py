"""Call diplotypes from a GRCh38 VCF at CPIC/PharmCAT allele-defining positions.

A pure function: `call_vcf(path)` reads `CHROM`, `POS`, `REF`, `ALT` and `FORMAT/GT` (and `PS`)
only — never INFO, QUAL or FILTER — and returns one `PgxResult` per gene. The file is read
completely before any call is made; a malformed line raises `ResultsImportError` naming the file and
line, and nothing is returned (all-or-nothing).

What it can and cannot call:
* A position absent from the file (or `./.`) is a no-call, never assumed reference. Alleles
  defined only at missing positions cannot be ruled out; the reason names the missing positions.
* Unphased heterozygous sites are resolved only when exactly one best-scoring pair of named alleles
  explains them; otherwise the gene is `not_called` and the candidates are listed.
* A genotype allele that no named allele carries (novel variant) or a REF that differs from GRCh38
  leaves the gene `not_called`.
* CYP2D6 (copy number, hybrids) and HLA-A/HLA-B are never called from a VCF: they need outside calls.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from itertools import combinations_with_replacement
from pathlib import Path
from typing import Literal

from assistant.errors import InputError, ResultsImportError
from assistant.pgx.alleles import DATA_DIR
from assistant.pgx.phenotype import call_phenotype

VCF_GENES: tuple[str, ...] = (
    "CYP2C19", "CYP2C9", "CYP3A5", "DPYD", "NUDT15", "SLCO1B1", "TPMT", "UGT1A1", "VKORC1",
)
OUTSIDE_CALL_GENES: tuple[str, ...] = ("CYP2D6", "HLA-A", "HLA-B")
Status = Literal["called", "not_called", "not_tested"]

_IUPAC = {
    "R": "AG", "Y": "CT", "S": "CG", "W": "AT", "K": "GT", "M": "AC",
    "B": "CGT", "D": "AGT", "H": "ACT", "V": "ACG", "N": "ACGT",
}
_BASES = re.compile(r"^[ACGTNacgtn]+$")
_GT = re.compile(r"^(\.|\d+)(?:([/|])(\.|\d+))?$")
_BUILD37 = re.compile(r"GRCh37|hg19|b37|hs37", re.IGNORECASE)


@dataclass(frozen=True)
class PgxResult:
    """One gene's result, from a VCF, an outside call or a lab report."""

    gene: str
    diplotype: str | None
    phenotype: str | None
    status: Status
    reason: str
    activity_score: str | None = None
    source: str = "vcf"  # "vcf" | "outside_call" | "report"
    candidates: tuple[str, ...] = ()
    missing_positions: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        data = asdict(self)
        data["candidates"] = list(self.candidates)
        data["missing_positions"] = list(self.missing_positions)
        return data


@dataclass(frozen=True)
class _Position:
    chrom: str
    pos: int
    rsid: str | None
    ref: str
    alts: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.chrom}:{self.pos}" + (f" ({self.rsid})" if self.rsid else "")


@dataclass(frozen=True)
class _Definition:
    gene: str
    positions: tuple[_Position, ...]
    names: tuple[str, ...]
    patterns: tuple[tuple[str, ...], ...]  # per allele, per position (reference filled in)
    defined: tuple[tuple[bool, ...], ...]  # per allele, whether the definition names that position


@lru_cache(maxsize=None)
def _definition(gene: str) -> _Definition:
    raw = json.loads((DATA_DIR / "definitions" / f"{gene}.json").read_text(encoding="utf-8"))
    chrom = raw["chromosome"]
    positions = tuple(
        _Position(chrom, p["position"], p.get("rsid"), p["ref"].upper(), tuple(a.upper() for a in p["alts"]))
        for p in raw["positions"]
    )
    reference = next(a for a in raw["alleles"] if a["reference"])
    ref_values = [v if v is not None else positions[i].ref for i, v in enumerate(reference["alleles"])]
    names, patterns, defined = [], [], []
    for allele in raw["alleles"]:
        names.append(allele["name"])
        patterns.append(tuple((v if v is not None else ref_values[i]).upper() for i, v in enumerate(allele["alleles"])))
        defined.append(tuple(v is not None for v in allele["alleles"]))
    return _Definition(gene, positions, tuple(names), tuple(patterns), tuple(defined))


def defined_positions(gene: str) -> list[tuple[str, int]]:
    return [(p.chrom, p.pos) for p in _definition(gene).positions]


@dataclass
class _Call:
    ref: str
    alleles: tuple[str, str] | None  # None = no call
    phased: bool
    phase_set: str | None
    line: int


@dataclass
class VcfContents:
    sample: str
    calls: dict[tuple[str, int], _Call] = field(default_factory=dict)


def _fail(path: Path | str, line: int | None, message: str) -> ResultsImportError:
    where = f"{Path(path).name}: line {line}: " if line else f"{Path(path).name}: "
    return ResultsImportError(where + message)


def _normalise_chrom(chrom: str) -> str:
    chrom = chrom.strip()
    if chrom.lower().startswith("chr"):
        return "chr" + chrom[3:]
    return "chr" + chrom


def read_vcf(path: str | Path, sample: str | None = None) -> VcfContents:
    """Parse every line first (all-or-nothing); keep GT/PS of one sample per (chrom, pos)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise _fail(path, None, f"cannot read the file ({type(error).__name__})") from None
    header: list[str] | None = None
    sample_index = 9
    contents: VcfContents | None = None
    saw_format_line = False
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.rstrip("\r")
        if not line.strip():
            continue
        if line.startswith("##"):
            if number == 1 or line.startswith("##fileformat"):
                saw_format_line = saw_format_line or line.startswith("##fileformat=VCF")
            if (line.startswith("##reference") or line.startswith("##contig") or line.startswith("##assembly")) and _BUILD37.search(line):
                raise _fail(path, number, "the file is on GRCh37/hg19; Tailor reads GRCh38 VCFs only")
            continue
        if line.startswith("#"):
            header = line.lstrip("#").split("\t")
            if len(header) < 10 or header[:9] != ["CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT"]:
                raise _fail(path, number, "header must be #CHROM POS ID REF ALT QUAL FILTER INFO FORMAT and at least one sample")
            samples = header[9:]
            if sample is None:
                if len(samples) > 1:
                    raise _fail(path, number, f"{len(samples)} samples; choose one of {', '.join(samples[:5])}")
                sample_index = 9
            elif sample in samples:
                sample_index = 9 + samples.index(sample)
            else:
                raise _fail(path, number, f"sample {sample!r} is not in the file")
            contents = VcfContents(sample=header[sample_index])
            continue
        if header is None or contents is None:
            raise _fail(path, number, "data before the #CHROM header line")
        fields = line.split("\t")
        if len(fields) != len(header):
            raise _fail(path, number, f"expected {len(header)} tab-separated columns, found {len(fields)}")
        chrom, pos_text, _id, ref, alt = fields[:5]
        if not pos_text.isdigit() or int(pos_text) < 1:
            raise _fail(path, number, f"POS {pos_text[:20]!r} is not a positive whole number")
        if not _BASES.match(ref):
            raise _fail(path, number, f"REF {ref[:20]!r} is not a DNA sequence")
        alts = [] if alt == "." else alt.split(",")
        for one in alts:
            if not (_BASES.match(one) or one == "*" or (one.startswith("<") and one.endswith(">"))):
                raise _fail(path, number, f"ALT {one[:20]!r} is not a DNA sequence")
        keys = fields[8].split(":")
        if "GT" not in keys:
            raise _fail(path, number, "FORMAT has no GT")
        values = fields[sample_index].split(":")
        gt = values[keys.index("GT")] if keys.index("GT") < len(values) else "."
        phase_set = values[keys.index("PS")] if "PS" in keys and keys.index("PS") < len(values) else None
        match = _GT.match(gt)
        if not match:
            raise _fail(path, number, f"GT {gt[:20]!r} is not a genotype")
        first, separator, second = match.groups()
        indexes = [first] + ([second] if second is not None else [])
        alleles: tuple[str, str] | None
        if any(i == "." for i in indexes) or len(indexes) != 2:
            alleles = None  # no-call, half-call or haploid: treated as missing
        else:
            choices = [ref.upper()] + [a.upper() for a in alts]
            picked = []
            for index in indexes:
                if int(index) >= len(choices):
                    raise _fail(path, number, f"GT {gt!r} refers to allele {index}, but ALT has {len(alts)}")
                picked.append(choices[int(index)])
            alleles = (picked[0], picked[1])
        key = (_normalise_chrom(chrom), int(pos_text))
        if key in contents.calls:
            raise _fail(path, number, f"{key[0]}:{key[1]} appears twice; merge multi-allelic records into one line")
        contents.calls[key] = _Call(
            ref=ref.upper(), alleles=alleles, phased=separator == "|",
            phase_set=None if phase_set in (None, ".") else phase_set, line=number,
        )
    if contents is None:
        raise _fail(path, None, "no #CHROM header line; is this a VCF file?")
    return contents


def _matches(defined: str, observed: str) -> bool:
    if defined == observed:
        return True
    return len(defined) == 1 and len(observed) == 1 and observed in _IUPAC.get(defined, "")


def _with_phenotype(gene: str, diplotype: str, reason: str, missing: tuple[str, ...]) -> PgxResult:
    try:
        call = call_phenotype(gene, diplotype)
    except InputError:
        return PgxResult(gene, diplotype, None, "called", reason + "; CPIC lists no phenotype for this diplotype",
                         missing_positions=missing)
    return PgxResult(gene, call.diplotype_normalised, call.phenotype, "called", reason,
                     activity_score=call.activity_score_text, missing_positions=missing)


def call_gene(gene: str, contents: VcfContents) -> PgxResult:
    """One gene's diplotype from parsed VCF contents."""
    if gene in OUTSIDE_CALL_GENES:
        return PgxResult(gene, None, None, "not_called",
                         f"{gene} cannot be called from a VCF here; it needs an outside call from the lab")
    definition = _definition(gene)
    present: list[int] = []
    missing: list[str] = []
    genotypes: dict[int, _Call] = {}
    for index, position in enumerate(definition.positions):
        call = contents.calls.get((position.chrom, position.pos))
        if call is None or call.alleles is None:
            missing.append(position.label)
            continue
        if call.ref != position.ref:
            return PgxResult(gene, None, None, "not_called",
                             f"REF at {position.label} is {call.ref[:12]} but GRCh38 has {position.ref[:12]}; "
                             "check the build and left-aligned normalisation", missing_positions=tuple(missing))
        known = {position.ref, *position.alts}
        for allele in call.alleles:
            if allele not in known and not any(_matches(p[index], allele) for p in definition.patterns):
                return PgxResult(gene, None, None, "not_called",
                                 f"allele {allele[:12]} at {position.label} is not part of any named {gene} allele")
        present.append(index)
        genotypes[index] = call
    total = len(definition.positions)
    missing_t = tuple(missing)
    if not present:
        return PgxResult(gene, None, None, "not_tested",
                         f"none of the {total} {gene} positions are in the file", missing_positions=missing_t)

    hets = [i for i in present if genotypes[i].alleles[0] != genotypes[i].alleles[1]]
    phase_sets = {genotypes[i].phase_set for i in hets}
    phased = bool(hets) and all(genotypes[i].phased for i in hets) and len(phase_sets) <= 1
    scores = [sum(1 for i in present if defined[i]) for defined in definition.defined]

    def fits(allele: int, hap: int) -> bool:
        pattern = definition.patterns[allele]
        return all(_matches(pattern[i], genotypes[i].alleles[hap]) for i in present)

    matches: list[tuple[int, str]] = []
    if phased:
        best = []
        for hap in (0, 1):
            fitting = [a for a in range(len(definition.names)) if fits(a, hap)]
            if not fitting:
                best.append([])
                continue
            top = max(scores[a] for a in fitting)
            best.append([a for a in fitting if scores[a] == top])
        for a in best[0]:
            for b in best[1]:
                matches.append((scores[a] + scores[b], f"{definition.names[a]}/{definition.names[b]}"))
    else:
        for a, b in combinations_with_replacement(range(len(definition.names)), 2):
            pa, pb = definition.patterns[a], definition.patterns[b]
            ok = True
            for i in present:
                g1, g2 = genotypes[i].alleles
                if not ((_matches(pa[i], g1) and _matches(pb[i], g2)) or (_matches(pa[i], g2) and _matches(pb[i], g1))):
                    ok = False
                    break
            if ok:
                matches.append((scores[a] + scores[b], f"{definition.names[a]}/{definition.names[b]}"))

    notes = []
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        notes.append(f"{len(missing)} of {total} positions missing ({shown}); alleles defined there could not be ruled out")
    if not matches:
        return PgxResult(gene, None, None, "not_called",
                         "; ".join(["no pair of named alleles explains the genotypes (possible novel or rare allele)"] + notes),
                         missing_positions=missing_t)
    top_score = max(score for score, _ in matches)
    top = sorted({name for score, name in matches if score == top_score})
    if len(top) > 1:
        why = (f"{len(hets)} unphased heterozygous positions" if len(hets) >= 2 and not phased
               else "missing positions" if missing else "several named alleles fit")
        return PgxResult(gene, None, None, "not_called",
                         "; ".join([f"{len(top)} diplotypes fit equally well ({why}): {', '.join(top[:6])}"] + notes),
                         candidates=tuple(top), missing_positions=missing_t)
    if len(hets) >= 2 and not phased:
        notes.insert(0, f"{len(hets)} heterozygous positions are unphased; this is the only best-scoring pairing of named alleles")
    reason = "; ".join(["called from all defining positions" if not missing else "top candidate"] + notes)
    return _with_phenotype(gene, top[0], reason, missing_t)


def call_vcf(path: str | Path, sample: str | None = None, genes: tuple[str, ...] | None = None) -> list[PgxResult]:
    """All supported genes from one VCF (GRCh38), plus not_called rows for CYP2D6 and HLA."""
    contents = read_vcf(path, sample)
    wanted = genes or VCF_GENES + OUTSIDE_CALL_GENES
    return [call_gene(gene, contents) for gene in wanted]


__all__ = ["OUTSIDE_CALL_GENES", "PgxResult", "VCF_GENES", "VcfContents", "call_gene", "call_vcf", "read_vcf"]
