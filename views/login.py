"""Log-in page for patients, staff and editors."""

from __future__ import annotations

import streamlit as st

from assistant.errors import TailorError


def render(service) -> None:
    st.title("Tailor")
    st.write(
        "Tailor is an AI assistant that explains test results and personalised medicine "
        "in plain words. It is not a clinician; your care team is one click away."
    )
    notice = st.session_state.pop("login_notice", None)
    if notice:
        st.info(notice)
    with st.form("login"):
        username = st.text_input("Username", key="login_username")
        password = st.text_input("Password", type="password", key="login_password")
        submitted = st.form_submit_button("Log in")
    if submitted:
        try:
            st.session_state["principal"] = service.login(username, password)
        except TailorError as error:
            st.error(str(error))
        else:
            st.rerun()
