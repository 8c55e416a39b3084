"""Rendering of numbered citations (shared by the chat and staff pages)."""

from __future__ import annotations

import streamlit as st

from assistant.types import Citation


def _link(title: str, url: str) -> str:
    # Titles come from our vetted front matter; escape brackets so they can't break the link.
    safe_title = title.replace("[", "\\[").replace("]", "\\]")
    return f"[{safe_title}]({url})"


def render_citations(citations: tuple[Citation, ...]) -> None:
    if not citations:
        return
    lines = []
    for citation in citations:
        sources = ", ".join(_link(source.title, source.url) for source in citation.sources)
        lines.append(f"{citation.n}. {_link(citation.title, citation.url)} — sources: {sources}")
    st.markdown("**Sources**\n\n" + "\n".join(lines))
