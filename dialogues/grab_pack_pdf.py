"""The grab pack as an A4 PDF (fpdf2), in a fixed layout so a police call-taker finds things in
the same place every time: identity and photo at the top, then the description and what the
police ask for in the order they ask it, previous episodes, what has worked, and who to call.

Text is set in DejaVu Sans when the font is installed (Debian's fonts-dejavu-core, or any TTF
named by HOMEWARD_PDF_FONT), so every name prints as written. Without it the PDF's built-in
Helvetica is used and characters it cannot show are spelled with their plain letters
("Łucja" prints as "Lucja")."""

from __future__ import annotations

import io
import os
import unicodedata
from collections.abc import Mapping
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from PIL import Image

from dialogues.flows import profile_messages as pm
from dialogues.grab_pack import Contact, GrabPack
from storage.profiles import ProfileField

FONT_ENV = "HOMEWARD_PDF_FONT"
_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
MARGIN = 15.0  # mm
WIDTH = 210.0 - 2 * MARGIN
PHOTO_WIDTH = 55.0
PHOTO_MAX_HEIGHT = 66.0
LINE = 4.9  # mm per line of body text
# Latin-1 stand-ins for punctuation people type on phones, and for letters that Unicode does
# not decompose into a plain letter and an accent, before accents are stripped.
_PLAIN = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "…": "...",
        "Ł": "L",
        "ł": "l",
        "Đ": "D",
        "đ": "d",
        "Ħ": "H",
        "ħ": "h",
        "ı": "i",
        "Œ": "OE",
        "œ": "oe",
    }
)


def font_files(env: Mapping[str, str]) -> tuple[Path, Path] | None:
    """(regular, bold) TTF files to embed, or None to use Helvetica."""
    given = env.get(FONT_ENV, "").strip()
    if given:
        path = Path(given)
        return (path, path) if path.is_file() else None
    regular, bold = _DEJAVU / "DejaVuSans.ttf", _DEJAVU / "DejaVuSans-Bold.ttf"
    return (regular, bold) if regular.is_file() and bold.is_file() else None


def latin1(text: str) -> str:
    """What Helvetica can print: accents dropped where needed, the rest as '?'."""
    out = []
    for char in text.translate(_PLAIN):
        try:
            char.encode("latin-1")
            out.append(char)
        except UnicodeEncodeError:
            plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            out.append(plain or "?")
    return "".join(out)


class _Page(FPDF):
    def __init__(self, family: str, footer_text: str, plain: bool) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.family = family
        self.footer_text = footer_text
        self.plain = plain

    def text_of(self, text: str) -> str:
        return latin1(text) if self.plain else text

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        self.set_text_color(90, 90, 90)
        page = pm.PDF_PAGE.format(page=self.page_no(), pages="{nb}")
        self.cell(0, 4, self.text_of(f"{self.footer_text}   {page}"), align="C")


def render_pdf(pack: GrabPack, env: Mapping[str, str] | None = None) -> bytes:
    fonts = font_files(os.environ if env is None else env)
    pdf = _Page("DejaVu" if fonts else "Helvetica", pack.made, plain=fonts is None)
    if fonts:
        pdf.add_font("DejaVu", "", str(fonts[0]))
        pdf.add_font("DejaVu", "B", str(fonts[1]))
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=16)
    pdf.set_title(pdf.text_of(f"Grab pack: {pack.name}"))
    pdf.add_page()
    _title(pdf, pack)
    _identity(pdf, pack)
    for label, text in _sections(pack):
        _section(pdf, label, text)
    return bytes(pdf.output())


def _sections(pack: GrabPack) -> list[tuple[str, str]]:
    """(heading, text) in the order the police ask (staffordshire §8.6, children's home §6.4)."""

    def field(name: ProfileField) -> tuple[str, str]:
        return pm.LABELS[name], pack.fields.get(name) or pm.NOT_RECORDED

    other = [
        f"{pm.PDF_RELIGION}: {pack.religion or pm.NOT_RECORDED}",
        f"{pm.PDF_ORIENTATION}: {pack.sexual_orientation or pm.NOT_RECORDED}",
    ]
    return [
        field(ProfileField.DESCRIPTION),
        field(ProfileField.FEATURES),
        (pm.PDF_CLOTHING, pack.clothing or f"{pm.PDF_CLOTHING_BLANK}\n\n"),
        field(ProfileField.HEALTH),
        field(ProfileField.CONTACTS),
        field(ProfileField.ASSOCIATES),
        field(ProfileField.PLACES),
        (pm.PDF_PREVIOUS, "\n".join(pack.episodes) or pm.PDF_NO_PREVIOUS),
        field(ProfileField.WHAT_WORKED),
        (pm.PDF_OTHER, "\n".join(other)),
    ]


def _title(pdf: _Page, pack: GrabPack) -> None:
    pdf.set_fill_color(25, 45, 85)
    pdf.set_text_color(255, 255, 255)
    pdf.set_font(pdf.family, "B", 17)
    pdf.cell(
        WIDTH,
        11,
        pdf.text_of(pm.PDF_TITLE),
        fill=True,
        align="C",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_font(pdf.family, "", 8.5)
    for line in (pm.PDF_SUBTITLE, pack.last_checked):
        pdf.cell(
            WIDTH, 5, pdf.text_of(line), fill=True, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
    pdf.set_text_color(0, 0, 0)
    pdf.ln(4)


def _identity(pdf: _Page, pack: GrabPack) -> None:
    top = pdf.get_y()
    bottom = top + _photo(pdf, pack, top)
    x = MARGIN + PHOTO_WIDTH + 6
    column = WIDTH - PHOTO_WIDTH - 6
    born = (
        f"{pack.date_of_birth.strftime('%d %b %Y')} ({pm.PDF_AGE.format(years=pack.age)})"
        if pack.date_of_birth and pack.age is not None
        else pm.NOT_RECORDED
    )
    rows = [
        (pm.PDF_NAME, pack.name, 16),
        (pm.PDF_KNOWN_AS, pack.known_as or "-", 12),
        (pm.PDF_DOB, born, 12),
        (pm.PDF_STATUS, pack.legal_status, 11),
        (pm.PDF_AUTHORITY, pack.responsible_authority or pm.NOT_RECORDED, 11),
        *((c.role, _contact(c), 10) for c in pack.contacts),
    ]
    pdf.set_xy(x, top)
    for label, value, size in rows:
        pdf.set_x(x)
        pdf.set_font(pdf.family, "B", 8)
        pdf.set_text_color(90, 90, 90)
        pdf.cell(column, 4, pdf.text_of(label.upper()), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_x(x)
        pdf.set_font(pdf.family, "B" if label == pm.PDF_NAME else "", size)
        pdf.set_text_color(0, 0, 0)
        pdf.multi_cell(
            column, size * 0.45, pdf.text_of(value), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        pdf.ln(1.5)
    pdf.set_y(max(bottom, pdf.get_y()) + 4)


def _contact(contact: Contact) -> str:
    team = f", {contact.team}" if contact.team else ""
    reach = ", ".join(contact.reach) if contact.reach else pm.PDF_PHONE_BLANK
    return f"{contact.name}{team}\n{reach}"


def _photo(pdf: _Page, pack: GrabPack, top: float) -> float:
    """Draw the photo (or an empty frame) with its date; the height used."""
    height = PHOTO_MAX_HEIGHT
    if pack.photo is not None:
        with Image.open(io.BytesIO(pack.photo)) as picture:
            ratio = picture.height / picture.width
        width = min(PHOTO_WIDTH, PHOTO_MAX_HEIGHT / ratio)
        height = width * ratio
        pdf.image(io.BytesIO(pack.photo), x=MARGIN, y=top, w=width, h=height)
    else:
        pdf.set_draw_color(150, 150, 150)
        pdf.rect(MARGIN, top, PHOTO_WIDTH, height)
    pdf.set_xy(MARGIN, top + height + 1)
    pdf.set_font(pdf.family, "", 7.5)
    pdf.multi_cell(
        PHOTO_WIDTH,
        3.4,
        pdf.text_of(pack.photo_caption),
        align="L",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    return pdf.get_y() - top


def _section(pdf: _Page, label: str, text: str) -> None:
    pdf.set_font(pdf.family, "", 10)
    lines = pdf.multi_cell(WIDTH, LINE, pdf.text_of(text), dry_run=True, output="LINES")
    count = len(lines) if isinstance(lines, list) else 1
    if pdf.get_y() + 6 + LINE * min(count, 3) > pdf.h - 16:
        pdf.add_page()  # never strand a heading at the foot of a page
    pdf.set_fill_color(225, 230, 240)
    pdf.set_font(pdf.family, "B", 9.5)
    pdf.cell(WIDTH, 6, pdf.text_of(label), fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(pdf.family, "", 10)
    pdf.set_draw_color(200, 200, 200)
    pdf.multi_cell(
        WIDTH, LINE, pdf.text_of(text), border="LRB", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.ln(1.5)
