"""Tailor's Streamlit entrypoint: declares pages and owns the cached heavy objects."""

from __future__ import annotations

from functools import partial

import streamlit as st

from assistant.config import apply_offline_environment, get_settings
from assistant.errors import SessionEndedError
from assistant.logs import configure_logging
from assistant.types import Role
from views import (
    approvals, audit_log, chat, consent, editor, escalations, gaps, genetics, library, login, my_data, preview,
    results, review,
)

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


@st.cache_resource
def get_oidc_config():
    # Parsed once; None unless .streamlit/secrets.toml has an [auth] table (see docs/deployment.md).
    from assistant.oidc import load_oidc_config

    settings = get_settings()
    return load_oidc_config(settings.oidc_secrets_file, production=settings.environment == "production")


def _page(render, title: str, url_path: str, icon: str, default: bool = False) -> st.Page:
    return st.Page(partial(render, get_service()), title=title, url_path=url_path, icon=icon, default=default)


def _pages_for(principal) -> list[st.Page]:
    library_page = _page(library.render, "Library", "library", ":material/menu_book:")
    if principal is None:
        login_page = partial(login.render, oidc=get_oidc_config())
        return [_page(login_page, "Log in", "login", ":material/login:", default=True), library_page]
    role = principal.role
    pages = []
    if role is Role.PATIENT:
        my_data_page = _page(my_data.render, "My data", "my-data", ":material/folder_shared:")
        if not get_service().disclosure(principal).accepted:
            return [_page(consent.render, "Before you start", "consent", ":material/handshake:", default=True),
                    my_data_page, library_page]
        pages.append(_page(chat.render, "Ask Tailor", "chat", ":material/chat:", default=True))
        pages.append(_page(results.render, "My results", "results", ":material/lab_profile:"))
        pages.append(_page(genetics.render, "My genetics", "genetics", ":material/genetics:"))
        pages.append(my_data_page)
    if role in (Role.STAFF, Role.ADMIN):
        pages.append(_page(escalations.render, "Escalations", "escalations", ":material/support_agent:", default=True))
        pages.append(_page(review.render, "Results to review", "review", ":material/fact_check:"))
        pages.append(_page(audit_log.render, "Audit log", "audit", ":material/policy:"))
        pages.append(_page(approvals.render, "Answers to approve", "approvals", ":material/approval:"))
        pages.append(_page(preview.render, "Preview an answer", "preview", ":material/preview:"))
    if role in (Role.EDITOR, Role.ADMIN):
        pages.append(_page(editor.render, "Editor", "editor", ":material/edit_note:", default=role is Role.EDITOR))
        pages.append(_page(gaps.render, "Gaps report", "gaps", ":material/troubleshoot:"))
    elif role is Role.STAFF:  # staff review articles (approve, reject), they do not edit them
        pages.append(_page(editor.render, "Article review", "editor", ":material/rate_review:"))
    pages.append(library_page)
    if not any(page._default for page in pages):  # a role without a landing page of its own
        pages[-1] = _page(library.render, "Library", "library", ":material/menu_book:", default=True)
    return pages


def _live_principal():
    """The logged-in caller, if their server-side session is still alive."""
    principal = st.session_state.get("principal")
    if principal is None:
        return None
    try:
        return get_service().check_session(principal)
    except SessionEndedError as error:
        st.session_state.clear()
        st.session_state["login_notice"] = str(error)
        if get_oidc_config() is not None and st.user.is_logged_in:
            st.logout()  # the identity cookie must not outlive the session it opened
        return None


def _sidebar(principal) -> None:
    with st.sidebar:
        st.caption(f"Signed in as **{principal.username}** ({principal.role.value})")
        if st.button("Log out", key="logout"):
            get_service().logout(principal)
            _end_browser_session()
        if st.button("Log out on all devices", key="logout_everywhere"):
            get_service().logout_everywhere(principal)
            _end_browser_session()


def _end_browser_session() -> None:
    st.session_state.clear()
    if get_oidc_config() is not None and st.user.is_logged_in:
        st.logout()
    st.rerun()


principal = _live_principal()
if principal is not None:
    _sidebar(principal)

navigation = st.navigation(_pages_for(principal))
navigation.run()
