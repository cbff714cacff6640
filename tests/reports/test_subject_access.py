"""Subject access: everything held about one child, as JSON and as a readable PDF."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.cli import main
from tests.reports.world import database_file


def test_child_record_is_complete(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, _ = database_file(tmp_path)
    pdf = tmp_path / "ada.pdf"
    assert main(["export", "--db", str(db), "--child", "C1001", "--pdf", str(pdf)]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["child"]["given_name"] == "Ada"
    assert record["child"]["date_of_birth"] == "2011-06-15"
    assert record["child"]["usual_places"] == "Bus station; Carrow retail park"
    assert record["carers"] == ["Fen Adair"]
    assert record["allocated_social_worker"] == "Ivo Petrak"
    numbers = [e["number"] for e in record["episodes"]]
    assert numbers == [1, 2, 3, 4, 5]  # the withdrawn one too: it is still held
    assert {e["child"]["id"] for e in record["episodes"]} == {"C1001"}
    assert [(r["by"], r["what"]) for r in record["reads"]] == [
        ("S101", "status"), ("S100", "weekly summary"),
    ]
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Everything held about Ada Quill" in text
        assert "got into a car with a man she calls Dee" in text
        assert "weekly summary" in text


def test_internal_id_works_and_unknown_child_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, year = database_file(tmp_path)
    assert main(["export", "--db", str(db), "--child", str(year.org.in_need)]) == 0
    assert json.loads(capsys.readouterr().out)["child"]["family_name"] == "Fenwick"
    assert main(["export", "--db", str(db), "--child", "C9999"]) == 2
    assert capsys.readouterr().err.strip() == "homeward: --child: no child with id 'C9999'"
