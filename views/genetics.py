"""My genetics: each gene's result and the medicines it affects, plus a printable card."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assistant.errors import TailorError
from assistant.pgx.card import STATUS_WORDS, render_card


def _row(result) -> dict:
    if result.status == "called":
        outcome = result.phenotype or ""
        if result.held:
            outcome += " (your care team will review before Tailor explains it)"
    else:
        outcome = STATUS_WORDS[result.status]
    return {"Gene": result.gene, "Result": result.diplotype or "", "What it means": outcome,
            "Medicines it can affect": ", ".join(result.drugs)}


def render(service) -> None:
    principal = st.session_state["principal"]
    st.title("My genetics")
    st.caption("Pharmacogenomic results: how your genes may affect some medicines. "
               "Never start, stop or change a medicine on your own; ask your prescriber or pharmacist.")
    try:
        results = service.my_genetics(principal)
    except TailorError as error:
        st.error(str(error))
        return
    st.dataframe(pd.DataFrame([_row(result) for result in results]), hide_index=True, use_container_width=True)
    st.caption("“Not tested” and “could not be called” mean unknown, not normal.")
    st.download_button(
        "Download my medicine–gene card (print-ready)",
        data=render_card(results),
        file_name="medicine-gene-card.html",
        mime="text/html",
        key="gene_card",
    )
