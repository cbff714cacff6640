"""A plain A4 document for the packs and subject access (fpdf2), in a Unicode font.

The DejaVu fonts come with matplotlib, so names and words with accents or curly quotes print
as written without shipping a font of our own. Characters the font lacks (emoji) are replaced
rather than dropped silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.fonts import FontFace

FONT = "DejaVu"
_FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
HEADER_FILL = (225, 232, 240)


class Document:
    def __init__(self, title: str, footer: str) -> None:
        pdf = _Pdf(footer)
        pdf.add_font(FONT, "", str(_FONT_DIR / "DejaVuSans.ttf"))
        pdf.add_font(FONT, "B", str(_FONT_DIR / "DejaVuSans-Bold.ttf"))
        pdf.add_font(FONT, "I", str(_FONT_DIR / "DejaVuSans-Oblique.ttf"))
        pdf.set_title(title)
        pdf.set_auto_page_break(auto=True, margin=15)
        self.pdf = pdf
        self.new_page()
        self.heading(title, size=16)

    def new_page(self) -> None:
        self.pdf.add_page()

    def keep_space(self, height: float) -> None:
        """Start a new page unless `height` millimetres are left (keeps a heading with its
        chart)."""
        if self.pdf.get_y() + height > self.pdf.h - 20:
            self.new_page()

    def heading(self, text: str, *, size: int = 13) -> None:
        self.pdf.set_font(FONT, "B", size)
        self.pdf.multi_cell(0, size * 0.55, _printable(text), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1.5)

    def paragraph(self, text: str, *, size: int = 9, italic: bool = False) -> None:
        self.pdf.set_font(FONT, "I" if italic else "", size)
        self.pdf.multi_cell(0, size * 0.5, _printable(text), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1)

    def table(
        self,
        columns: Sequence[str],
        rows: Sequence[Sequence[object]],
        *,
        widths: Sequence[int] | None = None,
        size: int = 8,
    ) -> None:
        self.pdf.set_font(FONT, "", size)
        headings = FontFace(emphasis="BOLD", fill_color=HEADER_FILL)
        with self.pdf.table(
            col_widths=tuple(widths) if widths else None,
            headings_style=headings,
            line_height=size * 0.55,
            text_align="LEFT",
            repeat_headings=1,
        ) as table:
            table.row([_printable(c) for c in columns])
            for row in rows:
                table.row([_printable("" if v is None else str(v)) for v in row])
        self.pdf.ln(2)

    def image(self, path: Path, *, width: float = 180) -> None:
        if self.pdf.get_y() + width * 0.5 > self.pdf.h - 20:
            self.new_page()
        self.pdf.image(str(path), w=width)
        self.pdf.ln(2)

    def save(self, path: Path) -> None:
        self.pdf.output(str(path))


class _Pdf(FPDF):
    def __init__(self, footer: str) -> None:
        super().__init__(format="A4")
        self._footer_text = footer

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "I", 7)
        self.cell(0, 5, _printable(f"{self._footer_text} · page {self.page_no()}"), align="C")


def _printable(text: str) -> str:
    # Outside the Basic Multilingual Plane (emoji) DejaVu has no glyphs.
    return "".join(ch if ord(ch) < 0x10000 else "?" for ch in text)
