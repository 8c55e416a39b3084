"""Pharmacogenomics core: CPIC tables, phenotype calling, recommendations, VCF and report import.

Public API:
    call_phenotype(gene, diplotype) -> PhenotypeCall
    recommend(gene, phenotype, drug) -> Recommendation
    call_vcf(path) -> list[PgxResult]           (GRCh38 VCF; all-or-nothing)
    import_outside_calls(path) -> list[PgxResult]  (TSV/CSV lab calls; all-or-nothing)
    normalise_drug(name) -> generic name (brands recognised)
"""

from assistant.pgx.alleles import (
    SUPPORTED_GENES,
    DiplotypeFormatError,
    UnknownAlleleError,
    UnknownGeneError,
    normalise_gene,
)
from assistant.pgx.phenotype import PhenotypeCall, call_phenotype
from assistant.pgx.recommendations import (
    NoGuidelineError,
    Recommendation,
    UnknownDrugError,
    drugs_for_gene,
    normalise_drug,
    recommend,
    supported_drugs,
)
from assistant.pgx.report_import import import_outside_calls
from assistant.pgx.vcf import OUTSIDE_CALL_GENES, VCF_GENES, PgxResult, call_vcf

__all__ = [
    "OUTSIDE_CALL_GENES",
    "SUPPORTED_GENES",
    "VCF_GENES",
    "DiplotypeFormatError",
    "NoGuidelineError",
    "PgxResult",
    "PhenotypeCall",
    "Recommendation",
    "UnknownAlleleError",
    "UnknownDrugError",
    "UnknownGeneError",
    "call_phenotype",
    "call_vcf",
    "drugs_for_gene",
    "import_outside_calls",
    "normalise_drug",
    "normalise_gene",
    "recommend",
    "supported_drugs",
]
