"""Rendering of numbered citations (shared by the chat and staff pages)."""

from __future__ import annotations

import streamlit as st

from assistant.types import Citation


def _link(title: str, url: str) -> str:
    # Titles come from our vetted front matter; escape brackets so they can't break the link.
    safe_title = title.replace("[", "\\[").replace("]", "\\]")
    return f"[{safe_title}]({url})"


def render_citations(citations: tuple[Citation, ...], retired: frozenset[str] = frozenset()) -> None:
    """`retired`: ids of cited articles an editor has retired since; they are marked so."""
    if not citations:
        return
    lines = []
    for citation in citations:
        sources = ", ".join(_link(source.title, source.url) for source in citation.sources)
        mark = " — **retired: no longer used in answers**" if citation.article_id in retired else ""
        lines.append(f"{citation.n}. {_link(citation.title, citation.url)} (version {citation.article_version})"
                     f"{mark} — sources: {sources}")
    st.markdown("**Sources**\n\n" + "\n".join(lines))
