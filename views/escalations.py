"""Staff queue of open escalations, oldest first."""

from __future__ import annotations

import streamlit as st

from assistant.errors import TailorError


def render(service) -> None:
    principal = st.session_state["principal"]
    st.title("Escalations")
    try:
        items = service.open_escalations(principal)
    except TailorError as error:
        st.error(str(error))
        return
    if not items:
        st.info("No open escalations.")
        return
    for item in items:
        label = f"#{item.id} · {item.patient_pseudonym} · {item.reason} · {item.created_at:%Y-%m-%d %H:%M} UTC"
        with st.expander(label, expanded=True):
            st.text(item.transcript or "(no conversation yet)")
            if st.button("Mark handled", key=f"handled-{item.id}"):
                try:
                    service.mark_escalation_handled(principal, item.id)
                except TailorError as error:
                    st.error(str(error))
                else:
                    st.rerun()
