"""Staff and admins search the audit trail (who did what to which record, and when)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import streamlit as st

from assistant.errors import TailorError
from assistant.storage.audit import AuditQuery


def _query() -> AuditQuery:
    columns = st.columns(4)
    username = columns[0].text_input("User", key="audit_user").strip() or None
    action = columns[1].text_input("Action starts with", key="audit_action").strip() or None
    record_type = columns[2].text_input("Record type", key="audit_record_type").strip() or None
    record_id = columns[3].text_input("Record id", key="audit_record_id").strip() or None
    today = datetime.now(UTC).date()
    dates = st.date_input("Between", (today - timedelta(days=30), today), key="audit_dates")
    since, until = (tuple(dates) + (None, None))[:2]  # one date while the range is being picked
    return AuditQuery(
        username=username, action_prefix=action, record_type=record_type, record_id=record_id,
        since=datetime.combine(since, time.min, UTC) if since else None,
        until=datetime.combine(until, time.min, UTC) + timedelta(days=1) if until else None,
    )


def render(service) -> None:
    principal = st.session_state["principal"]
    st.title("Audit log")
    st.caption("Every login, view of patient data, export, release and edit. No message text is kept here.")
    query = _query()
    try:
        entries = service.search_audit(principal, query)
    except TailorError as error:
        st.error(str(error))
        return
    st.dataframe(
        [{"When (UTC)": f"{e.at:%Y-%m-%d %H:%M:%S}", "User": e.username or "system", "Action": e.action,
          "Record": f"{e.record_type or ''} {e.record_id or ''}".strip(), "Outcome": e.outcome}
         for e in entries],
        hide_index=True, use_container_width=True,
    )
    st.caption(f"{len(entries)} events shown (newest first, at most {query.limit}).")
