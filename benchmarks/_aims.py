"""What every benchmark prints at the end of a measure: its aim, and MET or MISSED.

Benchmarks run as scripts (`python benchmarks/x.py`), so this is imported as `_aims`.
`benchmarks/report.py` collects these lines into `docs/benchmarks.md`.
"""

from __future__ import annotations

MARK = "AIM"


def verdict(what: str, figure: str, aim: str, met: bool) -> bool:
    """Print one line `AIM <what>: <figure> — aim <aim>: MET|MISSED`; return `met`."""
    print(f"{MARK} {what}: {figure} — aim {aim}: {'MET' if met else 'MISSED'}", flush=True)
    return met
