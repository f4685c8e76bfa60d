"""The manager's app: ``streamlit run app.py``.

It opens on the team-month last worked on (the store's newest draft), else
the bundled sample; the store is ``ROSTER_DB``, else ``roster.db`` in the
working directory. Pages live in :mod:`scheduler.ui.pages`, shared state in
:mod:`scheduler.ui.state`.
"""

import streamlit as st

from scheduler.ui import navigation, sidebar, state


def main() -> None:
    st.set_page_config(page_title="值班排班 · Duty roster", page_icon=":material/calendar_month:",
                       layout="wide")
    workspace = state.workspace()
    state.finish_solve(workspace)  # a solve that ended while another page was open
    state.follow_published(workspace)
    sidebar.show(workspace)
    st.navigation(navigation()).run()


# Streamlit runs the script as __main__; a process started by multiprocessing's
# spawn method from a process that ran it (its tests) imports it as __mp_main__.
if __name__ == "__main__":
    main()
