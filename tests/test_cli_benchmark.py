"""The command line on a benchmark file: ``--strategy``, and solutions in the benchmark's format."""

from __future__ import annotations

import pytest
from search_cases import BENCH, benchmark

from scheduler import check_roster
from scheduler.cli import main
from scheduler.io.curtois import read_curtois_solution

INSTANCE1 = str(BENCH / "Instance1.txt")


def test_cli_strategy_option_solves_a_benchmark_file_and_rejects_unknown_names(tmp_path, capsys):
    out = tmp_path / "sol.csv"
    assert main(["solve", INSTANCE1, "--out", str(out), "--time-limit", "20",
                 "--strategy", "cpsat", "--quiet"]) == 0
    problem = benchmark("Instance1")
    assert sum(v.penalty for v in check_roster(problem, read_curtois_solution(problem, out))) == 607
    with pytest.raises(SystemExit) as err:
        main(["solve", INSTANCE1, "--out", str(out), "--strategy", "fast"])
    assert err.value.code == 2
    assert "lns-bound" in capsys.readouterr().err  # the choices are listed


def test_cli_check_reads_back_the_benchmark_solution_that_solve_wrote(tmp_path, capsys):
    # solve writes a benchmark input's roster in the benchmark's own format;
    # check (and --pin) must read that format back, not ask for date,shift_id.
    out = tmp_path / "sol.csv"
    assert main(["solve", INSTANCE1, "--out", str(out), "--time-limit", "20", "--quiet"]) == 0
    assert out.read_text().startswith("employee,day,shift")
    capsys.readouterr()
    assert main(["check", INSTANCE1, str(out), "--lang", "en"]) == 0
    assert "607" in capsys.readouterr().out  # the optimum, scored by the checks
    pinned = tmp_path / "again.csv"
    assert main(["solve", INSTANCE1, "--out", str(pinned), "--pin", str(out),
                 "--time-limit", "20", "--quiet"]) == 0
    assert pinned.read_text() == out.read_text()
