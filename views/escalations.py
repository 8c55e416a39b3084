"""The care team's queue: most urgent and oldest first, with claim, reply and close."""

from __future__ import annotations

import streamlit as st

from assistant.escalation import EscalationReason, EscalationState, Priority
from views.queue import act, load_queue

PRIORITY_LABEL = {Priority.EMERGENCY: "P1 emergency", Priority.URGENT: "P2 urgent", Priority.ROUTINE: "P3 routine"}


def _filters() -> tuple[tuple[EscalationState, ...], tuple[str, ...], tuple[int, ...]]:
    columns = st.columns(3)
    states = columns[0].multiselect(
        "State", list(EscalationState), default=[EscalationState.OPEN, EscalationState.CLAIMED],
        format_func=lambda state: state.value, key="filter_states",
    )
    reasons = columns[1].multiselect("Reason", [r.value for r in EscalationReason], key="filter_reasons")
    priorities = columns[2].multiselect(
        "Priority", list(Priority), format_func=lambda p: PRIORITY_LABEL[p], key="filter_priorities"
    )
    return tuple(states), tuple(reasons), tuple(int(p) for p in priorities)


def _label(item) -> str:
    overdue = "⚠️ OVERDUE · " if item.overdue else ""
    claimed = f" · claimed by {item.claimed_by}" if item.claimed_by else ""
    return (
        f"{overdue}{PRIORITY_LABEL[item.priority]} · #{item.id} · {item.patient_pseudonym} · "
        f"{item.reason} · {item.state.value}{claimed} · {item.created_at:%Y-%m-%d %H:%M} UTC"
    )


def _render_item(service, principal, item) -> None:
    with st.expander(_label(item), expanded=item.priority == Priority.EMERGENCY or item.claimed_by == principal.username):
        if item.overdue:
            st.warning(f"Response was due {item.due_at:%Y-%m-%d %H:%M} UTC.")
        if item.reason_codes:
            st.caption(f"Triage: {item.reason_codes}")
        if item.state is EscalationState.OPEN:
            if st.button("Claim", key=f"claim-{item.id}"):
                act(service.claim_escalation, principal, item.id, item.version)
            return
        if item.claimed_by != principal.username:
            return
        detail = service.escalation_detail(principal, item.id)
        st.text(detail.transcript or "(no conversation yet)")
        flagged = service.escalation_results(principal, item.id)
        if flagged:
            st.markdown("**Latest results outside the usual range**")
            st.dataframe(
                [{"Test": r.name, "Value": r.display_value, "Date": r.effective_on.isoformat(), "Flag": r.flag.value}
                 for r in flagged],
                hide_index=True,
            )
        if item.state in (EscalationState.CLAIMED, EscalationState.ANSWERED):
            reply = st.text_area(
                "Reply to the patient (names and other identifiers are removed before saving)",
                key=f"reply-{item.id}",
            )
            columns = st.columns(3)
            if columns[0].button("Send reply", key=f"send-{item.id}"):
                act(service.reply_to_escalation, principal, item.id, reply)
            if item.state is EscalationState.CLAIMED and columns[1].button("Release", key=f"release-{item.id}"):
                act(service.release_escalation, principal, item.id)
            if item.state is EscalationState.ANSWERED and columns[2].button("Close", key=f"close-{item.id}"):
                act(service.close_escalation, principal, item.id)


def render(service) -> None:
    principal = st.session_state["principal"]
    st.title("Escalations")
    states, reasons, priorities = _filters()
    items = load_queue(service.escalation_queue, principal, states, reasons, priorities,
                       empty="No escalations match these filters.")
    if items is None:
        return
    overdue = sum(item.overdue for item in items)
    st.caption(f"{len(items)} item(s), {overdue} overdue. Most urgent first, then oldest.")
    for item in items:
        _render_item(service, principal, item)
