"""Log-in page for patients, staff and editors."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from assistant.errors import TailorError


def _render_single_sign_on(service, oidc) -> None:
    """Clinic sign-on: st.login sends the user to the identity provider and back."""
    if st.user.is_logged_in:
        try:
            st.session_state["principal"] = service.login_external(
                str(st.user.get("iss", "")), str(st.user.get("sub", "")),
                datetime.fromtimestamp(int(st.user.get("iat", 0)), UTC))
        except TailorError as error:
            st.error(f"{error}. Sign in again below.")
            st.button("Sign out of the clinic account", key="sso_logout", on_click=st.logout)
            return
        st.rerun()
    for provider in oidc.providers:
        st.button("Log in with your clinic account", key=f"sso_{provider.name or 'default'}", type="primary",
                  on_click=st.login, args=(provider.name,) if provider.name else ())
    st.caption("Or use a Tailor password:")


def render(service, oidc=None) -> None:
    st.title("Tailor")
    st.write(
        "Tailor is an AI assistant that explains test results and personalised medicine "
        "in plain words. It is not a clinician; your care team is one click away."
    )
    notice = st.session_state.pop("login_notice", None)
    if notice:
        st.info(notice)
    if oidc is not None:
        _render_single_sign_on(service, oidc)
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
