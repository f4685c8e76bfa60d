"""``roster batch`` on the local process pool: outputs, failures, resuming, lost workers, the store."""

from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import sys
import time

from batch_cases import REPO, SEEDED, rosters, subprocess_env, write_teams

from scheduler.batch import COLUMNS, run_batch, run_ok
from scheduler.batch.output import SOLVED, RunStore
from scheduler.checks import check_roster
from scheduler.cli import main
from scheduler.io import load_problem, read_roster


def test_each_run_is_solved_rechecked_and_written_with_a_summary(local_batch, teams):
    out, rows = local_batch
    assert [r["name"] for r in rows] == ["team0", "team1", "team2"]
    for row in rows:
        assert run_ok(row), row
        assert row["status"] == "optimal" and row["gap"] == 0 and row["hard_violations"] == 0
        assert row["attempts"] == 1 and not row["done_before"] and row["error"] is None
        host, pid = row["worker"].rsplit(":", 1)
        assert host and int(pid) != os.getpid()  # solved in a pool process, not here
        assert row["peak_rss_mb"] > 0 and row["wall_time_s"] > 0
        folder = out / row["output"]
        assert folder.name == f"{row['name']}-{row['key']}"
        assert {p.name for p in folder.iterdir()} == {"roster.csv", "roster.xlsx",
                                                      "problem.json", "result.json"}
        problem = load_problem(teams / row["input"])
        roster = read_roster(folder / "roster.csv")
        assert not [v for v in check_roster(problem, roster) if v.hard]
        # The objective reported is the penalties the independent checks find.
        assert row["objective"] == sum(v.penalty for v in check_roster(problem, roster))
    with open(out / "summary.csv", newline="", encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    assert [r["name"] for r in table] == ["team0", "team1", "team2"]
    assert list(table[0]) == [key for key, _, _ in COLUMNS]
    assert {r["status"] for r in table} == {"optimal"}
    from openpyxl import load_workbook

    sheet = load_workbook(out / "summary.xlsx").active
    assert sheet.cell(1, 5).value == "status" and sheet.max_row == 4
    assert not list((out / "runs").glob(".tmp-*"))


def test_a_broken_workbook_gets_its_error_sentence_and_the_others_succeed(tmp_path):
    folder = tmp_path / "teams"
    write_teams(folder, sizes=(8,))
    shutil.copy(REPO / "samples" / "december_2026.xlsx", folder / "sample.xlsx")
    (folder / "broken.xlsx").write_bytes(b"this is not a workbook")
    manifest = tmp_path / "runs.csv"
    manifest.write_text("input,name,min_rest_hours\nteams/team0.json,,\nteams/broken.xlsx,,\n"
                        "teams/sample.xlsx,,\nteams/team0.json,no-rest,100\n"
                        "teams/team0.json,again,\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["batch", str(manifest), "--out", str(out), "--seed", "0", "--time-limit", "20",
                 "--workers", "2", "--quiet"])
    assert code == 1  # a run failed
    with open(out / "summary.csv", newline="", encoding="utf-8") as fh:
        rows = {r["name"]: r for r in csv.DictReader(fh)}
    assert rows["broken"]["status"] == "error" and rows["broken"]["output"] == ""
    assert rows["broken"]["error"].startswith("teams/broken.xlsx: ")  # as the manifest names it
    assert "Excel" in rows["broken"]["error"]
    assert rows["team0"]["status"] == rows["sample"]["status"] == "optimal"
    assert rows["team0"]["error"] == rows["sample"]["error"] == ""
    # 100 h of rest between duties: no roster; the summary says why, in a sentence.
    assert rows["no-rest"]["status"] == "infeasible" and rows["no-rest"]["error"]
    assert rows["no-rest"]["overrides"] == "min_rest_hours=100"
    # The same run asked twice is solved once and shown twice.
    assert rows["again"]["key"] == rows["team0"]["key"]
    assert rows["again"]["output"] == rows["team0"]["output"]
    assert len(list((out / "runs").iterdir())) == 3  # the broken one left nothing


def test_a_rerun_reads_finished_runs_back_and_starts_no_worker(local_batch, teams, tmp_path):
    out, rows = local_batch
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    before = {p: p.stat().st_mtime_ns for p in (copy / "runs").rglob("*")}
    started, solved = [], []
    again = run_batch(teams, copy, on_start=started.append,
                      on_result=solved.append, **SEEDED)
    assert started == [] and solved == []
    assert [r["done_before"] for r in again] == [True] * 3
    for old, new in zip(rows, again, strict=True):
        assert {k: v for k, v in new.items() if k != "done_before"} == \
            {k: v for k, v in old.items() if k != "done_before"}
    assert {p: p.stat().st_mtime_ns for p in (copy / "runs").rglob("*")} == before


def test_resume_solves_only_what_is_missing(local_batch, teams, tmp_path):
    out, rows = local_batch
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    shutil.rmtree(copy / rows[1]["output"])  # as if the batch stopped before this run
    (copy / "runs" / f".tmp-{rows[1]['key']}-999999999-abcdef01").mkdir()  # a dead batch's
    solved = []
    again = run_batch(teams, copy, workers=1, on_result=solved.append, **SEEDED)
    assert [r["key"] for r in solved] == [rows[1]["key"]]
    assert [r["done_before"] for r in again] == [True, False, True]
    assert rosters(copy, again) == rosters(out, rows)
    assert not list((copy / "runs").glob(".tmp-*"))


def test_a_batch_killed_midway_resumes_without_redoing_finished_runs(tmp_path):
    folder = tmp_path / "teams"
    write_teams(folder, sizes=(8, 10, 12, 8), first_seed=10)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "scheduler.cli", "batch", str(folder), "--out", str(out),
               "--seed", "0", "--time-limit", "20", "--workers", "1", "--quiet"]
    proc = subprocess.Popen(command, cwd=REPO, env=subprocess_env(), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not _finished_runs(out):
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the batch and its pool, at once
        proc.wait()
    done = _finished_runs(out)
    assert 1 <= len(done) < 4, "the batch ended before it could be interrupted"
    stamps = {p: p.stat().st_mtime_ns for d in done for p in d.iterdir()}
    solved = []
    rows = run_batch(folder, out, workers=2, on_result=solved.append, **SEEDED)
    assert all(run_ok(r) for r in rows)
    assert len(solved) == 4 - len(done)
    assert {r["key"] for r in solved}.isdisjoint(d.name.rsplit("-", 1)[1] for d in done)
    assert sum(r["done_before"] for r in rows) == len(done)
    assert {p: p.stat().st_mtime_ns for d in done for p in d.iterdir()} == stamps
    assert len(_finished_runs(out)) == 4 and not list((out / "runs").glob(".tmp-*"))


def _finished_runs(out):
    runs = out / "runs"
    if not runs.is_dir():
        return []
    return [d for d in runs.iterdir() if not d.name.startswith(".")]


def test_a_pool_process_killed_mid_batch_loses_no_run_and_writes_none_twice(tmp_path,
                                                                            monkeypatch):
    folder = tmp_path / "teams"
    # Teams of 40 take a second or two each: the other process is busy when one is killed.
    write_teams(folder, sizes=(40, 40, 40, 40, 40, 40), first_seed=20)
    engines, killed, seen = [], [], []

    def kill_another(row):
        seen.append(row)
        if killed:
            return
        producer = int(row["worker"].rsplit(":", 1)[1])
        victims = [pid for pid in engines[0].worker_pids() if pid != producer]
        os.kill(victims[0], signal.SIGKILL)
        killed.append(victims[0])

    writes = []
    write = RunStore.write

    def counting(self, name, record, meta):
        writes.append(record["key"])
        return write(self, name, record, meta)

    monkeypatch.setattr(RunStore, "write", counting)
    rows = run_batch(folder, tmp_path / "out", workers=2, seed=0, time_limit=2,
                     on_start=engines.append, on_result=kill_another)
    assert killed
    # Every run has the solver's answer (under load a 2 s run may find no roster: an answer too).
    assert all(r["status"] in SOLVED for r in rows)
    assert sum(r["attempts"] for r in rows) > 6  # the killed process's runs went again
    assert all(int(r["worker"].rsplit(":", 1)[1]) != killed[0] for r in rows
               if r["attempts"] > 1)
    assert len(seen) == 6 and len({r["key"] for r in seen}) == 6  # each run ended once
    assert len(_finished_runs(tmp_path / "out")) == 6
    assert sorted(writes) == sorted(r["key"] for r in rows)  # each written exactly once


def test_db_stores_good_rosters_as_proposals_once(local_batch, teams, tmp_path):
    from scheduler.store import Database, RosterService

    out, rows = local_batch
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    url = f"sqlite:///{tmp_path / 'roster.db'}"
    first = run_batch(teams, copy, db=url, **SEEDED)
    again = run_batch(teams, copy, db=url, **SEEDED)
    assert [r["proposal"] for r in first] == [r["proposal"] for r in again]
    db = Database(url)
    try:
        service = RosterService(db)
        for row in first:
            problem = load_problem(teams / row["input"])
            team = problem.settings.team
            assert row["proposal"] == f"{team} 2026-12 v1"
            [version] = service.versions("2026-12", team)  # once, though the batch ran twice
            assert (version.status, version.kind, version.author) == ("proposal", "batch", "batch")
            info, stored_problem, roster = service.current("2026-12", team, number=1)
            assert roster == read_roster(copy / row["output"] / "roster.csv").sorted()
            assert stored_problem == problem
        assert [e.action for e in service.log()] == ["batch.propose"] * 3
    finally:
        db.close()
