"""A patient's rights: download everything held about them, delete their conversations."""

from __future__ import annotations

import streamlit as st

from assistant.errors import TailorError
from assistant.patient_export import lab_results_csv, to_html, to_json


def _render_downloads(service, principal) -> None:
    st.subheader("Download your data")
    st.write("Everything Tailor holds about you: your account, conversations, results, "
             "requests to your care team, and who looked at your records.")
    if st.button("Prepare my download", key="prepare_export"):
        try:
            st.session_state["my_export"] = service.export_my_data(principal)
        except TailorError as error:
            st.error(str(error))
    export = st.session_state.get("my_export")
    if export is not None:
        stamp = f"{export.generated_at:%Y%m%d-%H%M}"
        columns = st.columns(3)
        columns[0].download_button("Readable page (HTML)", to_html(export), f"tailor-my-data-{stamp}.html",
                                   "text/html", key="download_html")
        columns[1].download_button("Everything (JSON)", to_json(export), f"tailor-my-data-{stamp}.json",
                                   "application/json", key="download_json")
        columns[2].download_button("Lab results (CSV)", lab_results_csv(export), f"tailor-lab-results-{stamp}.csv",
                                   "text/csv", key="download_csv")


def _render_delete(service, principal) -> None:
    st.subheader("Delete your conversations")
    st.write("This removes your questions and Tailor's answers for good. Your test results stay in your "
             "health record, and requests you sent to your care team stay with them.")
    confirm = st.checkbox("Yes, delete all my conversations", key="confirm_delete")
    if st.button("Delete my conversations", key="delete_conversations", disabled=not confirm):
        try:
            deleted = service.delete_my_conversations(principal)
        except TailorError as error:
            st.error(str(error))
        else:
            st.session_state.pop("my_export", None)
            st.success(f"Deleted {deleted} conversation{'s' if deleted != 1 else ''}.")


def render(service) -> None:
    principal = st.session_state["principal"]
    st.title("My data")
    _render_downloads(service, principal)
    st.divider()
    _render_delete(service, principal)
