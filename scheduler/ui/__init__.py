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


def navigation() -> list:
    """The navigation's pages, titled in the chosen language."""
    import streamlit as st

    from .pages import absence, adjust, log, plan, publish, requests
    from .texts import t

    return [
        st.Page(plan.page, title=t("page.plan"), icon=":material/calendar_month:",
                url_path="plan", default=True),
        st.Page(adjust.page, title=t("page.adjust"), icon=":material/edit:", url_path="adjust"),
        st.Page(publish.page, title=t("page.publish"), icon=":material/publish:",
                url_path="publish"),
        st.Page(requests.page, title=t("page.requests"), icon=":material/swap_horiz:",
                url_path="requests"),
        st.Page(absence.page, title=t("page.absence"), icon=":material/sick:", url_path="absence"),
        st.Page(log.page, title=t("page.log"), icon=":material/history:", url_path="log"),
    ]
