"""Texts people read, in English and Chinese.

A text is a :class:`Msg`: a key and its parameters. Modules define their
templates next to the code that uses them with :func:`define`, so a rule's
sentences live with the rule; :meth:`Msg.render` picks the language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Lang = Literal["en", "zh"]

_TEMPLATES: dict[str, tuple[str, str]] = {}


def define(key: str, en: str, zh: str) -> str:
    """Register the English and Chinese template of ``key``; returns the key."""
    _TEMPLATES[key] = (en, zh)
    return key


@dataclass(frozen=True)
class Msg:
    """A sentence to show people, rendered on demand in either language."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, lang: Lang = "en") -> str:
        en, zh = _TEMPLATES[self.key]
        template = zh if lang == "zh" else en
        params = {k: _render(v, lang) for k, v in self.params.items()}
        return template.format(**params)

    @property
    def en(self) -> str:
        return self.render("en")

    @property
    def zh(self) -> str:
        return self.render("zh")

    def __str__(self) -> str:
        return self.en


def _render(value: Any, lang: Lang) -> Any:
    if isinstance(value, Msg):
        return value.render(lang)
    if isinstance(value, tuple) and all(isinstance(v, Msg) for v in value):
        return "".join(v.render(lang) for v in value)
    return value


def msg(key: str, **params: Any) -> Msg:
    if key not in _TEMPLATES:
        raise KeyError(f"no text defined for {key!r}")
    return Msg(key, params)


def text(key: str, lang: Lang = "en", **params: Any) -> str:
    """Render ``key`` at once, for labels and headers."""
    return msg(key, **params).render(lang)
