"""Staff: answers on approval topics that wait for a person before the patient sees them."""

from __future__ import annotations

import streamlit as st

from views.citations import render_citations
from views.queue import act, load_queue


def _render_item(service, principal, item) -> None:
    label = (f"#{item.id} · {item.patient_pseudonym} · {', '.join(item.topics)} · "
             f"{item.created_at:%Y-%m-%d %H:%M} UTC")
    with st.expander(label, expanded=True):
        st.markdown("**Question (de-identified)**")
        st.text(item.question)
        st.markdown("**Tailor's answer**")
        st.markdown(item.answer)
        render_citations(item.citations)
        if item.confidence is not None:
            st.caption(f"Confidence {item.confidence:.2f}")
        if st.button("Approve", key=f"approve-{item.id}", type="primary"):
            act(service.approve_answer, principal, item.id, item.version)
        edited = st.text_area("Edit (every sentence must keep a citation like [1] from the sources above)",
                              value=item.answer, key=f"edit-{item.id}")
        if st.button("Send edited answer", key=f"send-edit-{item.id}"):
            act(service.edit_answer, principal, item.id, item.version, edited)
        reply = st.text_area("Or replace it with your own reply (names and other identifiers are removed "
                             "before saving)", key=f"replace-{item.id}")
        if st.button("Send reply instead", key=f"send-replace-{item.id}"):
            act(service.replace_answer, principal, item.id, item.version, reply)


def render(service) -> None:
    principal = st.session_state["principal"]
    st.title("Answers to approve")
    st.caption("The patient sees \"Your care team is reviewing this answer\" until you approve, edit or replace it.")
    items = load_queue(service.held_answers, principal, empty="No answers are waiting for approval.")
    if items is None:
        return
    st.caption(f"{len(items)} answer(s) waiting, oldest first.")
    for item in items:
        _render_item(service, principal, item)
