"""First-login disclosure: what Tailor is, what it stores and for how long."""

from __future__ import annotations

import streamlit as st

from assistant.errors import TailorError


def render(service) -> None:
    principal = st.session_state["principal"]
    disclosure = service.disclosure(principal)
    st.title("Before you start")
    for paragraph in disclosure.paragraphs:
        st.write(paragraph)
    agreed = st.checkbox("I have read this and understand that Tailor is an AI assistant, not a clinician.",
                         key="consent_checkbox")
    if st.button("Accept and continue", key="consent_accept", disabled=not agreed, type="primary"):
        try:
            service.accept_disclosure(principal, disclosure.version)
        except TailorError as error:
            st.error(str(error))
        else:
            st.rerun()
    st.caption("If you do not accept, you can still download or delete your data from the My data page, "
               "or contact your care team directly.")
