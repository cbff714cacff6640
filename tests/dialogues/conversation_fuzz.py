"""Walk every step of every declared flow and send junk at each one (issue 11).

A *walk* follows one scripted conversation (a `Path`) through the DialogueManager on an in-memory
copy of an invented world. At every message where a flow is waiting for an answer it first sends
junk *probes*, each in its own transaction that is rolled back (so probes never disturb the walk):

- an exception out of `DialogueManager.respond` counts in `exceptions`;
- any new fact in an episode's log, or a new episode, counts in `wrong_facts`;
- the flow must still be at the same step afterwards (else `moved`).

Then one more junk message is sent for real (committed) and the walk carries on with its scripted
answer. At the end the walk must have reached the end of every flow it began, with exactly the
facts a clean walk (no junk) records: a walk that does not is a `stuck` state.

Junk, as generated here: empty and blank text, emoji and symbols, punctuation, digits (up to 25,
minus signs, superscripts, other scripts' digits), fillers ("idk", "hmm", "?"), forged button
payloads with ids no row has, and, at steps that do not take free words, a lone run of consonants.
Not junk, by design: a digit that numbers an offered button (the console's "1" is that button),
an hour ("10" at "when did he come back?" is 10 o'clock), a bare number of 5 to 16 digits at
the police reference (what an incident number looks like), and two or more real words (kept as
the carer's words: tested in test_conversations.py).

Used by tests/dialogues/test_conversation_fuzz.py (a short profile) and
benchmarks/fuzz_conversations.py (the long one).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from bot.demo import seed_demo
from dialogues import messages as m
from dialogues.flows.diagrams import DECLARED
from dialogues.manager import DialogueManager
from dialogues.replies import Reply
from dialogues.understanding import Understanding
from storage.commands import open_report
from storage.conversations import load_state
from storage.db import make_engine, make_session_factory, migrate
from storage.episodes import AUDIT_PREFIX
from storage.models import Episode, EpisodeEvent, TaskRecord
from storage.queries import ACTIONABLE

NOW = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)  # a Wednesday morning, GMT
TOM, SAM, DEE = 2, 3, 6  # bot.demo: staffordshire social worker and carer; essex carer
JAY, LILY, KAI, RUBY = 1, 2, 3, 4  # Sam's children (staffordshire), Dee's (essex)

# Steps whose answer is the person's own words: letters are an answer there, not junk.
FREE_TEXT = frozenset(
    {
        ("report_missing", "search_reason"),
        ("episode_update", "note"),
        ("task_done", "note"),
        ("task_done", "outcome"),
        ("task_done", "reason"),
    }
)

# (the last replies, the open session) -> the answer to send
Answer = str | Callable[[list[Reply], Session], str]


@dataclass(frozen=True)
class Path:
    """A scripted conversation: who talks, what starts each flow, and the answer per step
    (a list is used in order, its last answer repeated)."""

    name: str
    staff_id: int
    starts: tuple[Answer, ...]
    answers: dict[tuple[str, str], tuple[Answer, ...]]
    missing_since: dict[int, timedelta] = field(default_factory=dict)  # child -> away for


def first_done_button(replies: list[Reply], session: Session) -> str:
    """The first "Done: …" button on screen, else "finished"."""
    for reply in reversed(replies):
        for _, payload in reply.buttons:
            if payload.startswith("done:"):
                return payload
    return "finished"


def _task_of(code: str, action: str) -> Callable[[list[Reply], Session], str]:
    """The button for Tom's first open task with `code`."""

    def pick(replies: list[Reply], session: Session) -> str:
        rows = session.scalars(select(TaskRecord).order_by(TaskRecord.id)).all()
        for t in rows:
            if t.status in ACTIONABLE and t.assignee_staff_id == TOM and t.code == code:
                return f"task:{t.id}:{action}"
        return "status"

    return pick


def _review(replies: list[Reply], session: Session) -> str:
    episode = session.scalars(select(Episode).where(Episode.child_id == JAY)).one()
    return f"review:{episode.id}"


PATHS: tuple[Path, ...] = (
    Path(
        "night report",
        SAM,
        ("one of mine hasn't come home",),
        {
            ("report_missing", "child"): ("Jay",),
            ("report_missing", "time"): ("5 days ago", "10pm"),
            ("report_missing", "confirm_time"): ("no",),
            ("report_missing", "risk"): ("not sure",),
            ("report_missing", "search"): ("skip", "done"),
            ("report_missing", "search_reason"): ("no car",),
            ("report_missing", "police"): ("no", "yes"),
            ("report_missing", "police_ref"): ("incident 552",),
            ("report_missing", "notify"): (first_done_button, "finished"),
        },
    ),
    Path(
        "updates",
        SAM,
        ("Jay is at his mum's", "someone saw one of them at the park", "police", _review),
        {
            ("episode_update", "child"): ("Lily", "Jay"),
            ("episode_update", "confirm"): ("yes",),
            ("episode_update", "police_confirm"): ("yes",),
            ("episode_update", "reference"): ("not given one yet",),
            ("episode_update", "level"): ("level:medium",),
            ("episode_update", "note"): ("calmer on the phone",),
        },
        {JAY: timedelta(hours=30), LILY: timedelta(hours=3)},
    ),
    Path(
        "return",
        DEE,
        ("one of my two is back home",),
        {
            ("returned", "child"): ("Kai",),
            ("returned", "when"): ("4 days ago", "just now"),
            ("returned", "confirm_when"): ("no",),
            ("returned", "how"): ("he came back on his own",),
            ("returned", "need"): ("done",),
            ("returned", "notify"): (first_done_button, "finished"),
        },
        {KAI: timedelta(days=5), RUBY: timedelta(hours=3)},
    ),
    Path(
        "social worker",
        TOM,
        (
            _task_of("notify:team_manager", "done"),
            _task_of("missing_intervention_meeting", "notreq"),
            _task_of("case_review_meeting", "done"),
        ),
        {
            ("task_done", "reason"): ("not relevant here",),
            ("task_done", "note"): ("spoke to the parents",),
            ("task_done", "outcome"): ("plan agreed",),
            ("task_done", "next_date"): ("Friday 2pm",),
        },
        {JAY: timedelta(days=4)},
    ),
)


# Junk ----------------------------------------------------------------------------------------

EMOJI = ("👍", "😀", "🙏", "❤️", "🤷", "😭", "🚔", "🏠", "👍🏻👍🏻", "🙂🙂🙂", "💔")
FILLERS = ("idk", "IDK", "hmm", "?", "??", "...", "ok?", "lol", "k", "erm", "huh")
ODD_DIGITS = ("²", "³", "½", "٣", "०", "-1", "99", "99999999999999999", "1e9", "0.5")
PREFIXES = ("done:", "child:", "how:", "level:", "ret:", "review:", "task:", "undo:", "rem:")


def junk(free_text: bool) -> st.SearchStrategy[str]:
    """Generated junk for a step; `free_text` steps get no letter-only junk (letters are an
    answer there)."""
    forged_id = st.one_of(
        st.integers(10**6, 10**25).map(str),
        st.integers(-(10**25), -1).map(str),
        st.sampled_from(("", "x", "²", "٣", "1.5", " ")),
    )
    kinds = [
        st.sampled_from(("", " ", "\n", "\t ")),
        st.sampled_from(EMOJI + FILLERS + ODD_DIGITS),
        st.text(
            alphabet=st.characters(categories=("So", "Sm", "Sk", "Po", "Pd", "No", "Zs")),
            min_size=1,
            max_size=40,
        ),
        st.one_of(st.integers(25, 9999), st.integers(10**16, 10**25)).map(str),
        st.builds(lambda p, i: p + i, st.sampled_from(PREFIXES), forged_id),
    ]
    if not free_text:
        kinds.append(st.from_regex(r"\A[bcdfghjklmpqrstvwxz]{3,10}\Z"))
    return st.one_of(*kinds)


# Worlds --------------------------------------------------------------------------------------


_TEMPLATES: dict[str, sqlite3.Connection] = {}


def _template(path: Path) -> sqlite3.Connection:
    """The path's starting world, built once: the demo organisation with its missing children."""
    if path.name in _TEMPLATES:
        return _TEMPLATES[path.name]
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    sessions = _factory(conn)
    with sessions() as session:
        seed_demo(session, NOW - timedelta(days=60))
        for child_id, away in path.missing_since.items():
            carer = DEE if child_id in (KAI, RUBY) else SAM
            open_report(session, carer, child_id, last_seen=NOW - away, now=NOW - away)
        session.commit()
    _TEMPLATES[path.name] = conn
    return conn


def _factory(conn: sqlite3.Connection) -> sessionmaker[Session]:
    engine = make_engine("sqlite://", creator=lambda: conn, poolclass=StaticPool)
    migrate(engine)
    return make_session_factory(engine)


def world(path: Path) -> sessionmaker[Session]:
    """A fresh in-memory copy of the path's starting world (copied, not rebuilt: ~1 ms)."""
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    _template(path).backup(copy)
    return _factory(copy)


# The walk ------------------------------------------------------------------------------------


@dataclass
class Tally:
    inputs: int = 0
    exceptions: int = 0
    wrong_facts: int = 0
    moved: int = 0
    stuck_states: int = 0
    steps_seen: set[tuple[str, str]] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)  # what failed, to show in a test

    def add(self, other: Tally) -> None:
        self.inputs += other.inputs
        self.exceptions += other.exceptions
        self.wrong_facts += other.wrong_facts
        self.moved += other.moved
        self.stuck_states += other.stuck_states
        self.steps_seen |= other.steps_seen
        self.failures += other.failures


def facts(session: Session) -> list[tuple[str, str]]:
    """Every fact recorded (audit entries aside), as comparable (type, text) pairs."""
    rows = session.scalars(select(EpisodeEvent).order_by(EpisodeEvent.id)).all()
    kept = [r for r in rows if not r.type.startswith(AUDIT_PREFIX)]
    return [(r.type, str(sorted(r.data.items()))) for r in kept]


def _count(session: Session) -> tuple[int, int]:
    events = session.scalar(
        select(func.count(EpisodeEvent.id)).where(~EpisodeEvent.type.startswith(AUDIT_PREFIX))
    )
    return int(events or 0), int(session.scalar(select(func.count(Episode.id))) or 0)


def _where(session: Session, staff_id: int) -> tuple[str, str] | None:
    state = load_state(session, staff_id) or {}
    flow, step = state.get("flow"), state.get("step")
    return (str(flow), str(step)) if flow and step else None


class Walker:
    """Runs paths with a given understanding; `draw(free_text)` supplies each junk input."""

    def __init__(self, understanding: Understanding) -> None:
        self.understanding = understanding

    def walk(
        self,
        path: Path,
        draw: Callable[[bool], str] | None,
        probes: int,
        whys: dict[tuple[str, str], list[str]] | None = None,
    ) -> tuple[Tally, list[tuple[str, str]]]:
        """One walk: with `draw` None it is clean (no junk) and gives the facts to expect.
        `whys`, when given, collects what "why" answers at each step (rolled back)."""
        sessions = world(path)
        manager = DialogueManager(sessions, self.understanding)
        tally = Tally()
        for start in path.starts:
            replies = self._send(manager, sessions, path, start, [], tally)
            used: dict[tuple[str, str], int] = {}
            for _ in range(60):  # a path is far shorter; more means it is going round
                with sessions() as session:
                    here = _where(session, path.staff_id)
                if here is None:
                    break
                tally.steps_seen.add(here)
                if whys is not None:
                    whys[here] = self._ask_why(manager, sessions, path)
                if draw is not None:
                    self._probe(manager, sessions, path, here, draw, probes, tally)
                answers = path.answers.get(here)
                if answers is None:
                    tally.failures.append(f"{path.name}: no scripted answer at {here}")
                    tally.stuck_states += 1
                    return tally, []
                n = used.get(here, 0)
                used[here] = n + 1
                answer = answers[min(n, len(answers) - 1)]
                replies = self._send(manager, sessions, path, answer, replies, tally)
            else:
                tally.failures.append(f"{path.name}: never reached the end of {start!r}")
                tally.stuck_states += 1
        with sessions() as session:
            return tally, facts(session)

    def _ask_why(
        self, manager: DialogueManager, sessions: sessionmaker[Session], path: Path
    ) -> list[str]:
        with sessions() as session:
            replies = manager.respond(session, path.staff_id, "why", NOW)
            session.rollback()
        return [r.text for r in replies]

    def _send(
        self,
        manager: DialogueManager,
        sessions: sessionmaker[Session],
        path: Path,
        answer: Answer,
        replies: list[Reply],
        tally: Tally,
    ) -> list[Reply]:
        with sessions() as session:
            text = answer if isinstance(answer, str) else answer(replies, session)
        return manager.handle(path.staff_id, text, NOW)

    def _probe(
        self,
        manager: DialogueManager,
        sessions: sessionmaker[Session],
        path: Path,
        here: tuple[str, str],
        draw: Callable[[bool], str],
        probes: int,
        tally: Tally,
    ) -> None:
        free = here in FREE_TEXT
        for i in range(probes):
            text = draw(free)
            tally.inputs += 1
            if i == probes - 1:
                self._committed_probe(manager, sessions, path, here, text, tally)
                continue
            with sessions() as session:
                before = _count(session)
                try:
                    manager.respond(session, path.staff_id, text, NOW)
                except Exception as error:  # counted, never hidden: this is what we measure
                    tally.exceptions += 1
                    tally.failures.append(f"{path.name} {here} {text!r}: {error!r}")
                    session.rollback()
                    continue
                if _count(session) != before:
                    tally.wrong_facts += 1
                    tally.failures.append(f"{path.name} {here} {text!r}: recorded a fact")
                if _where(session, path.staff_id) != here:
                    tally.moved += 1
                    tally.failures.append(f"{path.name} {here} {text!r}: left the step")
                session.rollback()

    def _committed_probe(
        self,
        manager: DialogueManager,
        sessions: sessionmaker[Session],
        path: Path,
        here: tuple[str, str],
        text: str,
        tally: Tally,
    ) -> None:
        with sessions() as session:
            before = _count(session)
        replies = manager.handle(path.staff_id, text, NOW)
        if any(r.text == m.APOLOGY for r in replies):
            tally.exceptions += 1
            tally.failures.append(f"{path.name} {here} {text!r}: apology")
        with sessions() as session:
            if _count(session) != before:
                tally.wrong_facts += 1
                tally.failures.append(f"{path.name} {here} {text!r}: recorded a fact")
            if _where(session, path.staff_id) != here:
                tally.moved += 1
                tally.failures.append(f"{path.name} {here} {text!r}: left the step")


def all_steps() -> set[tuple[str, str]]:
    return {(flow.FLOW, step.value) for flow in DECLARED for step in flow.steps}


def run(walker: Walker, draws: Iterator[Callable[[bool], str]], probes: int) -> Tally:
    """Walk every path once per `draws` item, comparing each with its clean walk."""
    total = Tally()
    clean = {p.name: walker.walk(p, None, 0)[1] for p in PATHS}
    for draw in draws:
        for path in PATHS:
            tally, recorded = walker.walk(path, draw, probes)
            if recorded != clean[path.name] and not tally.stuck_states:
                tally.stuck_states += 1
                tally.failures.append(f"{path.name}: ended with other facts than a clean walk")
            total.add(tally)
    return total
