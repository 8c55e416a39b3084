"""The patient chat: history from the database, a question box, and the way to a person."""

from __future__ import annotations

import streamlit as st

from assistant.errors import TailorError
from assistant.escalation import EscalationState
from assistant.privacy import PseudonymMap
from views.citations import render_citations

AVATARS = {"patient": "user", "assistant": "assistant", "staff": ":material/medical_services:"}
AI_DISCLOSURE = (
    "Answer written by Tailor, an AI assistant, from its reviewed library. "
    "It is not a clinician. To reach a person, use **Ask my care team** below."
)
STATE_WORDS = {
    EscalationState.OPEN: "waiting for the care team",
    EscalationState.CLAIMED: "a care team member is working on it",
    EscalationState.ANSWERED: "answered: see the reply above",
    EscalationState.CLOSED: "closed",
    EscalationState.CANCELLED: "cancelled",
}


def _render_conversation(service, principal) -> None:
    for turn in service.conversation(principal):
        with st.chat_message(AVATARS.get(turn.author, "assistant")):
            if turn.author == "staff":
                st.markdown("**From your care team**")
            st.markdown(turn.text)
            render_citations(turn.citations, turn.retired_article_ids)
            if turn.author == "assistant":
                st.caption(AI_DISCLOSURE)


def _render_requests(service, principal) -> None:
    requests = service.my_requests(principal)
    if not requests:
        return
    st.subheader("Your requests to the care team")
    for request in requests:
        columns = st.columns([4, 1])
        columns[0].write(
            f"#{request.id} · sent {request.created_at:%Y-%m-%d %H:%M} UTC · {STATE_WORDS[request.state]}"
        )
        if request.state in (EscalationState.OPEN, EscalationState.CLAIMED):
            if columns[1].button("Cancel", key=f"cancel-{request.id}"):
                try:
                    service.cancel_request(principal, request.id)
                except TailorError as error:
                    st.error(str(error))
                else:
                    st.rerun()


def render(service) -> None:
    principal = st.session_state["principal"]
    st.title("Ask Tailor")
    st.caption("Tailor is an AI assistant, not a doctor. Answers come from its reviewed library.")

    question = st.chat_input("Ask about your results or personalised medicine")
    if question:
        try:
            # The name-to-placeholder map lives only in this browser session's memory.
            pseudonyms = st.session_state.setdefault("pseudonyms", PseudonymMap())
            service.ask(principal, question, pseudonyms)
        except TailorError as error:
            st.error(str(error))

    _render_conversation(service, principal)

    st.divider()
    if st.button("Ask my care team", key="escalate", icon=":material/support_agent:"):
        try:
            service.escalate(principal)
        except TailorError as error:
            st.error(str(error))
        else:
            st.success("Your care team has your conversation and will get back to you.")
    _render_requests(service, principal)
