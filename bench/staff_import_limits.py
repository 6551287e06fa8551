"""Suite "staff-import-limits" (issue 11): the largest staff file we accept, and files over the limits.

Target (issue 11, item 6): a dry run of the largest accepted file (100,000 rows) takes under 10 s and under
300 MB of memory in one process, Django included; a 200,000-row file is refused quickly, without reading
all of it. Each dry run runs in its own process (``python -m bench.staff_import_limits dry-run OUT.json
--file PATH``) through the ``staff_import`` service as the admin upload calls it (``dry_run=True``), into an
organisation with no staff yet, so every row is a new record to check.
"""

from __future__ import annotations

import csv
import hashlib
import io
import sys
import tempfile
import time
import zipfile
from argparse import Namespace
from pathlib import Path
from xml.sax.saxutils import escape

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import report  # noqa: E402
from bench.database import django_env, run_in_django, run_python, throwaway_database  # noqa: E402
from bench.staff_import import DOMAIN, staff_csv, wait_for_other_benchmarks  # noqa: E402

SUITE = "staff-import-limits"
DEFAULT_REQUESTS = 1  # run_bench.py's --requests does not apply: each file is checked once
LARGEST_ROWS = 100_000
OVER_ROWS = 200_000
TARGET_SECONDS = 10.0
TARGET_PEAK_MB = 300.0
REFUSAL_SECONDS = 5.0
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FIXED_TIME = (2026, 1, 1, 0, 0, 0)  # zip entry dates, so the same rows give the same bytes

INTRO = f"""## Staff import limits (issue 11)

The largest file the importer accepts ({LARGEST_ROWS:,} rows of staff, all ten columns) is checked with a dry
run, as the admin upload does before anything is written, as an Excel workbook and as CSV; then two files
of {OVER_ROWS:,} rows that must be refused. The rows are the staff-import suite's synthetic HR extract. The
workbook is written the way many HR systems export (inline strings, one sheet, no declared size), which is
the larger and slower form to read; Excel's own shared-string form is smaller.

Each dry run is its own process against a throwaway database (created and migrated for the run, dropped
after), into an organisation with no staff. Seconds are `time.perf_counter()` around the service call (the
file already in memory, Django loaded); CPU seconds are `time.process_time()` over the same call, which
other work on the machine does not inflate. "Before" is the process's resident memory just before the
call (Django, Wagtail and pandas loaded, the file read); "peak" is its maximum resident set size (VmHWM in
`/proc/self/status`), as a web worker would see it.

Targets: a dry run of the largest accepted file under {TARGET_SECONDS:.0f} s and {TARGET_PEAK_MB:.0f} MB peak; a
{OVER_ROWS:,}-row file refused within {REFUSAL_SECONDS:.0f} s. The seconds are wall-clock time on a shared
machine: compare CPU seconds between runs.

Before issue 11 (commit 4b8b89f: openpyxl's read-only reader, a dict per row, at most 200,000 rows and 400
MB unpacked), the same four files on the same machine, one process each: the {LARGEST_ROWS:,}-row workbook
30.1 s (20.1 s CPU), peak 376 MB; the {LARGEST_ROWS:,}-row CSV 4.7 s (3.1 s CPU), peak 380 MB; the
{OVER_ROWS:,}-row workbook was accepted: 43.2 s (39.6 s CPU), peak 586 MB; the {OVER_ROWS:,}-row CSV was
accepted: 3.8 s, peak 414 MB.
"""


def xlsx_from_csv(data: bytes, columns: int | None = None) -> bytes:
    """Return a one-sheet workbook holding the CSV's cells as inline strings (the same bytes for the same CSV)."""
    rows = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    sheet = [f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}"><sheetData>']
    for number, row in enumerate(rows, 1):
        cells = "".join(
            f'<c r="{chr(65 + index)}{number}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
            for index, value in enumerate(row[:columns])
            if value
        )
        sheet.append(f'<row r="{number}">{cells}</row>')
    sheet.append("</sheetData></worksheet>")
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" Type="{DOC_RELS}/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN_NS}" xmlns:r="{DOC_RELS}"><sheets><sheet name="Staff" '
        'sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
        f'Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": "".join(sheet),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(zipfile.ZipInfo(name, FIXED_TIME), text.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def csv_columns(data: bytes, columns: int) -> bytes:
    """Return the CSV with only its first ``columns`` columns."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for row in csv.reader(io.StringIO(data.decode("utf-8"), newline="")):
        writer.writerow(row[:columns])
    return out.getvalue().encode("utf-8")


def scenario_files(directory: Path) -> list[tuple[str, Path, bool]]:
    """Write the files and return (label, path, should be accepted) for each."""
    largest = staff_csv(LARGEST_ROWS)
    over = staff_csv(OVER_ROWS)
    files = [
        (f"Largest accepted: {LARGEST_ROWS:,} rows, Excel workbook", "largest.xlsx", xlsx_from_csv(largest), True),
        (f"Largest accepted: {LARGEST_ROWS:,} rows, CSV", "largest.csv", largest, True),
        (f"Over the limit: {OVER_ROWS:,} rows, Excel workbook", "over.xlsx", xlsx_from_csv(over), False),
        (f"Over the limit: {OVER_ROWS:,} rows, four columns, CSV", "over.csv", csv_columns(over, 4), False),
    ]
    found = []
    for label, name, data, accepted in files:
        path = directory / name
        path.write_bytes(data)
        found.append((label, path, accepted))
    return found


def run(args: Namespace) -> int:
    """Run the suite once: fresh database, one dry run per file, each in its own process; checks; report."""
    with tempfile.TemporaryDirectory(prefix="upskill-bench-") as directory:
        print(f"[{SUITE}] writing the files ...")
        files = scenario_files(Path(directory))
        with throwaway_database(args.database_url) as database:
            print(f"[{SUITE}] database: {database.description}")
            env = django_env(database.url)
            run_python(env, "manage.py", "migrate", "--noinput", timeout=600)
            wait_for_other_benchmarks()
            load_before = report.load_average()
            runs = []
            for label, path, accepted in files:
                print(f"[{SUITE}] {label} ...")
                result = run_in_django(env, "bench.staff_import_limits", "dry-run", "--file", str(path), timeout=600)
                result.update(label=label, accepted_expected=accepted, file_bytes=path.stat().st_size)
                result["file_sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
                runs.append(result)
                print(f"[{SUITE}] {label}: {result['seconds']:.2f} s, peak {result['peak_rss_mb']:.0f} MB")
            load = {"before": load_before, "after": report.load_average()}
    results = summarise(args, database, runs, load)
    print(report.text_table(*_table(results)))
    for check in results["checks"]:
        print(f"  {'PASS' if check['passed'] else 'FAIL'}  {check['name']}")
    report.results_write(f"{SUITE}-{database.vendor}.json", results)
    if args.write_doc:
        doc_write(results)
    return 0 if all(check["passed"] for check in results["checks"]) else 1


def summarise(args: Namespace, database, runs: list[dict], load: dict) -> dict:
    """Return the figures and the checks against the targets."""
    checks = []
    for run_ in runs:
        if run_["accepted_expected"]:
            checks.append(
                {
                    "name": f"{run_['label']}: checked, {run_['rows_read']:,} rows, in {run_['seconds']:.1f} s "
                    f"(under {TARGET_SECONDS:.0f} s), peak {run_['peak_rss_mb']:.0f} MB (under {TARGET_PEAK_MB:.0f})",
                    "passed": not run_["file_errors"]
                    and run_["rows_read"] == LARGEST_ROWS
                    and run_["seconds"] < TARGET_SECONDS
                    and run_["peak_rss_mb"] < TARGET_PEAK_MB,
                }
            )
        else:
            checks.append(
                {
                    "name": f"{run_['label']}: refused in {run_['seconds']:.2f} s (under {REFUSAL_SECONDS:.0f} s)",
                    "passed": bool(run_["file_errors"]) and run_["seconds"] < REFUSAL_SECONDS,
                }
            )
    command = [report.python_command(), "bench/run_bench.py", "--suite", SUITE]
    if args.database_url:
        command += ["--database-url", args.database_url]
    return {
        "suite": SUITE,
        "date": report.now_utc(),
        "machine": report.machine_summary(),
        "vendor": database.vendor,
        "database": database.description,
        "command": " ".join(command),
        "load_average": load,
        "runs": runs,
        "checks": checks,
    }


def _table(results: dict) -> tuple[list[str], list[list[str]]]:
    headers = ["File", "MB", "Unpacked MB", "Seconds", "CPU s", "Before MB", "Peak MB", "Outcome"]
    rows = []
    for run_ in results["runs"]:
        refused = run_["file_errors"][0].split(". ")[0] + "." if run_["file_errors"] else ""
        outcome = f"Refused: {refused}" if refused else f"{run_['rows_read']:,} rows checked"
        rows.append(
            [
                run_["label"],
                f"{run_['file_bytes'] / 1e6:.1f}",
                f"{run_['unpacked_bytes'] / 1e6:.0f}" if run_["unpacked_bytes"] else "",
                f"{run_['seconds']:.2f}",
                f"{run_['cpu_seconds']:.2f}",
                f"{run_['rss_before_mb']:.0f}",
                f"{run_['peak_rss_mb']:.0f}",
                outcome,
            ]
        )
    return headers, rows


def doc_write(results: dict) -> None:
    """Write this database's run into the suite's section, keeping the other database's last run."""
    parts = [INTRO]
    for vendor, title in (("sqlite", "SQLite"), ("postgresql", "PostgreSQL")):
        key = f"{SUITE}:{vendor}"
        if vendor == results["vendor"]:
            load = results["load_average"]
            checks = "\n".join(f"- **{'PASS' if c['passed'] else 'FAIL'}** {c['name']}" for c in results["checks"])
            content = (
                f"### {title}\n\n- Date: {results['date']}\n- Machine: {results['machine']}; 1-minute load average "
                f"{load['before']} before, {load['after']} after\n- Database: {results['database']}\n"
                f"- Reproduce: `{results['command']}`\n\n{report.markdown_table(*_table(results))}\n\n{checks}\n"
            )
        else:
            content = report.doc_block_read(key) or f"### {title}\n\nNot run yet."
        parts.append(report.block_replace("", key, content).strip("\n"))
    report.doc_block_write(SUITE, "\n\n".join(part.strip("\n") for part in parts))


def _status_mb(field: str) -> float:
    """Return a memory figure of this process from /proc/self/status, in MB.

    VmHWM is the peak resident set size of this program; unlike ``getrusage``'s ru_maxrss, it does not carry
    over the peak of the parent process that started it (run_bench.py, which holds the generated files).
    """
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"{field} is not in /proc/self/status")


# In-process half: ``python -m bench.staff_import_limits dry-run OUT.json --file PATH`` (see bench.inprocess).


def dry_run_once(file: str) -> dict:
    """Check the file with a dry run into an organisation with no staff; return time, memory and outcome."""
    from learning.models import Organisation
    from learning.staff_import import staff_import

    organisation, _ = Organisation.objects.get_or_create(
        slug="bench-limits", defaults={"name": "Bench Limits Council", "email_domains": DOMAIN}
    )
    data = Path(file).read_bytes()
    unpacked = 0
    if file.endswith(".xlsx"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    rss_before = _status_mb("VmRSS")
    started, cpu_started = time.perf_counter(), time.process_time()
    result = staff_import(organisation=organisation, data=data, filename=Path(file).name, dry_run=True)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    return {
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu_seconds, 3),
        "rss_before_mb": round(rss_before, 1),
        "peak_rss_mb": round(_status_mb("VmHWM"), 1),
        "unpacked_bytes": unpacked,
        "rows_read": result.rows_read,
        "creates": len(result.creates),
        "errors": len(result.errors),
        "file_errors": result.file_errors,
    }


if __name__ == "__main__":
    from bench.inprocess import cli

    cli(__doc__.split("\n")[0], {"dry-run": dry_run_once}, {"file": str})
