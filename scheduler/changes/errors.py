"""A change request that cannot even be judged: unknown person, duty or request, wrong role."""

from __future__ import annotations

from ..errors import InputError
from ..i18n import text


class ChangeError(InputError):
    """Bad input in a change request: one sentence naming the request and the field.

    ``file`` holds the request (``swap #17``, ``leave request``), ``column`` the
    field (``--duty``, ``--as``).
    """

    def where(self, lang: str = "en") -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.column:
            parts.append(f"字段 {self.column}" if lang == "zh" else f"field {self.column}")
        return ", ".join(parts)


def change_error(key: str, request: str | None = None, field: str | None = None,
                 **params) -> ChangeError:
    """A :class:`ChangeError` with the sentence ``key`` (see :func:`scheduler.i18n.define`)."""
    return ChangeError(text(key, "en", **params), file=request, column=field,
                       message_zh=text(key, "zh", **params))
