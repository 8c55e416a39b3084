"""The patient chat: history from the database, a question box, and the care-team button."""

from __future__ import annotations

import streamlit as st

from assistant.errors import TailorError
from views.citations import render_citations

AVATARS = {"patient": "user", "assistant": "assistant", "staff": ":material/medical_services:"}


def render(service) -> None:
    principal = st.session_state["principal"]
    st.title("Ask Tailor")
    st.caption("Answers come from Tailor's reviewed library. Tailor is not a doctor.")

    question = st.chat_input("Ask about your results or personalised medicine")
    if question:
        try:
            service.ask(principal, question)
        except TailorError as error:
            st.error(str(error))

    for turn in service.conversation(principal):
        with st.chat_message(AVATARS.get(turn.author, "assistant")):
            st.markdown(turn.text)
            render_citations(turn.citations)

    st.divider()
    if st.button("Ask my care team", key="escalate", icon=":material/support_agent:"):
        try:
            service.escalate(principal)
        except TailorError as error:
            st.error(str(error))
        else:
            st.success("Your care team has your conversation and will get back to you.")
