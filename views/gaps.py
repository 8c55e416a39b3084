"""Editors: questions Tailor could not or would not answer, and answers patients disliked."""

from __future__ import annotations

import streamlit as st

from assistant.errors import TailorError

KIND_LABEL = {"abstained": "no answer found", "declined": "medicine question", "thumbs_down": "thumbs down"}


def _link(title: str, url: str) -> str:
    safe_title = title.replace("[", "\\[").replace("]", "\\]")
    return f"[{safe_title}]({url})"


def render(service) -> None:
    principal = st.session_state["principal"]
    st.title("Gaps report")
    st.caption("De-identified questions where Tailor abstained or declined, and answers rated thumbs down, "
               "grouped by topic, with the articles involved.")
    try:
        report = service.gaps_report(principal)
    except TailorError as error:
        st.error(str(error))
        return
    st.download_button("Download CSV", report.to_csv(), file_name="tailor-gaps.csv", mime="text/csv",
                       key="gaps_csv", disabled=not report.items)
    if not report.items:
        st.info("Nothing to report yet.")
        return
    for topic, items in report.by_topic().items():
        st.subheader(f"{topic} ({len(items)})")
        st.dataframe([
            {"Kind": KIND_LABEL[item.kind], "Asked on": item.asked_on.isoformat(), "Question": item.question,
             "Rating": item.rating or "", "Reason": item.rating_reason or "", "Comment": item.comment or "",
             "Articles": ", ".join(article_id for article_id, _, _ in item.cited_articles
                                   or ((item.nearest_article,) if item.nearest_article else ()))}
            for item in items
        ], hide_index=True)
        articles = {article for item in items
                    for article in (item.cited_articles or ((item.nearest_article,) if item.nearest_article else ()))}
        if articles:
            st.markdown("Articles: " + " · ".join(_link(title, url) for _, title, url in sorted(articles)))
