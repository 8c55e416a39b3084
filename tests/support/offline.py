"""Start processes under the offline guard (`network_guard/sitecustomize.py`) and read its log."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

GUARD_DIR = Path(__file__).resolve().parent / "network_guard"


def guarded_environment(log_path: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """`base` (default: this process's environment) with every Python child guarded."""
    env = dict(os.environ if base is None else base)
    env["PYTHONPATH"] = os.pathsep.join(part for part in (str(GUARD_DIR), env.get("PYTHONPATH")) if part)
    env["TAILOR_NETWORK_GUARD_LOG"] = str(log_path)
    return env


@dataclass(frozen=True)
class GuardLog:
    guarded: list[str]  # the command line of every process that started under the guard
    refused: list[str]  # every connection or lookup beyond loopback, refused

    @classmethod
    def read(cls, path: Path) -> GuardLog:
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        return cls(
            guarded=[line.split(" ", 2)[2] for line in lines if line.startswith("guarded ")],
            refused=[line.split(" ", 2)[2] for line in lines if line.startswith("refused ")],
        )
