"""The `roster` command: exit codes, messages, files written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scheduler.cli import main
from scheduler.io import read_roster
from scheduler.models import Employee, Leave, Problem, Settings, Shift


def small_problem(**settings) -> Problem:
    """Three people, a week, one day shift with a backup."""
    return Problem(
        settings=Settings(start="2026-12-07", end="2026-12-11", holiday_calendar="none",
                          **settings),
        shifts=[Shift(shift_id="D", start="08:00", end="17:00", days="workdays", staff=1,
                      backups=1)],
        staff=[Employee(employee_id=f"E{i}") for i in range(1, 4)],
    )


@pytest.fixture
def problem_file(tmp_path: Path) -> Path:
    path = tmp_path / "problem.json"
    path.write_text(small_problem().model_dump_json(), encoding="utf-8")
    return path


def test_solve_writes_csv_and_exits_0(problem_file, tmp_path, capsys):
    out = tmp_path / "roster.csv"
    code = main(["solve", str(problem_file), "--out", str(out), "--seed", "1", "--quiet"])
    printed = capsys.readouterr().out
    assert code == 0
    assert "Status: optimal" in printed
    roster = read_roster(out)
    # 5 workdays x (1 duty + 1 backup)
    assert len(roster.assignments) == 10
    assert out.read_text().splitlines()[0] == "date,shift_id,employee_id,role"


def test_roster_is_written_even_when_the_output_pipe_closes(problem_file, tmp_path,
                                                             monkeypatch):
    # `roster solve ... | head` closes stdout early: the roster must still be
    # on disk when the summary cannot be printed (it was lost before).
    class Closed:
        def write(self, _):
            raise BrokenPipeError

        def flush(self):
            pass

        def isatty(self):
            return False

        def close(self):
            pass

    out = tmp_path / "roster.csv"
    monkeypatch.setattr(sys, "stdout", Closed())
    monkeypatch.setattr(sys, "stderr", Closed())
    code = main(["solve", str(problem_file), "--out", str(out), "--seed", "1", "--quiet"])
    assert code == 0
    assert len(read_roster(out).assignments) == 10


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_written_files_get_normal_permissions(problem_file, tmp_path):
    """A new output is readable like any new file; a replaced one keeps its mode."""
    umask = os.umask(0o022)
    try:
        out = tmp_path / "roster.csv"
        assert main(["solve", str(problem_file), "--out", str(out), "--seed", "1",
                     "--quiet"]) == 0
        assert out.stat().st_mode & 0o777 == 0o644
        out.chmod(0o640)
        assert main(["solve", str(problem_file), "--out", str(out), "--seed", "1",
                     "--quiet"]) == 0
        assert out.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(umask)


def test_solve_json_output_holds_roster_and_status(problem_file, tmp_path):
    out = tmp_path / "result.json"
    assert main(["solve", str(problem_file), "--out", str(out), "--quiet"]) == 0
    import json

    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["status"] == "optimal"
    assert len(data["roster"]) == 10


def test_infeasible_month_exits_1_with_explanation(tmp_path, capsys):
    problem = small_problem()
    problem = problem.model_copy(update={"leave": [
        Leave(employee_id="E1", start="2026-12-09", end="2026-12-09"),
        Leave(employee_id="E2", start="2026-12-09", end="2026-12-09")]})
    path = tmp_path / "p.json"
    path.write_text(problem.model_dump_json(), encoding="utf-8")
    out = tmp_path / "roster.csv"
    code = main(["solve", str(path), "--out", str(out), "--quiet"])
    printed = capsys.readouterr().out
    assert code == 1
    assert not out.exists()
    # D on 2026-12-09 needs duty + backup, only E3 is free; E1 and E2 are on leave
    assert "D on 2026-12-09 needs 2 people" in printed
    assert "only 1 can take it: E3" in printed
    assert "E1, E2" in printed


def test_bad_input_exits_2_with_one_sentence(tmp_path, capsys):
    data = small_problem().model_dump(mode="json")
    data["leave"] = [{"employee_id": "E9", "start": "2026-12-08", "end": "2026-12-08"}]
    path = tmp_path / "bad.json"
    import json

    path.write_text(json.dumps(data), encoding="utf-8")
    code = main(["solve", str(path), "--out", str(tmp_path / "r.csv")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip() == ("error: bad.json, sheet leave, row 1, column employee_id: "
                           "unknown employee id 'E9'")


def test_output_may_not_overwrite_input(problem_file, capsys):
    before = problem_file.read_bytes()
    code = main(["solve", str(problem_file), "--out", str(problem_file.with_suffix(".csv"))])
    assert code == 0
    code = main(["solve", str(problem_file), "--out", str(problem_file)])
    assert code == 2
    assert problem_file.read_bytes() == before


def test_check_exit_codes(problem_file, tmp_path, capsys):
    out = tmp_path / "roster.csv"
    assert main(["solve", str(problem_file), "--out", str(out), "--quiet"]) == 0
    assert main(["check", str(problem_file), str(out)]) == 0
    assert "No hard rule broken." in capsys.readouterr().out
    lines = out.read_text().splitlines()
    # drop the duty of the first date: H1 coverage is broken there
    duty_line = next(i for i, line in enumerate(lines) if line.endswith(",duty"))
    broken = tmp_path / "broken.csv"
    broken.write_text("\n".join(lines[:duty_line] + lines[duty_line + 1:]) + "\n")
    assert main(["check", str(problem_file), str(broken)]) == 1
    printed = capsys.readouterr().out
    assert "[H1] D on 2026-12-07 needs 1 on duty but has 0." in printed


def test_check_bad_roster_csv_names_line_and_column(problem_file, tmp_path, capsys):
    bad = tmp_path / "r.csv"
    bad.write_text("date,shift_id,employee_id,role\n2026-12-07,D,E1,duty\n2026-13-01,D,E1,duty\n")
    assert main(["check", str(problem_file), str(bad)]) == 2
    err = capsys.readouterr().err
    assert "r.csv, row 3, column date" in err


def test_chinese_messages(problem_file, tmp_path, capsys):
    out = tmp_path / "roster.csv"
    assert main(["solve", str(problem_file), "--out", str(out), "--quiet", "--lang", "zh"]) == 0
    assert "状态：最优" in capsys.readouterr().out


def test_console_script_prints_no_traceback(tmp_path):
    missing = tmp_path / "nope.xlsx"
    proc = subprocess.run([sys.executable, "-m", "scheduler.cli", "solve", str(missing),
                           "--out", str(tmp_path / "r.csv")], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "file not found" in proc.stderr
