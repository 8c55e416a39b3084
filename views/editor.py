"""Editors write and revise articles; a second person reviews, runs the publish gate and publishes.

Every action is a service call (`service.editorial`), which checks the caller's role.
Article markdown is previewed with st.markdown and raw HTML stays disabled.
"""

from __future__ import annotations

import streamlit as st

from assistant.editorial import DEFAULT_REVIEWED_BY, ArticleDraft, format_sources, parse_sources, parse_tags
from assistant.errors import PublishBlockedError, TailorError
from assistant.kb_check import MAX_READING_GRADE
from assistant.types import Role

NEW_ARTICLE = "➕ New article"
WRITER_ROLES = (Role.EDITOR, Role.ADMIN)
NEW_BODY = "# Title\n\nOne short paragraph that says what the article is about.\n\n## A question a patient asks\n\nThe answer, in plain words.\n"


def render(service) -> None:
    principal = st.session_state["principal"]
    st.title("Editor" if principal.role in WRITER_ROLES else "Article review")
    try:
        statuses = service.editorial.articles(principal)
    except TailorError as error:
        st.error(str(error))
        return
    labels = {s.article_id: f"{s.title} ({s.article_id}) · {_status_words(s)}" for s in statuses}
    options = ([NEW_ARTICLE] if principal.role in WRITER_ROLES else []) + list(labels)
    # Options are ids, so the choice survives a change of the status shown in its label.
    choice = st.selectbox("Article", options, key="editor_article", format_func=lambda o: labels.get(o, o))
    article_id = choice if choice in labels else None
    if article_id is None:
        _render_form(service, principal, None, None)
        return
    try:
        history = service.editorial.history(principal, article_id)
    except TailorError as error:
        st.error(str(error))
        return
    edit_tab, review_tab = st.tabs(["Edit", "History and review"])
    with edit_tab:
        if principal.role in WRITER_ROLES:
            _render_form(service, principal, article_id, history[-1])
        else:
            st.info("Only editors and admins edit articles; you can review them in the next tab.")
    with review_tab:
        _render_history(service, principal, article_id, history)


def _status_words(status) -> str:
    words = {"published": f"published v{status.published_version}", "retired": "retired", "draft": "not published"}
    text = words.get(status.status, status.status)
    if status.latest_state == "pending":
        text += f" · v{status.latest_version} awaiting review"
    return text


def _render_form(service, principal, article_id: str | None, latest) -> None:
    suffix = f"{article_id}-{latest.number}" if latest else "new"
    if latest is None:
        new_id = st.text_input("Article id (lowercase words joined by hyphens)", key="editor_new_id")
    title = st.text_input("Title", value=latest.title if latest else "", key=f"editor_title-{suffix}")
    summary = st.text_input("Summary (one sentence)", value=latest.summary if latest else "",
                            key=f"editor_summary-{suffix}")
    sources_text = st.text_area("Sources, one per line: Title | https://address",
                                value=format_sources(latest.sources) if latest else "",
                                key=f"editor_sources-{suffix}", height=100)
    tags_text = st.text_input("Tags, separated by commas", value=", ".join(latest.tags) if latest else "",
                              key=f"editor_tags-{suffix}")
    write, preview = st.columns(2)
    with write:
        body = st.text_area("Markdown", value=latest.body if latest else NEW_BODY, key=f"editor_body-{suffix}",
                            height=480)
    with preview:
        st.caption("Preview")
        st.markdown(body)  # raw HTML stays disabled
    try:
        draft = ArticleDraft(
            article_id=article_id or new_id.strip(), title=title, summary=summary,
            sources=parse_sources(sources_text), tags=parse_tags(tags_text), body=body,
            reviewed_by=latest.reviewed_by if latest else DEFAULT_REVIEWED_BY,
        )
        check = service.editorial.check_draft(principal, draft)
    except TailorError as error:
        st.error(str(error))
        return
    _render_meter(check)
    if st.button("Save as a new version", key="editor_save", type="primary", disabled=not check.ok):
        try:
            saved = service.editorial.save(principal, draft, latest.number if latest else None)
        except TailorError as error:
            st.error(str(error))
        else:
            st.success(f"Saved version {saved.number}. Another editor or a staff reviewer must approve it "
                       "before it is published.")


def _render_meter(check) -> None:
    grade = check.reading_grade
    st.metric("Reading grade (Flesch-Kincaid)", grade, delta=round(grade - MAX_READING_GRADE, 1),
              delta_color="inverse", help=f"Articles must read at grade {MAX_READING_GRADE:g} or lower.")
    st.progress(min(1.0, max(0.0, grade / 16)), text=f"grade {grade} of at most {MAX_READING_GRADE:g}; "
                                                      f"summary grade {check.summary_grade}")
    for finding in check.findings:
        (st.error if finding.severity == "error" else st.warning)(finding.message)
    if check.ok:
        st.caption("Passes the `tailor kb check` checks.")


def _render_history(service, principal, article_id: str, history) -> None:
    st.dataframe(
        [{"version": v.number, "state": v.state, "made by": v.author, "how": v.origin,
          "from": v.based_on, "saved (UTC)": f"{v.created_at:%Y-%m-%d %H:%M}", "grade": v.reading_grade}
         for v in reversed(history)],
        hide_index=True, key="editor_versions",
    )
    numbers = [v.number for v in history]
    if len(numbers) > 1:
        left, right = st.columns(2)
        old = left.selectbox("Compare version", numbers, index=len(numbers) - 2, key="editor_diff_from")
        new = right.selectbox("with version", numbers, index=len(numbers) - 1, key="editor_diff_to")
        st.code(service.editorial.diff(principal, article_id, old, new) or "(no differences)", language="diff")
    latest = history[-1]
    if latest.state == "pending":
        _render_review(service, principal, article_id, latest)
    for review in service.editorial.reviews(principal, article_id):
        line = f"v{review.version} {review.decision} by {review.reviewer} on {review.created_at:%Y-%m-%d %H:%M} UTC"
        if review.override_reason:
            line += f" · gate overridden ({review.regressions} regression(s)): {review.override_reason}"
        st.caption(line)
    if principal.role in WRITER_ROLES:
        _render_rollback_and_retire(service, principal, article_id, history)


def _render_review(service, principal, article_id: str, latest) -> None:
    st.subheader(f"Review version {latest.number}")
    if latest.author_user_id == principal.user_id:
        st.info("You wrote this version. Another editor or a staff reviewer must approve it.")
        return
    state_key = f"gate-{article_id}-{latest.number}"
    if st.button("Run the publish gate", key="editor_gate"):
        try:
            st.session_state[state_key] = service.editorial.gate(principal, article_id, latest.number)
        except TailorError as error:
            st.error(str(error))
    report = st.session_state.get(state_key)
    if report is not None:
        _render_report(report)
    reason = st.text_input("Override reason (needed only when the gate finds a regression)", key="editor_override")
    approve, reject = st.columns(2)
    if approve.button("Approve and publish", key="editor_approve", type="primary"):
        try:
            result = service.editorial.approve(principal, article_id, latest.number, reason or None)
        except PublishBlockedError as error:
            st.session_state[state_key] = error.report
            st.error(str(error))
        except TailorError as error:
            st.error(str(error))
        else:
            st.success(f"Version {result.version} is live: {result.build.embedded_chunks} changed chunk(s) "
                       "re-embedded" + (" (gate overridden)." if result.overridden else "."))
    if reject.button("Reject", key="editor_reject"):
        try:
            service.editorial.reject(principal, article_id, latest.number)
        except TailorError as error:
            st.error(str(error))
        else:
            st.success(f"Version {latest.number} rejected.")


def _render_report(report) -> None:
    verdict = "passed" if report.passed else f"found {len(report.regressions)} regression(s)"
    st.markdown(f"**Publish gate {verdict}**: {report.questions} questions, {len(report.changes)} answer(s) "
                f"changed, answers at grade {MAX_READING_GRADE:g} or lower {report.grade_ok_before:.0%} → "
                f"{report.grade_ok_after:.0%} ({report.seconds} s).")
    for change in report.changes:
        problems = []
        if change.lost_facts:
            problems.append(f"lost key fact(s) {', '.join(change.lost_facts)}")
        if change.lost_citations:
            problems.append(f"no longer cites {', '.join(change.lost_citations)}")
        if change.broken:
            problems.append(f"{change.broken} broke")
        label = f"{'⚠️' if change.regression else 'ℹ️'} {change.question_id}: {change.question}"
        with st.expander(label, expanded=change.regression):
            if problems:
                st.error("; ".join(problems))
            st.caption(f"reading grade {change.grade_before} → {change.grade_after}")
            st.text(f"Before:\n{change.before}\n\nAfter:\n{change.after}")


def _render_rollback_and_retire(service, principal, article_id: str, history) -> None:
    st.subheader("Roll back or retire")
    older = [v.number for v in history[:-1]]
    if older:
        target = st.selectbox("Restore the text of version", older, index=len(older) - 1, key="editor_rollback_to")
        if st.button("Restore as a new version", key="editor_rollback"):
            try:
                restored = service.editorial.rollback(principal, article_id, target)
            except TailorError as error:
                st.error(str(error))
            else:
                st.success(f"Version {restored.number} restores version {target}; it needs review before it is live.")
    if st.button("Retire this article now", key="editor_retire",
                 help="Takes it out of answers at once; answers that cited it show it as retired."):
        try:
            service.editorial.retire(principal, article_id)
        except TailorError as error:
            st.error(str(error))
        else:
            st.success("Retired: no new answer will cite it.")
