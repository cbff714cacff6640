"""The operator's commands end to end on a SQLite file: `roster import|export`, `check`,
`invite --hours`, `demo seed`, and the one-record administration commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli import main
from tests.storage.roster_files import copy_example, edit, write

Run = tuple[int, str, str]
Runner = Callable[..., Run]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Runner:
    db = tmp_path / "homeward.sqlite3"

    def go(*argv: str) -> Run:
        code = main([*argv, "--db", str(db)])
        out = capsys.readouterr()
        return code, out.out, out.err

    return go


def test_the_documented_example_imports_once(run: Runner, tmp_path: Path) -> None:
    folder = copy_example(tmp_path)
    code, out, _ = run("roster", "import", str(folder), "--dry-run")
    assert code == 0 and "Dry run: 29 change(s), nothing written." in out
    assert run("child", "list")[1].strip() == "(no children yet)"
    code, out, _ = run("roster", "import", str(folder))
    assert code == 0 and out.strip().endswith("Imported: 29 change(s).")
    code, out, _ = run("roster", "import", str(folder))
    assert (code, out.strip()) == (0, "No changes: the database already matches these files.")
    edit(folder / "children.csv", "MD005,family,,", "MD004,family,,")
    code, out, _ = run("roster", "import", str(folder), "--dry-run")
    assert "would change: child C2004: social worker MD004" in out
    assert "Ines Carrow" in run("child", "show", "C2004")[1]


def test_errors_are_listed_at_most_twenty_and_nothing_is_written(
    run: Runner, tmp_path: Path
) -> None:
    folder = tmp_path / "bad"
    rows = "".join(f"S{n},Person {n},wizard,North\n" for n in range(25))
    write(folder, "teams.csv", "team,protocol\nNorth,staffordshire\n")
    write(folder, "staff.csv", "staff_id,name,role,team\n" + rows)
    code, out, err = run("roster", "import", str(folder))
    lines = err.strip().splitlines()
    assert code == 2 and out == ""
    assert len(lines) == 21 and lines[-1] == "(5 more errors not shown)"
    assert lines[0].startswith("staff.csv:2:role: expected one of carer, home_manager")
    assert run("team", "list")[1].strip() == "(no teams yet)"


def test_export_then_import_round_trips(run: Runner, tmp_path: Path) -> None:
    run("roster", "import", str(copy_example(tmp_path)))
    out_dir = tmp_path / "exported"
    code, out, _ = run("roster", "export", str(out_dir))
    assert code == 0 and "children.csv: 4 row(s)" in out
    assert run("roster", "import", str(out_dir))[1].startswith("No changes")


def test_check_exits_one_with_gaps_and_zero_without(run: Runner, tmp_path: Path) -> None:
    folder = copy_example(tmp_path)
    run("roster", "import", str(folder))
    code, out, _ = run("check")
    assert code == 1 and "no_chat: staff MD008 Cass Whitlow" in out
    code, out, _ = run("check", "--channel", "none")
    assert code == 0 and out.startswith("No gaps")
    run("child", "allocate", "C2004", "--social-worker", "none")
    code, out, _ = run("check", "--channel", "none")
    assert code == 1 and out.strip() == (
        "no_social_worker: child C2004 Saffron Hale: no allocated social worker"
    )


def test_invite_refuses_zero_or_negative_hours(run: Runner, tmp_path: Path) -> None:
    run("roster", "import", str(copy_example(tmp_path)))
    for hours in ("0", "-3"):
        code, _, err = run("invite", "4", "--hours", hours)
        assert code == 2 and "--hours must be a positive number of hours" in err
    code, out, _ = run("invite", "4", "--hours", "1")
    assert code == 0 and "code: " in out


def test_demo_seed_is_idempotent_and_works_beside_another_organisation(
    run: Runner, tmp_path: Path
) -> None:
    run("roster", "import", str(copy_example(tmp_path)))
    code, out, _ = run("demo", "seed")
    assert code == 0 and out.startswith("Demo organisation added")
    code, out, _ = run("demo", "seed")
    assert code == 0 and out.startswith("The demo organisation is already here")
    teams = run("team", "list")[1]
    assert "Staffordshire North" in teams and "Moorland Fostering" in teams
    assert "Jay Morgan" in run("child", "list")[1]


def test_one_record_at_a_time(run: Runner, tmp_path: Path) -> None:
    run("roster", "import", str(copy_example(tmp_path)))
    code, out, err = run(
        "child", "add", "--id", "C3001", "--given-name", "Nia", "--family-name", "Corbel",
        "--date-of-birth", "2013-01-09", "--legal-status", "looked after",
        "--team", "Moorland Children's Team", "--flags", "mental_health",
        "--social-worker", "MD005", "--carers", "MD010", "--placement-type", "foster",
    )  # fmt: skip
    assert code == 0, err
    shown = run("child", "show", "C3001")[1]
    assert "Juno Fairbairn" in shown and "Ines Carrow" in shown and "mental_health" in shown
    assert run("carer", "link", "C3001", "MD008")[0] == 0
    assert "Cass Whitlow" in run("child", "show", "C3001")[1]
    assert run("carer", "unlink", "C3001", "MD010")[0] == 0
    assert "Juno" not in run("child", "show", "C3001")[1]
    assert (
        run("child", "place", "C3001", "--carers", "MD010", "--placement-type", "residential")[0]
        == 0
    )
    assert "placement: residential; carers: Juno Fairbairn" in run("child", "show", "C3001")[1]
    assert run("child", "update", "C3001", "--preferred-name", "Ni")[0] == 0
    assert run("child", "leave-care", "C3001")[0] == 0
    assert "care_leaver" in run("child", "show", "C3001")[1]
    assert run("team", "add", "Essex North", "--protocol", "essex")[0] == 0
    assert run("child", "transfer", "C3001", "--team", "Essex North")[0] == 0
    assert "social worker: none" in run("child", "show", "C3001")[1]
    assert run("team", "cover", "Essex North", "--by", "Moorland Emergency Duty")[0] == 0
    assert "out of hours: Moorland Emergency Duty" in run("team", "list")[1]
    assert run("staff", "manager", "MD001", "--manager", "MD003")[2].startswith(
        "homeward: that would make a loop"
    )
    assert run("staff", "manager", "MD011", "--manager", "MD001")[0] == 0
    code, out, _ = run("staff", "lost-phone", "MD008")
    assert code == 0 and "code: " in out and "no chat was linked" in out
    code, out, _ = run("staff", "leave", "MD010")
    assert code == 0 and "staff_left" in out
    assert "has left" in run("staff", "show", "MD010")[1]
    code, _, err = run("child", "add", "--id", "C3001", "--given-name", "X", "--family-name", "Y",
                       "--date-of-birth", "2013-01-09", "--legal-status", "looked_after",
                       "--team", "Essex North")  # fmt: skip
    assert code == 2 and "already exists" in err


def test_help_lists_the_valid_values(capsys: pytest.CaptureFixture[str]) -> None:
    for argv, expected in (
        (["staff", "add", "--help"], ("carer", "home_manager", "emergency_duty_team")),
        (["child", "add", "--help"], ("looked_after", "cse_risk", "residential")),
        (["child", "update", "--help"], ("child_in_need", "uasc")),
        (["roster", "import", "--help"], ("return_interview_provider", "early_help", "family")),
        (["child", "leave-care", "--help"], ("not_known", "looked_after")),
    ):
        with pytest.raises(SystemExit):
            main(argv)
        text = " ".join(capsys.readouterr().out.split())
        for value in expected:
            assert value in text, (argv, value)


def test_a_bad_value_names_the_valid_ones(run: Runner) -> None:
    run("team", "add", "North", "--protocol", "staffordshire")
    assert (
        run("staff", "add", "Ada Quill", "--role", "carer", "--team", "North", "--id", "S9")[0] == 0
    )
    code, _, err = run(
        "staff", "add", "Bo Quill", "--role", "carer", "--team", "North", "--id", "S9"
    )
    assert code == 2 and "staff id 'S9' is already Ada Quill's" in err
    assert "staff 1 (S9): Ada Quill" in run("staff", "show", "S9")[1]
    code, _, err = run("staff", "add", "Ada Quill", "--role", "foster carer", "--team", "North")
    assert code == 2 and "'foster carer' is not a staff role; expected one of carer" in err
