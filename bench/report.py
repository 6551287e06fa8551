"""Write benchmark results into docs/benchmarks.md, each suite between its own markers, and describe the machine.

A suite owns the text between ``<!-- bench:<key>:start -->`` and ``<!-- bench:<key>:end -->``; writing it
replaces only that text (appending the block when it is new), so suites never clobber each other.
"""

from __future__ import annotations

import json
import os
import platform
import re
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from bench.database import REPO_ROOT

DOC_PATH = REPO_ROOT / "docs" / "benchmarks.md"
RESULTS_DIR = REPO_ROOT / "bench" / "results"  # git-ignored raw output
SQL_TABLE = re.compile(
    r'^\s*(?:SELECT .*? FROM|INSERT (?:OR IGNORE )?INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.DOTALL | re.IGNORECASE
)
DOC_HEADER = """# Benchmarks

Written by `bench/run_bench.py`; each suite replaces only its own section. Every figure that is judged
against a target is a ratio against a baseline measured in the same run, on the same machine and database,
so results from different machines can be compared; the milliseconds are there for context only.
Timings are never test assertions: the test suite does not time anything, and a FAIL here is a finding to
act on, not a broken build.
"""


def markers(key: str) -> tuple[str, str]:
    """Return the start and end markers of the block a suite owns."""
    return f"<!-- bench:{key}:start -->", f"<!-- bench:{key}:end -->"


def block_get(text: str, key: str) -> str | None:
    """Return the content between a block's markers, or None when the block is absent."""
    start, end = markers(key)
    head, found, rest = text.partition(start)
    if not found or end not in rest:
        return None
    return rest.partition(end)[0].strip("\n")


def block_replace(text: str, key: str, content: str) -> str:
    """Return ``text`` with the block's content replaced, or with the block appended when it is absent."""
    start, end = markers(key)
    block = f"{start}\n{content.strip(chr(10))}\n{end}"
    head, found, rest = text.partition(start)
    if found and end in rest:
        return head + block + rest.partition(end)[2]
    return text.rstrip("\n") + "\n\n" + block + "\n"


def doc_block_write(key: str, content: str, path: Path = DOC_PATH) -> None:
    """Write one suite's block into the benchmarks document, creating the document if needed."""
    text = path.read_text() if path.exists() else DOC_HEADER
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(block_replace(text, key, content))


def doc_block_read(key: str, path: Path = DOC_PATH) -> str | None:
    """Return a block's current content in the benchmarks document, if it is there."""
    return block_get(path.read_text(), key) if path.exists() else None


def results_write(name: str, data: dict) -> Path:
    """Save raw results as JSON under bench/results/ and return the path."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / name
    path.write_text(json.dumps(data, indent=2, default=str) + "\n")
    return path


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Return a Markdown table."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def text_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Return an aligned plain-text table for the terminal."""
    cells = [list(map(str, headers)), *[list(map(str, row)) for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def cpu_count() -> int:
    """Return the CPUs this process may run on (what `nproc` prints)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def cpu_model() -> str:
    """Return the CPU model name, when the platform says."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_summary() -> str:
    """Return one line describing the machine and interpreter."""
    return (
        f"{cpu_model()}, nproc {cpu_count()}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def load_average() -> str:
    """Return the 1-minute load average, to show whether other work shared the machine."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "unknown"


def sql_tables(statements: Sequence[str]) -> str:
    """Summarise SQL statements by the table each one reads or writes, e.g. "wagtailcore_page 6, auth_user 1"."""
    counts: dict[str, int] = {}
    for statement in statements:
        match = SQL_TABLE.search(statement)
        name = match.group(1) if match else statement.split()[0].upper()
        counts[name] = counts.get(name, 0) + 1
    return ", ".join(f"{name} {count}" for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def now_utc() -> str:
    """Return the current time as an ISO-style UTC string to the minute."""
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def python_command() -> str:
    """Return how this interpreter is named relative to the project root (normally .venv/bin/python)."""
    try:
        return str(Path(sys.executable).relative_to(REPO_ROOT))
    except ValueError:
        return sys.executable
