"""Which catalogue instrument a funded activity belongs to, by the rules of ``seeds/award_programmes.yaml``.

A rule names a funder and, optionally, a programme code, an application type and an application variant.
A rule matches an activity when every field it names is equal; of the matching rules the most specific
wins: a programme outweighs a variant, which outweighs a type (scores 4, 2, 1; no two rules have the same
fields, so there is never a tie). Pure functions: no database, no files.
"""

from __future__ import annotations

from collections.abc import Mapping

RuleKey = tuple[str, str | None, str | None, str | None]  # funder, programme, application type, variant
# (uses programme, uses variant, uses type), most specific first
_ORDER = tuple(
    sorted(
        ((p, v, t) for p in (1, 0) for v in (1, 0) for t in (1, 0)),
        key=lambda x: -(4 * x[0] + 2 * x[1] + x[2]),
    )
)


def specificity(key: RuleKey) -> int:
    _, programme, app_type, variant = key
    return 4 * (programme is not None) + 2 * (variant is not None) + (app_type is not None)


class Linker:
    """Rules keyed by (funder, programme, type, variant) -> instrument id (or slug, or any value)."""

    def __init__(self, rules: Mapping[RuleKey, int]):
        self.rules = dict(rules)
        self.funders = {k[0] for k in self.rules}
        self._known: dict[RuleKey, int | None] = {}

    def instrument_for(
        self, funder: str, programme: str | None, app_type: str | None, variant: str | None
    ) -> int | None:
        if funder not in self.funders:
            return None
        key = (funder, programme, app_type, variant)
        try:
            return self._known[key]
        except KeyError:
            found = self._known[key] = self._match(funder, programme, app_type, variant)
            return found

    def _match(
        self, funder: str, programme: str | None, app_type: str | None, variant: str | None
    ) -> int | None:
        for use_p, use_v, use_t in _ORDER:
            if (use_p and programme is None) or (use_v and variant is None) or (use_t and app_type is None):
                continue
            key = (
                funder,
                programme if use_p else None,
                app_type if use_t else None,
                variant if use_v else None,
            )
            found = self.rules.get(key)
            if found is not None:
                return found
        return None
