"""The runs of a batch: folders, manifests and their overrides, run keys, bad rows."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from batch_cases import REPO, subprocess_env, write_teams

from scheduler.batch.driver import plan_runs
from scheduler.batch.manifest import apply_overrides, read_runs
from scheduler.cli import EXIT_BAD_INPUT, main
from scheduler.errors import InputError
from scheduler.models import Settings


@pytest.fixture
def folder(tmp_path):
    write_teams(tmp_path / "teams", sizes=(8, 10))
    return tmp_path / "teams"


def test_a_folder_lists_its_problems_in_name_order_and_skips_others(folder):
    (folder / "notes.txt").write_text("not a problem", encoding="utf-8")
    (folder / "~$team0.xlsx").write_bytes(b"an Excel lock file")
    (folder / "sub").mkdir()
    runs = read_runs(folder)
    assert [r.name for r in runs] == ["team0", "team1"]
    assert all(r.overrides == {} and r.seed is None for r in runs)


def test_a_csv_manifest_reads_paths_relative_to_itself_with_overrides(folder, tmp_path):
    manifest = tmp_path / "sweep.csv"
    manifest.write_text(
        "input,name,min_rest_hours,权重_夜班,seed,note\n"
        "teams/team0.json,base,,,,the workbook as it is\n"
        "teams/team0.json,rest12,12,,,\n"
        "teams/team1.json,,,8,3,\n"
        ",,,,,\n", encoding="utf-8")
    runs = read_runs(manifest)
    assert [r.name for r in runs] == ["base", "rest12", "team1"]
    assert runs[0].input == folder / "team0.json" and runs[0].overrides == {}
    assert runs[1].overrides == {"min_rest_hours": 12.0}
    assert runs[2].overrides == {"weight_nights": 8} and runs[2].seed == 3
    assert runs[2].row == 4  # as a spreadsheet shows it: the header is row 1
    assert runs[1].overrides_text() == "min_rest_hours=12"


def test_a_json_manifest_takes_flat_keys_or_an_overrides_object(folder, tmp_path):
    manifest = tmp_path / "sweep.json"
    manifest.write_text(json.dumps({"runs": [
        "teams/team0.json",
        {"input": "teams/team1.json", "name": "strict", "overrides": {"min_rest_hours": 14}},
        {"input": "teams/team1.json", "weight_fairness": 0, "no_swap_chains": "否"},
    ]}), encoding="utf-8")
    runs = read_runs(manifest)
    assert [r.name for r in runs] == ["team0", "strict", "team1"]
    assert runs[1].overrides == {"min_rest_hours": 14.0}
    assert runs[2].overrides == {"weight_fairness": 0, "no_swap_chains": False}


def test_overrides_replace_the_workbooks_settings():
    settings = Settings(month="2026-12", min_rest_hours=11)
    changed = apply_overrides(settings, {"min_rest_hours": 12.0, "weight_nights": 8})
    assert changed.min_rest_hours == 12 and changed.weights.nights == 8
    assert changed.weights.rotation == settings.weights.rotation and changed.month == "2026-12"


@pytest.mark.parametrize(("content", "row", "column", "words"), [
    ("input,min_rest_hours\nteams/team0.json,abc\n", 2, "min_rest_hours", "not a valid"),
    ("input,weight_nights\nteams/team0.json,-1\n", 2, "weight_nights", "not a valid"),
    ("input,min_rest_hour\nteams/team0.json,12\n", 2, "min_rest_hour", "unknown column"),
    ("input,month\nteams/team0.json,2027-01\n", 2, "month", "cannot be changed"),
    ("input\nteams/team0.json\nteams/missing.json\n", 3, "input", "file not found"),
    ("name\nbase\n", 2, "input", "no input given"),
    ("input,seed\nteams/team0.json,-3\n", 2, "seed", "whole number"),
    ("input\nteams/team0.json,extra\n", 2, None, "cells"),
])
def test_a_bad_manifest_row_names_the_file_row_and_column(folder, tmp_path, content, row, column,
                                                            words):
    manifest = tmp_path / "sweep.csv"
    manifest.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_runs(manifest)
    err = caught.value
    assert (err.file, err.row, err.column) == ("sweep.csv", row, column)
    assert words in err.message and err.message_zh


def test_a_bad_manifest_exits_2_with_one_bilingual_sentence(folder, tmp_path, capsys):
    manifest = tmp_path / "sweep.csv"
    manifest.write_text("input,min_rest_hours\nteams/team0.json,lots\n", encoding="utf-8")
    assert main(["batch", str(manifest), "--out", str(tmp_path / "out")]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "sweep.csv, row 2, column min_rest_hours" in err and "Traceback" not in err
    assert main(["batch", str(manifest), "--out", str(tmp_path / "out"), "--lang", "zh"]) == 2
    assert "sweep.csv, 第 2 行, 列 min_rest_hours" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_bad_options_exit_2(folder, tmp_path, capsys):
    out = str(tmp_path / "out")
    assert main(["batch", str(folder), "--out", out, "--workers", "0"]) == EXIT_BAD_INPUT
    assert "--workers" in capsys.readouterr().err
    assert main(["batch", str(folder), "--out", out, "--backend", "local",
                 "--address", "tcp://127.0.0.1:1"]) == EXIT_BAD_INPUT
    assert "--backend dask" in capsys.readouterr().err
    assert main(["batch", str(tmp_path / "nowhere"), "--out", out]) == EXIT_BAD_INPUT
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert main(["batch", str(folder), "--out", str(tmp_path / "file")]) == EXIT_BAD_INPUT
    assert "is a file" in capsys.readouterr().err


def test_the_run_key_follows_content_overrides_seed_limit_and_threads(folder, tmp_path):
    moved = tmp_path / "elsewhere" / "renamed.json"
    moved.parent.mkdir()
    shutil.copy(folder / "team0.json", moved)
    manifest = tmp_path / "m.csv"
    manifest.write_text("input,min_rest_hours\nteams/team0.json,\nelsewhere/renamed.json,\n"
                        "teams/team0.json,12\nteams/team1.json,\n", encoding="utf-8")
    runs = read_runs(manifest)

    def keys(**options):
        return [key for _, key, _, _ in plan_runs(runs, **{"seed": 0, "time_limit": 5.0,
                                                           "threads": 1, **options})]

    base = keys()
    assert base[0] == base[1]  # the same bytes under another name and folder: the same run
    assert len({base[0], base[2], base[3]}) == 3  # an override or another input: another run
    assert keys() == base  # stable
    for options in ({"seed": 1}, {"seed": None}, {"time_limit": 6.0}, {"threads": 2}):
        assert keys(**options)[0] != base[0]


def test_roster_schema_loads_neither_dask_nor_ortools(tmp_path):
    code = ("import sys\nfrom scheduler.cli import main\n"
            f"assert main(['schema', {str(tmp_path / 's.json')!r}]) == 0\n"
            "loaded = [m for m in ('ortools', 'distributed', 'dask') if m in sys.modules]\n"
            "assert not loaded, loaded\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO, env=subprocess_env(),
                   timeout=60)
