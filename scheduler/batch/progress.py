"""The progress line of a batch: runs done, failed, and the time left.

On a terminal one line is redrawn with a bar; in a log (not a terminal) a
line is printed per finished run, at most one every few seconds, and the
last always. The time left is the time per run so far this batch, times the
runs left (it counts what this batch solved, not what an earlier one did).
"""

from __future__ import annotations

import time
from typing import TextIO

from ..i18n import define, text

BAR = 20
LOG_EVERY = 2.0  # seconds between lines in a log

T_LINE = define("batch.progress", "batch: {bar}{done}/{total} done, {failed} failed{before}; {left}",
                "批量：{bar}已完成 {done}/{total}，失败 {failed}{before}；{left}")
T_BEFORE = define("batch.progress.before", " ({n} from an earlier batch)", "（{n} 个此前已完成）")
T_LEFT = define("batch.progress.left", "about {time} left", "预计还需 {time}")
T_ESTIMATING = define("batch.progress.estimating", "estimating the time left…", "正在估算剩余时间…")
T_FINISHED = define("batch.progress.finished", "finished in {time}", "用时 {time}")
T_MIN = define("batch.time.min", "{m} min {s} s", "{m} 分 {s} 秒")
T_SEC = define("batch.time.sec", "{s} s", "{s} 秒")
T_HOUR = define("batch.time.hour", "{h} h {m} min", "{h} 小时 {m} 分")


def duration(seconds: float, lang: str) -> str:
    """``1 h 5 min``, ``3 min 20 s`` or ``12 s`` (in ``lang``)."""
    s = max(0, round(seconds))
    if s >= 3600:
        return text(T_HOUR, lang, h=s // 3600, m=s % 3600 // 60)
    if s >= 60:
        return text(T_MIN, lang, m=s // 60, s=s % 60)
    return text(T_SEC, lang, s=s)


class ProgressLine:
    """Counts finished runs and shows them on ``stream`` (nothing when it is None).

    Parameters
    ----------
    stream
        Where the line goes (standard error for the command), or None.
    total
        Runs in the batch.
    before
        Runs an earlier batch finished (counted as done from the start).
    lang
        ``en`` or ``zh``.
    """

    def __init__(self, stream: TextIO | None, total: int, before: int, lang: str) -> None:
        self.stream = stream
        self.total = total
        self.before = before
        self.lang = lang
        self.done = before
        self.failed = 0
        self.started = time.perf_counter()
        self.tty = bool(stream is not None and getattr(stream, "isatty", lambda: False)())
        self._last = 0.0

    def finished(self, ok: bool) -> None:
        """One more run ended, well or not."""
        if ok:
            self.done += 1
        else:
            self.failed += 1
        self.show()

    def line(self) -> str:
        ended = self.done + self.failed
        left = self.total - ended
        now = ended - self.before
        elapsed = time.perf_counter() - self.started
        if left == 0:
            eta = text(T_FINISHED, self.lang, time=duration(elapsed, self.lang))
        elif now > 0:
            eta = text(T_LEFT, self.lang, time=duration(elapsed / now * left, self.lang))
        else:
            eta = text(T_ESTIMATING, self.lang)
        bar = ""
        if self.tty:
            filled = round(BAR * ended / self.total) if self.total else BAR
            bar = f"[{'#' * filled}{'.' * (BAR - filled)}] "
        before = text(T_BEFORE, self.lang, n=self.before) if self.before else ""
        return text(T_LINE, self.lang, bar=bar, done=self.done, total=self.total,
                    failed=self.failed, before=before, left=eta)

    def show(self) -> None:
        if self.stream is None:
            return
        ended = self.done + self.failed == self.total
        now = time.perf_counter()
        if self.tty:
            print(f"\r{self.line()}\033[K", end="\n" if ended else "", file=self.stream,
                  flush=True)
        elif ended or now - self._last >= LOG_EVERY:
            self._last = now
            print(self.line(), file=self.stream, flush=True)


__all__ = ["ProgressLine", "duration"]
