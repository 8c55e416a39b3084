"""Replacing an index folder so that readers never see half of one."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def swap_in(staging: Path, directory: Path) -> None:
    """Move a fully written `staging` folder to `directory`, retiring the old one.

    Two renames on one file system; the old folder is removed only after the new one
    is in place, so a crash leaves either the old or the new index, never a mix.
    """
    retired = directory.with_name(directory.name + ".old")
    shutil.rmtree(retired, ignore_errors=True)
    if directory.exists():
        directory.rename(retired)
    staging.rename(directory)
    shutil.rmtree(retired, ignore_errors=True)


@contextmanager
def staged_folder(directory: Path) -> Iterator[Path]:
    """An empty sibling of `directory` to fill; when the block ends cleanly it replaces `directory`.

    If the block raises, the half-written sibling is removed and `directory` is left as it was.
    The sibling sits next to `directory` so that the swap is a rename on one file system.
    """
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}-", dir=directory.parent))
    try:
        yield staging
        swap_in(staging, directory)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
