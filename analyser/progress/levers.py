"""What a lagging county can pull: the instruments open to its consortia for each shortfall.

A shortfall is a target the county has not reached or cannot show: symbioses below the target (mission I),
infrastructure access not shown for all its symbioses (mission II), competence access not shown (mission III).
The instruments serving a shortfall are those the catalogue tags with its mission.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from analyser.progress.figures import CountyProgress, Share
from catalogue.instruments.snapshot import InstrumentSnap

_ELIGIBILITY_RANK = {"yes": 0, "partial": 1, None: 2}


@dataclass(frozen=True)
class Lever:
    need: str  # symbioses / infrastructure / competence
    mission: str  # the limited mission the need belongs to
    instruments: tuple[InstrumentSnap, ...]
    total: int  # how many instruments match before the limit


def _short(share: Share) -> bool:
    return share.value is None or share.value < 1


def shortfalls(county: CountyProgress) -> tuple[str, ...]:
    out = []
    if county.status != "met":
        out.append("symbioses")
    if _short(county.shares.symbiosis_infrastructure):
        out.append("infrastructure")
    if _short(county.shares.symbiosis_competence):
        out.append("competence")
    return tuple(out)


def open_to_county(i: InstrumentSnap, county: str) -> bool:
    """Not closed, not limited to other counties, and not closed to consortia."""
    return (
        i.status != "closed" and (not i.counties or county in i.counties) and i.consortium_eligibility != "no"
    )


MISSION_OF_NEED = {"symbioses": "I", "infrastructure": "II", "competence": "III"}


def county_levers(
    instruments: Sequence[InstrumentSnap], county: CountyProgress, limit: int = 6
) -> tuple[Lever, ...]:
    """For each shortfall of the county, the instruments that serve it (consortium-eligible ones first)."""
    levers = []
    for need in shortfalls(county):
        mission = MISSION_OF_NEED[need]
        found = sorted(
            (i for i in instruments if open_to_county(i, county.code) and mission in i.missions),
            key=lambda i: (_ELIGIBILITY_RANK.get(i.consortium_eligibility, 2), i.name_nb),
        )
        levers.append(Lever(need, mission, tuple(found[:limit]), len(found)))
    return tuple(levers)
