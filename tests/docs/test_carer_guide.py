"""The carers' quick guide: docs/carers.md holds the same text as the PDF, and the PDF is built
here (`homeward guide --pdf`) and read back: one page, every heading, 999, 101 and the
configured out-of-hours number."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from bot.carer_guide import (
    BLANK_NUMBER,
    CARERS_PAGE,
    OUT_OF_HOURS_ENV,
    SECTION,
    SECTIONS,
    markdown,
)
from bot.cli import main
from bot.docs_sections import section
from dialogues.grab_pack_pdf import FONT_ENV


def test_the_page_holds_the_guide() -> None:
    page = CARERS_PAGE.read_text(encoding="utf-8")
    assert section(page, SECTION) == markdown(), (
        "docs/carers.md drifted from bot/carer_guide.py: run `.venv/bin/python -m bot.carer_guide`"
    )


def _text(path: Path) -> tuple[int, str]:
    reader = PdfReader(path)
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    return len(reader.pages), " ".join(text.split())


@pytest.mark.parametrize("font", ["installed", "helvetica"])
def test_the_pdf_is_one_page_with_the_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, font: str
) -> None:
    if font == "helvetica":
        monkeypatch.setenv(FONT_ENV, str(tmp_path / "no-such-font.ttf"))
    monkeypatch.setenv(OUT_OF_HOURS_ENV, "01632 960 123")
    pdf = tmp_path / "quick-guide.pdf"
    assert main(["guide", "--pdf", str(pdf)]) == 0
    pages, text = _text(pdf)
    assert pages == 1
    for heading, _ in SECTIONS:
        assert heading in text
    assert "call 999 now" in text and "101" in text
    assert "01632 960 123" in text
    assert "/start CODE" in text


def test_without_a_number_the_guide_leaves_a_line_to_write_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(OUT_OF_HOURS_ENV, raising=False)
    pdf = tmp_path / "guide.pdf"
    assert main(["guide", "--pdf", str(pdf)]) == 0
    _, text = _text(pdf)
    assert BLANK_NUMBER in text.replace(" ", "")


def test_guide_without_pdf_prints_the_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["guide"]) == 0
    assert capsys.readouterr().out == markdown()
