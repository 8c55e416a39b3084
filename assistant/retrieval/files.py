"""Replacing an index folder so that readers never see half of one."""

from __future__ import annotations

import shutil
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
