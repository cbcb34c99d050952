"""Texts of the funding path in nynorsk, bokmål or English, from the ``texts`` section of path_rules.yaml."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

LANGS = ("nn", "nb", "en")
FALLBACK = {"nb": ("nb", "nn", "en"), "nn": ("nn", "en"), "en": ("en",)}


class Texts:
    """Look up ``section.key`` in the chosen language, falling back nb → nn → en, and fill in ``{params}``."""

    def __init__(self, texts: Mapping[str, Any], lang: str):
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
        self.lang = lang
        self._tables = [texts.get(code) or {} for code in FALLBACK[lang]]

    def raw(self, section: str, key: str) -> str:
        for table in self._tables:
            value = (table.get(section) or {}).get(key)
            if value is not None:
                return str(value)
        return key

    def t(self, section: str, key: str, **params: Any) -> str:
        template = self.raw(section, key)
        return template.format(**params) if params else template

    def stage(self, stage: str | None) -> str:
        return self.raw("stage", stage) if stage else "–"

    def stages(self, stages: Iterable[str]) -> str:
        return ", ".join(self.stage(s) for s in stages)

    def need(self, need: str) -> str:
        return self.raw("need", need)

    def needs(self, needs: Iterable[str]) -> str:
        return ", ".join(self.need(n) for n in needs)

    def nok(self, amount: int | None) -> str:
        if amount is None:
            return "–"
        if self.lang == "en":
            return f"NOK {amount:,}"
        return f"{amount:,} kr".replace(",", "\u00a0")

    def join(self, values: Iterable[str]) -> str:
        return ", ".join(values)
