"""Staff: preview what a patient would get for a question, and why. Nothing is stored."""

from __future__ import annotations

import streamlit as st

from assistant.errors import TailorError
from views.citations import render_citations

NO_PATIENT = ""


def _render_answer(preview) -> None:
    st.subheader("What the patient would see")
    if preview.held_for:
        st.info(f"{preview.patient_sees}\n\n(Held for approval: topic {', '.join(preview.held_for)}.)")
    else:
        st.markdown(preview.answer.answer)
        render_citations(preview.answer.citations)
    columns = st.columns(3)
    columns[0].metric("Confidence", f"{preview.answer.confidence:.2f}")
    columns[1].metric("Outcome", preview.answer.reason.split(":")[0])
    columns[2].metric("Escalation filed", preview.escalation or "none")
    if preview.held_for:
        with st.expander("The held answer (what staff approve)"):
            st.markdown(preview.answer.answer)
            render_citations(preview.answer.citations)


def _render_trace(preview) -> None:
    trace = preview.trace
    st.subheader("Why")
    st.markdown("**De-identified question**")
    st.text(trace.question_deidentified)
    st.caption("Identifiers replaced: " + (", ".join(trace.entity_types) or "none"))
    st.markdown(f"**Triage:** {trace.triage.level.value}"
                + (f" ({', '.join(trace.triage.reasons)})" if trace.triage.reasons else ""))
    st.markdown(f"**Topics:** {', '.join(preview.topics) or 'none'}")
    if trace.query:
        st.markdown("**Query as the rankers saw it**")
        st.text(trace.query)
    if trace.passages:
        st.markdown("**Retrieved passages** (BM25 and dense rankings, fused by reciprocal rank)")
        st.dataframe([
            {"Article": p.chunk.article_id, "Section": p.chunk.heading,
             "BM25 rank": None if p.bm25_rank is None else p.bm25_rank + 1, "BM25 score": round(p.bm25_score, 3),
             "Dense rank": None if p.dense_rank is None else p.dense_rank + 1, "Dense score": round(p.dense_score, 3),
             "RRF score": round(p.fused_score, 5)}
            for p in trace.passages
        ], hide_index=True)
    results = preview.answer.results_used
    if results:
        st.markdown("**Patient results used**")
        st.dataframe([{"Test": r.name, "Value": r.value, "Unit": r.unit, "Date": r.date, "Flag": r.flag}
                      for r in results], hide_index=True)
    elif results is not None:
        st.caption("No patient results were used.")
    if trace.used_genetics:
        st.caption("The patient's pharmacogenomic results were used.")


def render(service) -> None:
    principal = st.session_state["principal"]
    st.title("Preview an answer")
    st.caption("See exactly what a patient would get, and why. Previews are audited, "
               "never stored in a conversation and never shown to patients.")
    try:
        patients = {patient.id: patient.pseudonym for patient in service.preview_patients(principal)}
    except TailorError as error:
        st.error(str(error))
        return
    patient_id = st.selectbox("Patient", [NO_PATIENT, *patients], key="preview_patient",
                              format_func=lambda pid: patients.get(pid, "No patient"))
    question = st.text_area("Question, as the patient would type it", key="preview_question")
    if not st.button("Preview", key="preview_run"):
        return
    try:
        preview = service.preview(principal, question, patient_id or None)
    except TailorError as error:
        st.error(str(error))
        return
    _render_answer(preview)
    _render_trace(preview)
