"""The manager's Streamlit app (``streamlit run app.py``): pages, state, grid and charts.

- :mod:`.state`: everything kept between reruns (language, person, today,
  the store, the workspace saved as a draft, the background solve);
- :mod:`.pages`: one module per page: plan 排班, adjust 调整, publish 发布,
  requests 申请, absence 缺勤, log 日志;
- :mod:`.grid`, :mod:`.charts`, :mod:`.tables`, :mod:`.widgets`: the roster
  grid, the per-person charts, the input tables, shared pieces;
- :mod:`.texts`: every label in English and Chinese.

The app holds no rule logic: it calls :func:`scheduler.solve`, the change
rules of :mod:`scheduler.changes` and the store's
:class:`~scheduler.store.RosterService`.
"""

from __future__ import annotations

PAGES = (("plan", "page.plan", ":material/calendar_month:"),
         ("adjust", "page.adjust", ":material/edit:"),
         ("publish", "page.publish", ":material/publish:"),
         ("requests", "page.requests", ":material/swap_horiz:"),
         ("absence", "page.absence", ":material/sick:"),
         ("log", "page.log", ":material/history:"))


def navigation() -> list:
    """The navigation's pages, titled in the chosen language.

    Each page is its module's file, run as a page script (so Streamlit's
    AppTest can switch to it by path).
    """
    from pathlib import Path

    import streamlit as st

    from .texts import t

    folder = Path(__file__).resolve().parent / "pages"
    return [st.Page(folder / f"{name}.py", title=t(title), icon=icon, url_path=name,
                    default=name == "plan") for name, title, icon in PAGES]
