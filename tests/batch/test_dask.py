"""``roster batch`` on Dask: a LocalCluster and a scheduler plus worker started as processes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys

import pytest
from batch_cases import REPO, SEEDED, rosters, subprocess_env, write_teams

from scheduler.batch import run_batch, run_ok
from scheduler.batch.output import SOLVED
from scheduler.cli import EXIT_BAD_INPUT, main

pytest.importorskip("distributed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(args: list[str], log) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", *args], cwd=REPO, env=subprocess_env(),
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture(scope="module")
def scheduler_address(tmp_path_factory):
    """A Dask scheduler and one worker (1 thread, ``cores=1``) as separate processes."""
    logs = tmp_path_factory.mktemp("dask")
    address = f"tcp://127.0.0.1:{_free_port()}"
    with open(logs / "scheduler.log", "wb") as s_log, open(logs / "worker.log", "wb") as w_log:
        scheduler = _start(["distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port",
                            address.rsplit(":", 1)[1], "--no-dashboard"], s_log)
        worker = _start(["distributed.cli.dask_worker", address, "--nworkers", "1",
                         "--nthreads", "1", "--resources", "cores=1", "--no-dashboard"], w_log)
        try:
            yield address
        finally:
            _stop(worker)
            _stop(scheduler)


def test_a_local_cluster_gives_the_local_pools_rosters(local_batch, teams, tmp_path):
    out, rows = local_batch
    engines = []
    dask_rows = run_batch(teams, tmp_path / "out", backend="dask", workers=2,
                          on_start=engines.append, **SEEDED)
    assert engines[0].name == "dask" and engines[0].slots == 2
    assert all(run_ok(r) for r in dask_rows)
    assert [r["key"] for r in dask_rows] == [r["key"] for r in rows]
    assert rosters(tmp_path / "out", dask_rows) == rosters(out, rows)
    assert {r["worker"] for r in dask_rows}.isdisjoint(r["worker"] for r in rows)


def test_a_scheduler_and_worker_as_processes_give_the_same_rosters(local_batch, teams, tmp_path,
                                                                   scheduler_address):
    out, rows = local_batch
    code = main(["batch", str(teams), "--out", str(tmp_path / "out"), "--address",
                 scheduler_address, "--seed", str(SEEDED["seed"]), "--time-limit",
                 str(SEEDED["time_limit"]), "--quiet"])
    assert code == 0
    again = run_batch(teams, tmp_path / "out", **SEEDED)  # read back, nothing solved
    assert all(r["done_before"] for r in again)
    assert rosters(tmp_path / "out", again) == rosters(out, rows)
    # Solved by the worker process of the cluster, not by this one or the local pool.
    assert len({r["worker"] for r in again}) == 1
    assert int(again[0]["worker"].rsplit(":", 1)[1]) != os.getpid()


def test_a_cluster_without_enough_cores_is_a_clear_error(teams, tmp_path, scheduler_address,
                                                         capsys, monkeypatch):
    from scheduler.batch.backends import dask as dask_backend

    monkeypatch.setattr(dask_backend, "CONNECT_TIMEOUT", 1.0)
    code = main(["batch", str(teams), "--out", str(tmp_path / "out"), "--address",
                 scheduler_address, "--threads-per-solve", "2"])
    assert code == EXIT_BAD_INPUT
    assert "--resources cores=N" in capsys.readouterr().err


def test_an_unreachable_scheduler_is_a_clear_error(teams, tmp_path, capsys, monkeypatch):
    from scheduler.batch.backends import dask as dask_backend

    monkeypatch.setattr(dask_backend, "CONNECT_TIMEOUT", 1.0)
    code = main(["batch", str(teams), "--out", str(tmp_path / "out"), "--address",
                 f"tcp://127.0.0.1:{_free_port()}", "--lang", "zh"])
    assert code == EXIT_BAD_INPUT
    assert "无法连接 Dask 调度器" in capsys.readouterr().err


def test_a_dask_worker_killed_mid_batch_loses_no_run(tmp_path):
    folder = tmp_path / "teams"
    write_teams(folder, sizes=(40, 40, 40, 40, 40), first_seed=30)
    engines, killed, seen = [], [], []

    def kill_another(row):
        seen.append(row)
        if killed:
            return
        producer = row["worker"].rsplit(":", 1)[1]
        pids = engines[0].worker_pids()
        victim = next(pid for pid in pids.values() if str(pid) != producer)
        os.kill(victim, signal.SIGKILL)
        killed.append(victim)

    rows = run_batch(folder, tmp_path / "out", backend="dask", workers=2, seed=0, time_limit=2,
                     on_start=engines.append, on_result=kill_another)
    assert killed
    # Every run has the solver's answer (under load a 2 s run may find no roster: an answer too).
    assert all(r["status"] in SOLVED and r["attempts"] == 1 for r in rows)
    assert len(seen) == 5 and len({r["key"] for r in seen}) == 5  # each run ended once
    runs = [d for d in (tmp_path / "out" / "runs").iterdir()]
    assert sorted(d.name.rsplit("-", 1)[1] for d in runs) == sorted(r["key"] for r in rows)
