"""The carers' one-page quick guide: one text, rendered into docs/carers.md and into a PDF.

`homeward guide --pdf FILE` prints it for the fridge door or the night-staff folder, with the
service's out-of-hours number from HOMEWARD_OUT_OF_HOURS_NUMBER (or a line to write it on).
`python -m bot.carer_guide --write` refreshes the section of docs/carers.md; a test fails when
the page and this text differ, and another builds the PDF and reads it back.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TypeAlias

from fpdf import FPDF

from bot.docs_sections import replace_section
from dialogues.grab_pack_pdf import font_files, latin1

OUT_OF_HOURS_ENV = "HOMEWARD_OUT_OF_HOURS_NUMBER"
BLANK_NUMBER = "______________________"
CARERS_PAGE = Path(__file__).resolve().parent.parent / "docs" / "carers.md"
SECTION = "quick-guide"
SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"

TITLE = "Homeward: quick guide for carers and night staff"
INTRO = (
    "Homeward is a messaging assistant. When a child you look after is missing or late back, "
    "it takes you through your local protocol one step at a time, and records every answer."
)
# {number} is the out-of-hours number: the configured one on the PDF, words on the web page.
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "How to start",
        (
            "Your team gives you a one-time code. Open the bot's link, or send /start CODE to it.",
            "Nobody can use the assistant without an invitation; a code works once and expires.",
            'Send "help" at any time to see what it can do.',
        ),
    ),
    (
        "What to say",
        (
            "Say it in your own words: \"Jay's not back, he was due in at 10\".",
            "It asks one thing at a time: which child, when they were last seen, whether they "
            "are in immediate danger, the searches, what the police will ask, who to tell.",
            "Later: \"Jay's back\", \"her friend saw her at the bus station\", \"we know where "
            "she is\", \"I'm worried she's with an older man\", \"I've rung the police\".",
            'Words that work at every step: "why" (the rule and where it comes from), '
            '"status" (your children and tasks), "cancel" (stop; what you said is kept), '
            '"undo" (take back your last answer, within 5 minutes).',
        ),
    ),
    (
        "What the buttons mean",
        (
            "Each choice is a button (in the console demo: a number to type). Typing the "
            'button\'s words ("yes", "not possible") does the same.',
            "Searches: Done, Not possible, Skip.",
            "On a reminder: Done (the task is done), Acknowledge (I have it in hand: stop "
            "reminding), Snooze 30 min, Not me (pass it to my line manager).",
        ),
    ),
    (
        "What happens after",
        (
            "Every answer is recorded with the time, at once: stopping half-way loses nothing.",
            "The people the protocol names get their own tasks and deadlines: the social "
            "worker, the manager, the out-of-hours team at night. You are told what changed.",
            "You get reminders for your own tasks until they are done or handed over.",
        ),
    ),
    (
        "If the assistant is not there",
        (
            "A child in immediate danger: call 999 now. Do not wait for the assistant.",
            "To report a child missing to the police when there is no immediate danger: 101.",
            "Your out-of-hours social work team: {number}.",
            "When the assistant is back, tell it what happened and when: it records the real "
            "times you give.",
        ),
    ),
)
BODY = 11.0  # pt: large enough to read at arm's length on a fridge door
LINE = 5.6  # mm per line of body text
WEB_NUMBER = "the number your service gives you (printed on the PDF guide)"


def number(env: Mapping[str, str]) -> str:
    return env.get(OUT_OF_HOURS_ENV, "").strip() or BLANK_NUMBER


def markdown() -> str:
    """The section of docs/carers.md."""
    lines = [f"**{TITLE}**", "", INTRO, ""]
    for heading, points in SECTIONS:
        lines.append(f"**{heading}**")
        lines.append("")
        lines.extend(f"- {point.format(number=WEB_NUMBER)}" for point in points)
        lines.append("")
    return "\n".join(lines)


def render_pdf(env: Mapping[str, str]) -> bytes:
    """One A4 page: DejaVu Sans when installed (or HOMEWARD_PDF_FONT), else Helvetica."""
    fonts = font_files(env)
    family = "DejaVu" if fonts else "Helvetica"

    def plain(text: str) -> str:
        return text if fonts else latin1(text)

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    if fonts:
        pdf.add_font("DejaVu", "", str(fonts[0]))
        pdf.add_font("DejaVu", "B", str(fonts[1]))
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(False)
    pdf.set_title(plain(TITLE))
    pdf.add_page()
    pdf.set_font(family, "B", 17)
    pdf.multi_cell(0, 8.5, plain(TITLE), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)
    pdf.set_font(family, "", BODY)
    pdf.multi_cell(0, LINE, plain(INTRO), align="L", new_x="LMARGIN", new_y="NEXT")
    bullet = "\u2022" if fonts else "-"
    for index, (heading, points) in enumerate(SECTIONS):
        urgent = index == len(SECTIONS) - 1  # what to do without the assistant stands out
        pdf.ln(3)
        pdf.set_text_color(*((150, 20, 20) if urgent else (25, 45, 85)))
        pdf.set_font(family, "B", 13.5)
        pdf.cell(0, 8, plain(heading), new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.set_font(family, "B" if urgent else "", BODY)
        for point in points:
            text = point.format(number=number(env))
            pdf.cell(6, LINE, bullet)
            pdf.multi_cell(0, LINE, plain(text), align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(0.8)
    if pdf.get_y() > pdf.h - 12:  # page breaks are off: text past the foot would be lost
        raise ValueError("the quick guide no longer fits on one page: shorten bot/carer_guide.py")
    return bytes(pdf.output())


def register(sub: SubParsers) -> None:
    guide = sub.add_parser("guide", help="the carers' one-page quick guide (PDF or text)")
    guide.add_argument("--pdf", type=Path, metavar="FILE", help="write the guide as a PDF")
    guide.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.pdf is None:
        sys.stdout.write(markdown())
        return 0
    data = render_pdf(os.environ)
    Path(args.pdf).write_bytes(data)
    print(f"Wrote {args.pdf} ({len(data)} bytes, 1 page).")
    return 0


def write(page: Path = CARERS_PAGE) -> None:
    text = page.read_text(encoding="utf-8")
    page.write_text(replace_section(text, SECTION, markdown()), encoding="utf-8")


if __name__ == "__main__":
    write()
