"""Interface languages: nynorsk (default), bokmål and English, through Babel gettext catalogues.

The catalogues live in ``web/locale/<lang>/LC_MESSAGES/messages.po``; they are compiled in memory when
first used (``babel.messages``), so a fresh clone works without a build step and no ``.mo`` file can go
stale. Message ids are English. Update the catalogues with ``make messages`` (see docs/web.md).

The language of a request is chosen by ``?lang=``, then the ``lang`` cookie, then ``Accept-Language``,
then nynorsk.
"""

from __future__ import annotations

import gettext
import io
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from markupsafe import Markup

LANGS = ("nn", "nb", "en")
DEFAULT_LANG = "nn"
LANG_COOKIE = "lang"
LANG_NAMES = {"nn": "Nynorsk", "nb": "Bokmål", "en": "English"}
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
# Accept-Language tags (primary subtag) that map onto our languages; plain "no" means bokmål.
_ACCEPT_MAP = {"nn": "nn", "nb": "nb", "no": "nb", "en": "en"}


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"


@lru_cache(maxsize=len(LANGS))
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of one language (compiled from the .po file once per process)."""
    path = po_path(lang)
    if not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as f:
        catalog = read_po(f, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return Translations(buf, domain="messages")


class Translator:
    """gettext for one language; ``_("Hello %(name)s", name=x)`` formats with keyword arguments.

    In templates the result is Markup (message texts are ours), and keyword values are escaped.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._t = translations(lang)

    def gettext(self, message: str, **variables: object) -> str:
        text = self._t.gettext(message)
        return text % variables if variables else text

    def ngettext(self, singular: str, plural: str, n: int, **variables: object) -> str:
        text = self._t.ngettext(singular, plural, n)
        return text % {"num": n, **variables}

    def markup_gettext(self, message: str, **variables: object) -> Markup:
        return Markup(self._t.gettext(message)) % variables if variables else Markup(self._t.gettext(message))

    def markup_ngettext(self, singular: str, plural: str, n: int, **variables: object) -> Markup:
        return Markup(self._t.ngettext(singular, plural, n)) % {"num": n, **variables}


@lru_cache(maxsize=len(LANGS))
def translator(lang: str) -> Translator:
    return Translator(lang if lang in LANGS else DEFAULT_LANG)


def from_accept_language(header: str | None) -> str | None:
    """The best of our languages in an Accept-Language header, or None."""
    if not header:
        return None
    ranked: list[tuple[float, int, str]] = []
    for pos, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        lang = _ACCEPT_MAP.get(tag.strip().lower().split("-")[0])
        if lang and q > 0:
            ranked.append((-q, pos, lang))
    return min(ranked)[2] if ranked else None


def choose_language(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    for candidate in (query, cookie):
        if candidate in LANGS:
            return candidate  # type: ignore[return-value]
    return from_accept_language(accept_language) or DEFAULT_LANG
