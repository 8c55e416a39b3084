"""Size and type limits for files handed to an import, checked before any parsing.

A 2 GB "bundle" or a binary renamed .json should be refused with a clear message,
not read into memory. Symbolic links are refused so an import reads what it names.
"""

from __future__ import annotations

from pathlib import Path

from assistant.errors import ResultsImportError

DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
FHIR_SUFFIXES = (".json",)
PGX_SUFFIXES = (".vcf", ".vcf.gz", ".tsv", ".csv", ".txt")


def check_upload(path: Path, allowed_suffixes: tuple[str, ...], max_bytes: int = DEFAULT_MAX_UPLOAD_BYTES) -> None:
    if path.is_symlink():
        raise ResultsImportError(f"{path.name}: symbolic links are not imported; give the file itself")
    if not path.is_file():
        raise ResultsImportError(f"{path}: no such file")
    if not path.name.lower().endswith(allowed_suffixes):
        raise ResultsImportError(f"{path.name}: this import takes {', '.join(allowed_suffixes)} files only")
    size = path.stat().st_size
    if size == 0:
        raise ResultsImportError(f"{path.name}: the file is empty")
    if size > max_bytes:
        raise ResultsImportError(
            f"{path.name}: {size / 1_048_576:.1f} MB is over the {max_bytes / 1_048_576:.1f} MB limit for imports")
