"""The knowledge-base library: the articles answers cite, with their public sources."""

from __future__ import annotations

import streamlit as st

from assistant.errors import TailorError


def _cited_version(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _render_article(entry) -> None:
    article = entry.article
    st.title(article.title)
    st.caption(f"Reviewed by {article.reviewed_by} on {article.reviewed_on} · version {article.version}")
    if not entry.is_current:
        if entry.current_version is None:
            st.info(f"This is version {article.version}, the one an answer quoted. "
                    "The article has since been retired and is no longer used in answers.")
        else:
            st.info(f"This is version {article.version}, the one an answer quoted. The article has been "
                    f"updated since: [read the current version {entry.current_version}](?article={article.id}).")
    st.markdown(article.body_without_title)  # vetted markdown; raw HTML stays disabled
    st.subheader("Sources")
    st.markdown("\n".join(f"- [{s.title}]({s.url})" for s in article.sources))


def render(service) -> None:
    article_id = st.query_params.get("article")
    if article_id:
        try:
            entry = service.library_article(article_id, _cited_version(st.query_params.get("version")))
        except TailorError as error:
            st.error(str(error))
        else:
            _render_article(entry)
            return
    st.title("Library")
    for article in service.list_articles():
        st.markdown(f"**[{article.title}](?article={article.id})** — {article.summary}")
