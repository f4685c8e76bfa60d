"""The library's public names stay what they are, whatever ran before."""

import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "december_2026.xlsx"


def test_solve_is_still_the_function_after_the_command_line_solved(tmp_path):
    # Importing a submodule binds its name on the package: a module named
    # like the function would replace ``scheduler.solve`` with itself once
    # the command line (or the app, or a batch) imported it.
    argv = ["solve", str(SAMPLE), "--out", str(tmp_path / "roster.csv"), "--seed", "0", "--quiet"]
    code = "\n".join([
        "from scheduler.cli import main",
        f"assert main({argv!r}) == 0",
        "import scheduler",
        "from scheduler import solve",
        "print(type(solve).__name__, type(scheduler.solve).__name__)",
    ])
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1].split() == ["function", "function"]
