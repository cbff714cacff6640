"""Charts of the meeting figures as PNG files (matplotlib's Agg renderer, no display needed).

matplotlib's object API is used rather than pyplot, so no global figure state is kept between
packs (a bot process may draw several at once)."""

from __future__ import annotations

from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure as Canvas
from matplotlib.ticker import MaxNLocator

from reports.meeting_figures import NATIONAL_WITHIN_72H, WEEKDAYS, Figure, MeetingFigures

DPI = 150
BLUE, AMBER, GREY, RED = "#2f6690", "#d9a441", "#9aa5b1", "#b5382f"


def draw_all(figures: MeetingFigures, folder: Path) -> dict[str, Path]:
    """One PNG per figure that has a chart, named after the figure."""
    folder.mkdir(parents=True, exist_ok=True)
    drawn: dict[str, Path] = {}
    for figure in figures.figures:
        draw = _DRAWERS.get(figure.name)
        if draw is None:
            continue
        canvas = Canvas(figsize=(8, 3.6), dpi=DPI, layout="constrained")
        draw(canvas, figure)
        path = folder / f"{figure.name}.png"
        FigureCanvasAgg(canvas)
        canvas.savefig(path, dpi=DPI)
        drawn[figure.name] = path
    return drawn


def _ints(figure: Figure, column: int) -> list[int]:
    return [int(str(row[column]) or 0) for row in figure.rows]


def _weekly(canvas: Canvas, figure: Figure) -> None:
    axes = canvas.add_subplot()
    weeks = [str(row[0])[5:] for row in figure.rows]
    missing, away = _ints(figure, 1), _ints(figure, 2)
    axes.bar(weeks, missing, color=BLUE, label="missing")
    axes.bar(weeks, away, bottom=missing, color=AMBER, label="away without authorisation")
    axes.set_title(figure.title)
    axes.set_xlabel("week starting (month-day)")
    axes.set_ylabel("episodes")
    axes.legend(frameon=False, fontsize=8)
    axes.tick_params(axis="x", labelrotation=60, labelsize=7)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))


def _bars(canvas: Canvas, figure: Figure, colour: str = BLUE) -> None:
    axes = canvas.add_subplot()
    labels = [str(row[0]) for row in figure.rows]
    axes.bar(labels, _ints(figure, 1), color=colour)
    axes.set_title(figure.title)
    axes.set_ylabel("episodes")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.tick_params(axis="x", labelsize=8)


def _risk(canvas: Canvas, figure: Figure) -> None:
    axes = canvas.add_subplot()
    labels = [str(row[0]) for row in figure.rows]
    axes.bar(labels, _ints(figure, 1), color=[RED, AMBER, BLUE, GREY][: len(labels)])
    axes.set_title(figure.title)
    axes.set_ylabel("episodes")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))


def _interviews(canvas: Canvas, figure: Figure) -> None:
    axes = canvas.add_subplot()
    share = next((str(r[1]) for r in figure.rows if r[0] == "share within 72 hours"), "")
    local = float(share.rstrip("%")) / 100 if share else 0.0
    axes.barh(["this period", "national"], [local, NATIONAL_WITHIN_72H], color=[BLUE, GREY])
    axes.axvline(NATIONAL_WITHIN_72H, color=GREY, linestyle="--", linewidth=1)
    axes.set_xlim(0, 1)
    axes.xaxis.set_major_formatter(lambda x, _pos: f"{x:.0%}")
    label = share or "none due yet"
    axes.set_title(f"{figure.title}: {label} (national about 63%)")


def _overdue(canvas: Canvas, figure: Figure) -> None:
    axes = canvas.add_subplot()
    rows = [r for r in figure.rows if int(str(r[2])) > 0][:12]
    labels = [f"{r[1]} ({r[0]})" for r in rows][::-1]
    axes.barh(labels, [int(str(r[2])) for r in rows][::-1], color=RED)
    axes.set_title(figure.title)
    axes.set_xlabel("tasks overdue")
    axes.tick_params(axis="y", labelsize=7)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))


def _heatmap(canvas: Canvas, figure: Figure) -> None:
    axes = canvas.add_subplot()
    grid = [[int(str(v)) for v in row[1:]] for row in figure.rows]  # hour x weekday
    by_day = [list(column) for column in zip(*grid, strict=True)]  # weekday x hour
    image = axes.imshow(by_day, aspect="auto", cmap="Blues", interpolation="nearest")
    axes.set_yticks(range(7), WEEKDAYS)
    axes.set_xticks(range(0, 24, 2), [f"{h:02d}" for h in range(0, 24, 2)])
    axes.set_xlabel("hour (UK time)")
    axes.set_title(figure.title)
    canvas.colorbar(image, ax=axes, label="episodes")


def _hotspots(canvas: Canvas, figure: Figure) -> None:
    axes = canvas.add_subplot()
    rows = figure.rows[:10][::-1]
    axes.barh([str(r[1]) for r in rows], [int(str(r[2])) for r in rows], color=BLUE)
    axes.set_title(figure.title)
    axes.set_xlabel("mentions")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))


_DRAWERS = {
    "episodes_per_week": _weekly,
    "return_interviews": _interviews,
    "overdue_tasks": _overdue,
    "risk_levels": _risk,
    "durations": _bars,
    "when_missing": _heatmap,
    "hotspots": _hotspots,
}
