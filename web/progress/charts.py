"""Geometry of the progress dashboard's two SVG figures, computed in Python; the templates only draw.

- ``county_tiles``: a schematic tile grid of the 15 counties in a rough geographic layout (north at the
  top; no map tiles, no borders), one tile per county;
- ``trend_chart``: counts per observation year, the least-squares projection to the target year (dashed)
  and the target (a horizontal line).
"""

from __future__ import annotations

from dataclasses import dataclass

from analyser.progress.figures import ProgressReport, Trend

# (column, row) of each county code: a tile-grid cartogram, north at the top.
COUNTY_GRID: dict[str, tuple[int, int]] = {
    "56": (3, 0),  # Finnmark
    "55": (2, 1),  # Troms
    "18": (1, 2),  # Nordland
    "50": (1, 3),  # Trøndelag
    "15": (0, 4),  # Møre og Romsdal
    "34": (1, 4),  # Innlandet
    "46": (0, 5),  # Vestland
    "33": (1, 5),  # Buskerud
    "32": (2, 5),  # Akershus
    "11": (0, 6),  # Rogaland
    "40": (1, 6),  # Telemark
    "03": (2, 6),  # Oslo
    "31": (3, 6),  # Østfold
    "42": (1, 7),  # Agder
    "39": (2, 7),  # Vestfold
}
TILE_W, TILE_H, TILE_GAP, MARGIN = 150, 84, 8, 4


@dataclass(frozen=True)
class Tile:
    code: str
    name: str
    x: float
    y: float
    status: str  # met / on_track / off_track / no_data
    in_operation: int | None
    target: float


@dataclass(frozen=True)
class TileGrid:
    tiles: tuple[Tile, ...]
    width: float
    height: float
    tile_w: float = TILE_W
    tile_h: float = TILE_H


def county_tiles(report: ProgressReport) -> TileGrid:
    """One tile per county of the report; a county missing from the layout goes on an extra bottom row."""
    spare = max(r for _, r in COUNTY_GRID.values()) + 1
    tiles, extra = [], 0
    for c in report.counties:
        col, row = COUNTY_GRID.get(c.code, (None, None))
        if col is None or row is None:
            col, row, extra = extra, spare, extra + 1
        x, y = MARGIN + col * (TILE_W + TILE_GAP), MARGIN + row * (TILE_H + TILE_GAP)
        tiles.append(Tile(c.code, c.name, x, y, c.status, c.symbioses_in_operation, c.symbioses_target))
    cols = max(t.x for t in tiles) + TILE_W + MARGIN if tiles else 0
    rows = max(t.y for t in tiles) + TILE_H + MARGIN if tiles else 0
    return TileGrid(tuple(tiles), cols, rows)


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    year: int
    count: int


@dataclass(frozen=True)
class TrendChart:
    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float
    x_ticks: tuple[tuple[float, int], ...]
    y_ticks: tuple[tuple[float, str], ...]
    points: tuple[ChartPoint, ...]
    line: str  # SVG polyline points of the observed counts
    projection: tuple[float, float, float, float] | None  # x1, y1, x2, y2 (last observation → target year)
    target_y: float
    target: float
    trend: Trend


def _nice_top(value: float) -> float:
    for step in (1, 2, 5, 10, 20, 25, 30, 50, 100, 200, 500, 1000):
        if value <= step * 4:
            return step * 4
    return value


def trend_chart(
    trend: Trend, target: float, first_year: int, width: float = 520, height: float = 240
) -> TrendChart:
    """Geometry of one trend: years ``first_year``..target year on x, counts 0..above the target on y."""
    left, right, top, bottom = 48.0, width - 16.0, 16.0, height - 36.0
    last_year = trend.target_year
    first = min([first_year, *(y for y, _ in trend.points)])
    y_max = _nice_top(max([target, trend.projection or 0, *(n for _, n in trend.points)]) * 1.1)

    def sx(year: float) -> float:
        return left + (year - first) / max(1, last_year - first) * (right - left)

    def sy(value: float) -> float:
        return bottom - value / y_max * (bottom - top)

    points = tuple(ChartPoint(round(sx(y), 1), round(sy(n), 1), y, n) for y, n in trend.points)
    projection = None
    if trend.projection is not None and trend.points:
        last = points[-1]
        projection = (last.x, last.y, round(sx(last_year), 1), round(sy(trend.projection), 1))
    return TrendChart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        x_ticks=tuple((round(sx(y), 1), y) for y in range(first, last_year + 1)),
        y_ticks=tuple((round(sy(v), 1), f"{v:g}") for v in (y_max * k / 4 for k in range(5))),
        points=points,
        line=" ".join(f"{p.x},{p.y}" for p in points),
        projection=projection,
        target_y=round(sy(target), 1),
        target=target,
        trend=trend,
    )
