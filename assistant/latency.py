"""Latency figures as the benchmarks and evaluations report them."""

from __future__ import annotations


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of `values` (`fraction` 0.95 for p95): a measured value, never interpolated."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]
