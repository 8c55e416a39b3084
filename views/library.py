"""The knowledge-base library: the articles answers cite, with their public sources."""

from __future__ import annotations

import streamlit as st

from assistant.errors import TailorError


def render(service) -> None:
    article_id = st.query_params.get("article")
    if article_id:
        try:
            article = service.get_article(article_id)
        except TailorError as error:
            st.error(str(error))
        else:
            st.title(article.title)
            st.caption(f"Reviewed by {article.reviewed_by} on {article.reviewed_on} · version {article.version}")
            st.markdown(article.body_without_title)  # vetted markdown; raw HTML stays disabled
            st.subheader("Sources")
            st.markdown("\n".join(f"- [{s.title}]({s.url})" for s in article.sources))
            return
    st.title("Library")
    for article in service.list_articles():
        st.markdown(f"**[{article.title}](?article={article.id})** — {article.summary}")
