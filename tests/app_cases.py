"""The app under Streamlit's AppTest: :class:`Driver` clicks through it as a manager does."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
SAMPLE = ROOT / "samples" / "december_2026.xlsx"
EARLY = dt.date(2026, 12, 1)


class Driver:
    """An AppTest of the app, with the steps the tests share."""

    def __init__(self, lang: str = "en", secrets: dict | None = None) -> None:
        self.at = AppTest.from_file(str(APP), default_timeout=120)
        self.at.session_state["lang"] = lang
        for section, values in (secrets or {}).items():
            self.at.secrets[section] = values
        self.run()

    def run(self) -> Driver:
        self.at.run()
        assert not self.at.exception, [e.value for e in self.at.exception]
        return self

    def page(self, name: str) -> Driver:
        self.at.switch_page(f"scheduler/ui/pages/{name}.py")
        return self.run()

    def click(self, key: str) -> Driver:
        self.at.button(key=key).click()
        return self.run()

    def as_person(self, emp_id: str) -> Driver:
        self.at.selectbox(key="who_choice").set_value(emp_id)
        return self.run()

    def on(self, day: dt.date) -> Driver:
        self.at.date_input(key="today_input").set_value(day)
        return self.run()

    def solve(self) -> Driver:
        self.click("solve")
        for _ in range(600):  # the solve runs in a thread; the page polls it
            if "job" not in self.at.session_state:
                break
            time.sleep(0.1)
            self.run()
        assert "job" not in self.at.session_state
        return self

    @property
    def ws(self):
        return self.at.session_state["ws"]

    def texts(self, kind: str) -> list[str]:
        return [e.value for e in getattr(self.at, kind)]
