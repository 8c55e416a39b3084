"""Tailor's Streamlit entrypoint: declares pages and owns the cached heavy objects."""

from __future__ import annotations

from functools import partial

import streamlit as st

from assistant.config import apply_offline_environment, get_settings
from assistant.logs import configure_logging
from assistant.types import Role
from views import chat, editor, escalations, genetics, library, login, results, review

apply_offline_environment()
st.set_page_config(page_title="Tailor", page_icon="🧬", layout="centered")


@st.cache_resource(show_spinner="Loading Tailor…")
def get_service():
    # One service per process: models and the index are shared; nothing user-specific
    # lives in it (conversations stay in the database, the login in session state).
    from assistant.bootstrap import build_service

    settings = get_settings()
    configure_logging(settings.log_level)
    return build_service(settings)


def _page(render, title: str, url_path: str, icon: str, default: bool = False) -> st.Page:
    return st.Page(partial(render, get_service()), title=title, url_path=url_path, icon=icon, default=default)


def _pages_for(role: Role | None) -> list[st.Page]:
    library_page = _page(library.render, "Library", "library", ":material/menu_book:")
    if role is None:
        return [_page(login.render, "Log in", "login", ":material/login:", default=True), library_page]
    pages = []
    if role is Role.PATIENT:
        pages.append(_page(chat.render, "Ask Tailor", "chat", ":material/chat:", default=True))
        pages.append(_page(results.render, "My results", "results", ":material/lab_profile:"))
        pages.append(_page(genetics.render, "My genetics", "genetics", ":material/genetics:"))
    if role in (Role.STAFF, Role.ADMIN):
        pages.append(_page(escalations.render, "Escalations", "escalations", ":material/support_agent:", default=True))
        pages.append(_page(review.render, "Results to review", "review", ":material/fact_check:"))
    if role in (Role.EDITOR, Role.ADMIN):
        pages.append(_page(editor.render, "Editor", "editor", ":material/edit_note:", default=role is Role.EDITOR))
    elif role is Role.STAFF:  # staff review articles (approve, reject), they do not edit them
        pages.append(_page(editor.render, "Article review", "editor", ":material/rate_review:"))
    pages.append(library_page)
    if not any(page._default for page in pages):  # editors land in the library for now
        pages[-1] = _page(library.render, "Library", "library", ":material/menu_book:", default=True)
    return pages


principal = st.session_state.get("principal")
if principal is not None:
    with st.sidebar:
        st.caption(f"Signed in as **{principal.username}** ({principal.role.value})")
        if st.button("Log out", key="logout"):
            st.session_state.clear()
            st.rerun()

navigation = st.navigation(_pages_for(principal.role if principal else None))
navigation.run()
