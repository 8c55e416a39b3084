"""Showing text people typed through st.markdown without it acting as markup."""

from __future__ import annotations

import re

# CommonMark lets any ASCII punctuation be escaped with a backslash; Streamlit adds
# :colour[...] / :emoji: directives and $math$, so ':' and '$' are escaped too.
_MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$=&\"'])")


def escape_markdown(text: str) -> str:
    """`text` displayed literally: no links, images, HTML, headings or formatting."""
    return _MARKUP.sub(r"\\\1", text)
