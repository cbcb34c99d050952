"""Extract and update the report strings (gettext domain ``reports``).

    .venv/bin/python -m web.reports.messages      # add new strings to web/locale/*/LC_MESSAGES/reports.po

Strings are found in ``web/reports/*.py``, ``web/cli/report_commands.py`` (calls ``t("...")``,
``self.t("...")``, ``RN_("...")``, ``rt("...")`` and ``ngettext("...", "...", n)``) and in
``web/reports/templates/**`` (``v.t('...')``, ``rt("...")``). Then fill in ``msgstr`` for nn and nb; English
may stay empty (the msgid is English).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from web.i18n.catalogues import LOCALE_DIR
from web.reports.translate import DOMAIN, LANGS

WEB_DIR = Path(__file__).resolve().parent.parent
SOURCES = (*sorted((WEB_DIR / "reports").glob("*.py")), WEB_DIR / "cli" / "report_commands.py")
TEMPLATES = sorted((WEB_DIR / "reports" / "templates").rglob("*.*"))
_CALLS = {"t", "RN_", "rt", "gettext"}
_TEMPLATE_CALL = re.compile(r"""\b(?:v\.t|rt)\(\s*(["'])((?:(?!\1).)+)\1""", re.S)

Message = str | tuple[str, str]


def _name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _from_python(path: Path) -> set[Message]:
    found: set[Message] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        strings = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        name = _name(node.func)
        if name in _CALLS and strings and isinstance(node.args[0], ast.Constant):
            found.add(strings[0])
        elif name == "ngettext" and len(strings) >= 2:
            found.add((strings[0], strings[1]))
    return found


def extract() -> set[Message]:
    found: set[Message] = set()
    for path in SOURCES:
        found |= _from_python(path)
    for path in TEMPLATES:
        found |= {m.group(2) for m in _TEMPLATE_CALL.finditer(path.read_text(encoding="utf-8"))}
    return found


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, domain=DOMAIN, project="Verkemiddelkart reports")
    with path.open("rb") as f:
        return read_po(f, locale=lang, domain=DOMAIN)


def update() -> None:
    """Add missing strings (empty msgstr) and drop strings no longer used, in every language."""
    wanted = extract()
    for lang in LANGS:
        catalog = read(lang)
        for msg in wanted:
            if catalog.get(msg if isinstance(msg, str) else msg[0]) is None:
                catalog.add(msg, "" if isinstance(msg, str) else ("", ""))
        keys = {m if isinstance(m, str) else m[0] for m in wanted}
        for message in list(catalog):
            key = message.id if isinstance(message.id, str) else message.id[0]
            if message.id and key not in keys:
                catalog.delete(message.id)
        write(catalog, lang)


def write(catalog: Catalog, lang: str) -> None:
    catalog.fuzzy = False
    catalog.project, catalog.version = "Verkemiddelkart reports", "1"
    po_path(lang).parent.mkdir(parents=True, exist_ok=True)
    with po_path(lang).open("wb") as f:
        write_po(f, catalog, width=110, sort_output=True, omit_header=False)


if __name__ == "__main__":
    update()
