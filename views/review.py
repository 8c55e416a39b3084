"""Staff: results that patients asked to have reviewed before Tailor explains them."""

from __future__ import annotations

import streamlit as st

from assistant.errors import TailorError


def render(service) -> None:
    principal = st.session_state["principal"]
    st.title("Results to review")
    st.caption("Patients chose to wait for your review before Tailor explains these. They can already see the values.")
    try:
        pending = service.results_awaiting_review(principal)
    except TailorError as error:
        st.error(str(error))
        return
    _render_genetics(service, principal)
    if not pending:
        st.info("No lab results are waiting for review.")
        return
    selected: list[int] = []
    for pseudonym, summary in pending:
        label = f"{pseudonym} · {summary.name} · {summary.display_value} · {summary.effective_on:%Y-%m-%d}"
        if st.checkbox(label, key=f"review-{summary.result_id}"):
            selected.append(summary.result_id)
    if st.button("Mark reviewed", key="mark-reviewed", disabled=not selected):
        count = service.mark_results_reviewed(principal, selected)
        st.success(f"{count} result(s) marked reviewed.")
        st.rerun()


def _render_genetics(service, principal) -> None:
    pending = service.genetics_awaiting_review(principal)
    if not pending:
        return
    st.subheader("Genetic results")
    selected = [
        result.id
        for pseudonym, result in pending
        if st.checkbox(f"{pseudonym} · {result.gene} · {result.diplotype} · {result.phenotype}", key=f"gene-{result.id}")
    ]
    if st.button("Mark genetic results reviewed", key="mark-genetics", disabled=not selected):
        count = service.mark_genetics_reviewed(principal, selected)
        st.success(f"{count} genetic result(s) marked reviewed.")
        st.rerun()
