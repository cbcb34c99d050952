"""Content negotiation for the instrument page: HTML for browsers, RDF for clients that ask for it.

``Accept: text/turtle`` or ``application/ld+json`` (preferred over ``text/html`` by q-value) gets the
instrument as CPSV-AP-NO; anything else, ``*/*`` and a missing header get the page. Ties go to HTML.
"""

from __future__ import annotations

OFFERS = (("text/html", None), ("text/turtle", "ttl"), ("application/ld+json", "jsonld"))


def _ranges(accept: str) -> list[tuple[str, float]]:
    out = []
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        out.append((media.lower(), q))
    return out


def _quality(offer: str, ranges: list[tuple[str, float]]) -> float:
    """q of the most specific range that matches ``offer`` (exact, then ``type/*``, then ``*/*``)."""
    kind = offer.split("/")[0]
    best: tuple[int, float] = (-1, 0.0)
    for media, q in ranges:
        specificity = 2 if media == offer else 1 if media == f"{kind}/*" else 0 if media == "*/*" else -1
        if specificity > best[0]:
            best = (specificity, q)
    return best[1]


def preferred_rdf(accept: str | None) -> str | None:
    """``"ttl"`` or ``"jsonld"`` when the client prefers that to HTML, else None."""
    if not accept:
        return None
    ranges = _ranges(accept)
    scored = [(_quality(media, ranges), -position, fmt) for position, (media, fmt) in enumerate(OFFERS)]
    q, _, fmt = max(scored)
    return fmt if q > 0 else None
