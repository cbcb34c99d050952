"""Import bombs: small files that try to make an import eat memory or time, and what they cost now.

    .venv/bin/python -m bench.import_bombs

Each bomb is generated into a temporary folder and imported (dry run, ``plan_import``) against a freshly
seeded SQLite catalogue in a child process whose address space is capped at what it has mapped plus
1.5 GB. The child reports the message, the seconds to refusal and the growth of its peak RSS
(``resource.getrusage``). ``tests/security/test_import_bombs.py`` uses the same generators and child and
asserts the message and the memory; the figures go to docs/security.md. Expected: every bomb refused
within 5 s and 200 MB, naming the file and the row.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import catalogue

ROOT = Path(catalogue.__file__).resolve().parents[1]  # the code under test
SLUG = "in-miljoteknologi"

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
import openpyxl, yaml
from catalogue.db import engine_for, transaction
from catalogue.errors import InputError
from catalogue.transfer.importing import plan_import

url, path = sys.argv[1], Path(sys.argv[2])
with transaction(engine_for(url)) as session:
    session.connection()
pages = int(open("/proc/self/statm").read().split()[0])
cap = pages * resource.getpagesize() + 1536 * 2**20  # what is mapped now, plus 1.5 GB
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    with transaction(engine_for(url)) as session:
        plan_import(session, path)
    outcome = "accepted"
except InputError as exc:
    outcome = str(exc)
except (MemoryError, RecursionError) as exc:
    outcome = type(exc).__name__
seconds = time.perf_counter() - start
growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024
result = {"outcome": outcome[:4000], "length": len(outcome), "seconds": seconds, "growth_mb": growth}
print(json.dumps(result))
"""


def import_in_child(url: str, path: Path, timeout: float = 60) -> dict[str, Any]:
    """Plan the import of ``path`` (database ``url``) in a child process; its outcome (the message), the
    message's length, seconds and peak memory growth in MB. Raises subprocess.TimeoutExpired on a hang."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, url, str(path)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def yaml_alias_bomb(path: Path) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    path.write_text("\n".join(lines) + "\ninstruments: [*a8]\n", encoding="utf-8")
    assert path.stat().st_size < 1000
    return "line 2"


def json_deep(path: Path) -> str:
    path.write_text("[" + "[" * 100_000 + "]" * 100_000 + "]", encoding="utf-8")
    return "record 1"


SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _xlsx(path: Path, sheet: Callable[[Any], None]) -> None:
    """A minimal workbook whose one sheet is written by ``sheet(stream)``."""
    ns = "http://schemas.openxmlformats.org/"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="'
            + ns
            + 'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="'
            'application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/'
            'worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.worksheet+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{ns}package/2006/relationships"><Relationship '
            f'Id="rId1" Type="{ns}officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0"?><workbook xmlns="{ns}spreadsheetml/2006/main" xmlns:r="{ns}'
            'officeDocument/2006/relationships"><sheets><sheet name="instruments" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{ns}package/2006/relationships"><Relationship '
            f'Id="rId1" Type="{ns}officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>',
        )
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as stream:
            sheet(stream)


def _header(stream: Any) -> None:
    stream.write(b'<row r="1"><c r="A1" t="inlineStr"><is><t>slug</t></is></c></row>')


def xlsx_far_cell(path: Path) -> str:
    def sheet(stream: Any) -> None:
        stream.write(SHEET_START + b'<dimension ref="A1:XFD1048576"/><sheetData>')
        _header(stream)
        stream.write(b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>')

    _xlsx(path, sheet)
    assert path.stat().st_size < 6000
    return "(file)"


def xlsx_far_cell_undeclared(path: Path) -> str:
    def sheet(stream: Any) -> None:
        stream.write(SHEET_START + b"<sheetData>")
        _header(stream)
        stream.write(b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>')

    _xlsx(path, sheet)
    return "row 1048576"


def _many_rows(rows: int) -> Callable[[Any], None]:
    def sheet(stream: Any) -> None:
        stream.write(SHEET_START + b"<sheetData>")
        _header(stream)
        row = b'<row><c t="inlineStr"><is><t>in-x</t></is></c></row>'
        block = row * 10_000
        for _ in range(rows // 10_000):
            stream.write(block)
        stream.write(b"</sheetData></worksheet>")

    return sheet


def xlsx_200k_rows(path: Path) -> str:
    _xlsx(path, _many_rows(200_000))
    return "row 10002"


def xlsx_2m_rows(path: Path) -> str:
    _xlsx(path, _many_rows(2_000_000))
    assert path.stat().st_size < 10 * 2**20
    return "(file)"


def xlsx_huge_cell(path: Path) -> str:
    def sheet(stream: Any) -> None:
        stream.write(SHEET_START + b"<sheetData>")
        _header(stream)
        stream.write(b'<row r="2"><c r="A2" t="inlineStr"><is><t>')
        chunk = b"A" * 2**20
        for _ in range(40):
            stream.write(chunk)
        stream.write(b"</t></is></c></row></sheetData></worksheet>")

    _xlsx(path, sheet)
    return "row 2"


def csv_huge_cell(path: Path) -> str:
    path.write_text(f"slug,name_nb\n{SLUG},{'N' * 5_000_000}\n", encoding="utf-8")
    return "row 2"


BOMBS = {
    "yaml-alias": ("bomb.yaml", yaml_alias_bomb, "alias"),
    "json-deep": ("deep.json", json_deep, "nested deeper than"),
    "xlsx-far-cell": ("far.xlsx", xlsx_far_cell, "XFD1048576"),
    "xlsx-far-cell-undeclared": ("far2.xlsx", xlsx_far_cell_undeclared, "rows"),
    "xlsx-200k-rows": ("rows.xlsx", xlsx_200k_rows, "more than 10000 rows"),
    "xlsx-2m-rows": ("rows2m.xlsx", xlsx_2m_rows, "unpacks to"),
    "xlsx-40mb-cell": ("cell.xlsx", xlsx_huge_cell, "cell 'A2': holds more than 32767 characters"),
    "csv-5mb-cell": ("cell.csv", csv_huge_cell, "more than 32767 characters"),
}


def main() -> None:
    from catalogue import migrate
    from catalogue.db import engine_for, transaction
    from catalogue.seeding import load_seeds

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = f"sqlite:///{folder / 'catalogue.db'}"
        migrate.upgrade(url)
        with transaction(engine_for(url)) as session:
            load_seeds(session)
        print("| bomb | file | refused after | memory growth | message |")
        print("|---|---|---|---|---|")
        for key, (name, make, _) in BOMBS.items():
            path = folder / name
            make(path)
            size = path.stat().st_size
            result = import_in_child(url, path)
            message = result["outcome"].removeprefix(f"{path}: ")[:70]
            print(
                f"| {key} | {size / 1024:,.0f} kB | {result['seconds']:.2f} s "
                f"| {result['growth_mb']:.0f} MB | {message} |"
            )
            path.unlink()


if __name__ == "__main__":
    main()
