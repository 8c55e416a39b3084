"""The patient chat: history from the database, a question box, and the way to a person."""

from __future__ import annotations

import streamlit as st

from assistant.errors import TailorError
from assistant.escalation import EscalationState
from assistant.feedback import REASONS
from assistant.privacy import PseudonymMap
from views.citations import render_citations
from views.markup import escape_markdown

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


def _rateable(turn) -> bool:
    return turn.author == "assistant" and turn.message_id is not None and turn.reason != "pending_review"


def _render_conversation(service, principal) -> None:
    turns = service.conversation(principal)
    ratings = service.my_ratings(principal, [turn.message_id for turn in turns if _rateable(turn)])
    for turn in turns:
        with st.chat_message(AVATARS.get(turn.author, "assistant")):
            if turn.author == "staff":
                st.markdown("**From your care team**")
            # Typed text (the patient's, the care team's) and answers quoting it must not act as markup.
            st.markdown(escape_markdown(turn.text))
            render_citations(turn.citations, turn.retired_article_ids)
            if turn.author == "assistant":
                st.caption(AI_DISCLOSURE)
            if _rateable(turn):
                _render_rating(service, principal, turn.message_id, ratings.get(turn.message_id))


def _render_rating(service, principal, message_id: int, stored: bool | None) -> None:
    """Thumbs up/down; a thumbs-down may say why (the comment is de-identified before saving)."""
    chosen = st.feedback("thumbs", key=f"rate-{message_id}", default=None if stored is None else int(stored))
    try:
        if chosen is not None and bool(chosen) != stored:
            service.rate_answer(principal, message_id, bool(chosen))
            stored = bool(chosen)
        if stored is False:
            with st.expander("What was wrong? (optional)"):
                reason = st.selectbox("Reason", list(REASONS), index=None, format_func=REASONS.get,
                                      key=f"reason-{message_id}")
                comment = st.text_input("Anything else? Names and other identifiers are removed before saving.",
                                        key=f"comment-{message_id}")
                if st.button("Send", key=f"send-rating-{message_id}"):
                    service.rate_answer(principal, message_id, False, reason, comment)
                    st.success("Thank you. Our editors use this to improve Tailor's library.")
    except TailorError as error:
        st.error(str(error))


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
