"""Text on its way out: CSV cells no spreadsheet runs, XML (Atom, XLSX) its format allows, inert Markdown.

Every writer of those formats goes through these helpers (``grep -rn "catalogue.escaping"`` lists them),
so data typed into a form or imported from a file cannot become a formula, break a feed or add HTML to a
report. Pure functions, no SQLAlchemy: the analyser uses them too.
"""

from __future__ import annotations

import re

# OWASP "CSV injection": a cell starting with one of these is a formula to Excel, LibreOffice and Sheets.
CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NEEDS_APOSTROPHE = re.compile(r"'*[=+\-@\t\r]")  # also text that starts with apostrophes before those
_HAS_APOSTROPHE = re.compile(r"'+[=+\-@\t\r]")

# XML 1.0 allows tab, LF, CR and U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF; nothing else.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_ENTITY_START = re.compile(r"&(?=#?[A-Za-z0-9]+;)")  # an "&" that would read as an entity ("R&D" stays)
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]|~])")
_MARKDOWN_LINE_START = re.compile(r"^(\s*)([#+\-=]|\d+[.)])")
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")


def csv_cell(value: object) -> object:
    """A value for a CSV cell: text a spreadsheet would take for a formula gets a leading apostrophe
    (``=SUM(A1)`` → ``'=SUM(A1)``); numbers, booleans and other text pass unchanged.

    Text that already starts with apostrophes before a formula character gets one more, so
    :func:`csv_text_in` gives back exactly what was written."""
    if isinstance(value, str) and _NEEDS_APOSTROPHE.match(value):
        return "'" + value
    return value


def csv_text_in(text: str) -> str:
    """The inverse of :func:`csv_cell` for a cell read back from one of our CSV files."""
    return text[1:] if _HAS_APOSTROPHE.match(text) else text


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (control characters, lone surrogates,
    U+FFFE/U+FFFF); what remains is unchanged. The validation layer refuses such characters on input;
    this keeps feeds and spreadsheets well-formed even for text stored before it did."""
    return _NOT_XML.sub("", text)


def markdown_text(text: str, *, block_start: bool = True) -> str:
    """Data-derived text for a Markdown document: shown literally by any Markdown renderer.

    HTML is escaped (``<``, ``>`` and an ``&`` that would start an entity), characters that start
    emphasis, code, links, tables or strikethrough get a backslash, and line breaks become spaces (text
    cannot open a new block). Where
    the text starts a block (a paragraph, a list item's content: ``block_start``), a start that would make
    it a heading or a list item is escaped too; inside a heading or a table cell that is not needed."""
    text = _ENTITY_START.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    text = _LINE_BREAKS.sub(" ", text)
    text = _MARKDOWN_INLINE.sub(r"\\\1", text)
    return _MARKDOWN_LINE_START.sub(_escape_line_start, text) if block_start else text


def _escape_line_start(m: re.Match[str]) -> str:
    lead, mark = m.group(1), m.group(2)
    return f"{lead}{mark[:-1]}\\{mark[-1]}"  # "#" → "\#", "1." → "1\."
