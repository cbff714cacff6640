"""`homeward report meeting`: the pack for a missing meeting (Staffordshire §15 weekly and
bi-monthly meetings, Essex §7 hotspot analysis, Thames Valley's monitoring meetings).

A PDF with the figures as charts and tables, a history page per child, and every figure as a
CSV beside the charts when a folder is given."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from tempfile import TemporaryDirectory

from protocols.clock import london_text
from protocols.pack import Condition
from protocols.pack_loader import PackError, UnknownProtocol, load_protocol
from reports.meeting_charts import draw_all
from reports.meeting_figures import (
    DEFAULT_THRESHOLD,
    MeetingFigures,
    Threshold,
    compute,
    in_period,
)
from reports.pdf_document import Document
from reports.periods import end_of, start_of
from reports.records import (
    CATEGORY_CHANGED,
    CONCERN,
    RISK_ASSESSED,
    TASK_NOT_REQUIRED,
    EpisodeView,
    child_name,
    interview,
    latest_risk,
    load_views,
    places,
)
from storage.db import Session
from storage.models import Child, Team


class UnknownTeam(LookupError):
    """A --team that names no team."""


@dataclass(frozen=True)
class MeetingPack:
    teams: tuple[str, ...]
    figures: MeetingFigures
    views: list[EpisodeView]  # the period's episodes (not withdrawn)
    history: list[EpisodeView]  # every episode of the same children (not withdrawn)


def build(
    session: Session, team_names: Sequence[str], first: date, last: date, now: datetime
) -> MeetingPack:
    """The figures for these teams (all teams when none are named) over London dates
    [first, last]. Counts are as at the end of the period, or `now` if that is sooner."""
    teams = _teams(session, team_names)
    team_ids = {team.id for team in teams}
    start, end = start_of(first), end_of(last)
    as_at = min(end, now)
    views = [
        v
        for v in load_views(session, start, min(end, now))
        if v.child.team_id in team_ids and not v.withdrawn
    ]
    children = sorted({v.child.id for v in views})
    history = [
        v
        for v in load_views(session, None, as_at, child_ids=children)
        if not v.withdrawn
    ]
    thresholds = repeat_thresholds(sorted({team.protocol_id for team in teams}))
    figures = compute(views, history, first, last, start, end, as_at, thresholds)
    return MeetingPack(tuple(t.name for t in teams), figures, views, history)


def _teams(session: Session, names: Sequence[str]) -> list[Team]:
    from storage import extracts

    every = sorted(extracts.teams_by_id(session).values(), key=lambda t: t.name)
    if not every:
        raise UnknownTeam("no teams on record yet (homeward roster import adds them)")
    if not names:
        return every
    by_name = {team.name.casefold(): team for team in every}
    chosen = []
    for name in names:
        team = by_name.get(name.strip().casefold())
        if team is None:
            known = ", ".join(t.name for t in every) or "none"
            raise UnknownTeam(f"no team called {name!r}; teams: {known}")
        chosen.append(team)
    return chosen


def repeat_thresholds(protocol_ids: Sequence[str]) -> list[Threshold]:
    """3 in 90 days, and every repeat-episode threshold the teams' packs name."""
    found = {Threshold(*DEFAULT_THRESHOLD)}
    for protocol_id in protocol_ids:
        try:
            pack, _ = load_protocol(protocol_id)
        except (PackError, UnknownProtocol):
            continue
        for rule in pack.rules:
            for condition in (rule.when, *(s.when for s in rule.sooner)):
                found |= set(_counts(condition))
    return sorted(found, key=lambda t: (t.window.months, t.window.elapsed, t.count))


def _counts(condition: Condition) -> list[Threshold]:
    found = []
    if condition.episodes_in_window is not None:
        count = condition.episodes_in_window
        found.append(Threshold(count.count, count.window))
    for part in condition.any_of:
        found.extend(_counts(part))
    return found


def write_csvs(pack: MeetingPack, folder: Path) -> list[Path]:
    from reports.subcommands import write_csv

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for figure in pack.figures.figures:
        path = folder / f"{figure.name}.csv"
        write_csv(path, figure.columns, figure.rows)
        written.append(path)
    path = folder / "child_histories.csv"
    write_csv(path, HISTORY_COLUMNS, [row for _, rows in child_histories(pack) for row in rows])
    written.append(path)
    return written


def write_pdf(pack: MeetingPack, path: Path, charts: Path | None = None) -> dict[str, Path]:
    """The PDF; the charts go in `charts` (kept) or a temporary folder. Returns the charts."""
    with TemporaryDirectory() as scratch:
        folder = charts or Path(scratch)
        drawn = draw_all(pack.figures, folder)
        _pdf(pack, drawn).save(path)
        return drawn if charts else {}


def _period_text(figures: MeetingFigures) -> str:
    return f"{figures.first:%d %b %Y} to {figures.last:%d %b %Y}"


def _pdf(pack: MeetingPack, charts: dict[str, Path]) -> Document:
    figures = pack.figures
    teams = ", ".join(pack.teams)
    document = Document(
        f"Missing meeting pack: {teams}",
        f"{teams} · {_period_text(figures)} · OFFICIAL-SENSITIVE",
    )
    document.paragraph(
        f"Period {_period_text(figures)} (UK time). Figures as at "
        f"{london_text(figures.as_at)}. Every figure is also available as CSV."
    )
    for line in summary(pack):
        document.paragraph(f"• {line}", size=10)
    for figure in figures.figures:
        document.keep_space(95 if figure.name in charts else 30)
        document.heading(figure.title, size=11)
        if figure.name in charts:
            document.image(charts[figure.name], width=170)
        if figure.note:
            document.paragraph(figure.note, italic=True, size=8)
        if figure.name != "when_missing" and figure.rows:
            document.table(figure.columns, figure.rows[:40])
        elif not figure.rows:
            document.paragraph("None in this period.")
    for child, rows in child_histories(pack):
        document.new_page()
        _child_page(document, pack, child, rows)
    return document


def summary(pack: MeetingPack) -> list[str]:
    figures = pack.figures
    start = start_of(figures.first)
    end = end_of(figures.last)
    began = [v for v in pack.views if in_period(v, start, end)]
    away = [
        v for v in pack.views if v.episode.returned_at is None or v.episode.returned_at > end
    ]
    interviews = dict((str(r[0]), r[1]) for r in figures.by_name("return_interviews").rows)
    hotspots = figures.by_name("hotspots").rows
    repeat = figures.by_name("repeat_children").rows
    lines = [
        f"{len(began)} episodes began, for {len({v.child.id for v in began})} children.",
        f"{len(away)} still away at the end of the period.",
        f"{len([r for r in repeat if int(str(r[3])) >= 3])} children with 3 or more episodes "
        "in 90 days.",
        f"Return interviews within 72 hours: {interviews['share within 72 hours'] or 'none due'}"
        f" (national figure about 63%).",
    ]
    if hotspots:
        lines.append(f"Most named place: {hotspots[0][1]} ({hotspots[0][2]} mentions).")
    return lines


HISTORY_COLUMNS = (
    "child",
    "episode",
    "began",
    "back",
    "how_long",
    "categories",
    "risk",
    "places",
    "return_interview",
    "what_was_learnt",
    "what_changed",
)


def child_histories(pack: MeetingPack) -> list[tuple[Child, list[tuple[object, ...]]]]:
    """Per child in the period: every episode they had by the end of it, oldest first."""
    children = sorted(
        {v.child.id: v.child for v in pack.views}.values(), key=lambda c: (child_name(c), c.id)
    )
    result = []
    for child in children:
        episodes = sorted(
            (v for v in pack.history if v.child.id == child.id), key=lambda v: v.episode.number
        )
        result.append((child, [_history_row(v, pack.figures.as_at) for v in episodes]))
    return result


def _history_row(view: EpisodeView, as_at: datetime) -> tuple[object, ...]:
    episode = view.episode
    back = episode.returned_at if episode.returned_at and episode.returned_at <= as_at else None
    length = describe_length(episode.started_at, back) if back else "still away"
    codes = [episode.category]
    opening = next((f for f in view.live if f.type == "missing"), None)
    if opening is not None:
        codes = [str(opening.data.get("category", episode.category))]
    codes += [str(f.data["category"]) for f in view.live if f.type == CATEGORY_CHANGED]
    done = interview(view)
    if done.done_at:
        outcome = f"done {london_text(done.done_at)}"
    elif done.accepted is False:
        outcome = "declined"
    elif done.offered:
        outcome = "offered"
    else:
        outcome = "not recorded" if back else ""
    return (
        child_name(view.child),
        episode.number,
        london_text(episode.started_at),
        london_text(back) if back else "",
        length,
        " → ".join(c.replace("_", " ") for c in codes),
        latest_risk(view) or "not graded",
        "; ".join(dict.fromkeys(places(view))),
        outcome,
        done.note or "",
        "; ".join(_changes(view)),
    )


def describe_length(start: datetime, end: datetime) -> str:
    """Elapsed time, in hours up to two days and in days after."""
    hours = round((end - start).total_seconds() / 3600)
    return f"{hours} hours" if hours < 48 else f"{round(hours / 24)} days"


def _changes(view: EpisodeView) -> list[str]:
    """What changed during the episode: category, risk gradings, concerns raised, tasks
    recorded as not needed (with the reason given)."""
    said = []
    for fact in view.live:
        if fact.type == CATEGORY_CHANGED:
            said.append(f"now {str(fact.data['category']).replace('_', ' ')}")
        elif fact.type == RISK_ASSESSED:
            said.append(f"risk {fact.data.get('level')} ({fact.data.get('assessor', 'police')})")
        elif fact.type == CONCERN:
            said.append(f"concern: {str(fact.data.get('factor', '')).replace('_', ' ')}")
        elif fact.type == TASK_NOT_REQUIRED:
            code = str(fact.data.get("code", "")).replace("_", " ")
            said.append(f"{code} not needed: {fact.data.get('reason', '')}")
    return list(dict.fromkeys(said))


def _child_page(
    document: Document, pack: MeetingPack, child: Child, rows: list[tuple[object, ...]]
) -> None:
    name = child_name(child)
    age = ""
    if child.date_of_birth is not None:
        today = pack.figures.last
        years = today.year - child.date_of_birth.year
        years -= (today.month, today.day) < (child.date_of_birth.month, child.date_of_birth.day)
        age = f", {years}"
    document.heading(f"{name}{age}: missing history", size=13)
    flags = ", ".join(f.replace("_", " ") for f in child.flags) or "none"
    document.paragraph(
        f"{child.legal_status.replace('_', ' ')} · flags: {flags} · {len(rows)} episodes in all"
    )
    document.table(
        ("no.", "began", "back", "how long", "category", "risk", "places"),
        [(r[1], r[2], r[3], r[4], r[5], r[6], r[7]) for r in rows],
        widths=(9, 30, 30, 18, 35, 18, 40),
        size=7,
    )
    document.heading("What was learnt in return interviews", size=10)
    learnt = [(r[1], r[8], r[9]) for r in rows if r[8]]
    if learnt:
        document.table(("no.", "interview", "what was learnt"), learnt, widths=(9, 45, 126))
    else:
        document.paragraph("No return interviews recorded.")
    document.heading("What changed", size=10)
    changes = [(r[1], r[10]) for r in rows if r[10]]
    if changes:
        document.table(("no.", "during the episode"), changes, widths=(9, 171))
    else:
        document.paragraph("No changes recorded.")

