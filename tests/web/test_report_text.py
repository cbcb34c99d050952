"""Report wording: every report string translated, Norwegian typography."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from babel.messages.pofile import read_po
from test_i18n import extracted

from web.i18n.catalogues import po_path, translator
from web.i18n.formatting import format_date, format_decimal, format_int, format_nok, quote


def read(lang: str):  # noqa: ANN201
    with po_path(lang).open("rb") as f:
        return read_po(f, locale=lang)


@pytest.mark.parametrize("lang", ["nn", "nb"])
def test_every_report_string_is_translated(lang: str) -> None:
    """Reports (HTML, PDF, Markdown, the report CLI) are worded from the one catalogue, like the pages."""
    catalog = read(lang)
    wanted = extracted(("web/reports/", "web/cli/report_commands.py"))
    assert "Gaps in the instrument system" in wanted and "Recommended actions" in wanted
    missing = []
    for key in sorted(wanted):
        entry = catalog.get(key)
        strings = (
            () if entry is None else entry.string if isinstance(entry.string, tuple) else (entry.string,)
        )
        if entry is None or not all(strings) or entry.fuzzy:
            missing.append(key)
    assert not missing, f"untranslated in {lang}: {missing} (run make messages)"


def test_translations_keep_their_placeholders() -> None:
    for lang in ("nn", "nb"):
        for entry in read(lang):
            if not entry.id:
                continue
            ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
            strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
            wanted = {p for i in ids for p in re.findall(r"%\((\w+)\)s", i)}
            for s in strings:
                assert set(re.findall(r"%\((\w+)\)s", s)) <= wanted | {"num"}, (lang, entry.id)


def test_plural_forms() -> None:
    nn = translator("nn")
    assert (
        nn.ngettext("%(num)s gap falls to %(who)s.", "%(num)s gaps fall to %(who)s.", 1, who="KD")
        == "1 mangel ligg til KD."
    )
    assert (
        nn.ngettext("%(num)s gap falls to %(who)s.", "%(num)s gaps fall to %(who)s.", 3, who="KD")
        == "3 manglar ligg til KD."
    )


def test_norwegian_typography() -> None:
    day = dt.date(2026, 11, 30)
    assert format_date(day, "nn") == "30. november 2026" == format_date(day, "nb")
    assert format_date(dt.date(2027, 1, 2), "en") == "2 January 2027"
    assert format_int(1_250_000, "nn") == "1\u202f250\u202f000"
    assert format_int(1_250_000, "nb", space="\u00a0") == "1\u00a0250\u00a0000"
    assert format_int(1_250_000, "en") == "1,250,000"
    assert format_decimal(0.82, "nn") == "0,82"
    assert format_decimal(1234.5, "nb", 1) == "1\u202f234,5"
    assert format_decimal(1234.5, "en", 1) == "1,234.5"
    assert format_nok(12_500_000, "nn") == "12,5\u00a0mill.\u00a0kr"
    assert format_nok(750_000, "nn") == "750\u202f000\u00a0kr"
    assert format_nok(12_500_000, "en") == "NOK\u00a012.5\u00a0million"
    assert format_nok(None, "nn") == "–"
    assert quote("Enova", "nn") == "«Enova»" and quote("Enova", "en") == "“Enova”"
