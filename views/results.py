"""My results: latest values with flags and plain names, and a chart per test over time."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from assistant.errors import TailorError, UnitError
from assistant.results.explain import range_text
from assistant.results.flags import Flag
from assistant.results.units import convert

FLAG_LABEL = {
    Flag.NORMAL: "in range", Flag.HIGH: "high", Flag.LOW: "low", Flag.CRITICAL_HIGH: "critical high",
    Flag.CRITICAL_LOW: "critical low", Flag.UNKNOWN: "no range",
}
HOLD_LABELS = {
    "lab": "Routine lab results",
    "cancer_marker": "Cancer markers (for example PSA)",
    "genetic": "Genetic and pharmacogenomic results",
}


def _render_holds(service, principal) -> None:
    with st.expander("Wait for my care team before Tailor explains new results"):
        st.caption(
            "You will always see your results. If you choose to wait, Tailor will not explain a new "
            "result in these groups until your care team has reviewed it."
        )
        preferences = service.review_preferences(principal)
        for category, label in HOLD_LABELS.items():
            current = preferences.get(category, False)
            chosen = st.checkbox(label, value=current, key=f"hold-{category}")
            if chosen != current:
                service.set_review_preference(principal, category, chosen)
                st.rerun()


def _table(summaries) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Test": summary.name[:1].upper() + summary.name[1:],
                "Latest": summary.display_value,
                "Date": summary.effective_on.isoformat(),
                "Flag": "awaiting review" if summary.held else FLAG_LABEL[summary.flag],
                "Usual range": range_text(summary) or "",
                "Trend": summary.trend.direction if summary.trend else "",
            }
            for summary in summaries
        ]
    )


def _band(summary, unit: str) -> tuple[float, float] | None:
    reference = summary.assessment.range if summary.assessment else None
    if reference is None or (reference.low is None and reference.high is None):
        return None
    try:
        low = convert(reference.low, reference.unit, unit, summary.loinc) if reference.low is not None else None
        high = convert(reference.high, reference.unit, unit, summary.loinc) if reference.high is not None else None
    except UnitError:
        return None
    return (low if low is not None else 0.0, high if high is not None else (low or 0.0) * 3)


def _chart(summary, points) -> alt.Chart:
    unit = points[-1][2]
    frame = pd.DataFrame([{"date": moment, "value": value} for moment, value, point_unit in points if point_unit == unit])
    line = alt.Chart(frame).mark_line(point=True).encode(
        x=alt.X("date:T", title="Date"), y=alt.Y("value:Q", title=f"{summary.name} ({unit})"),
        tooltip=["date:T", "value:Q"],
    )
    band = _band(summary, unit)
    if band is None:
        return line
    shaded = alt.Chart(pd.DataFrame([{"low": band[0], "high": band[1]}])).mark_rect(opacity=0.15, color="green").encode(
        y="low:Q", y2="high:Q")
    return shaded + line


def render(service) -> None:
    principal = st.session_state["principal"]
    st.title("My results")
    _render_holds(service, principal)
    try:
        summaries = service.my_results(principal)
    except TailorError as error:
        st.error(str(error))
        return
    if not summaries:
        st.info("No results on file yet. Your clinic adds them when they come in.")
        return
    st.dataframe(_table(summaries), hide_index=True, use_container_width=True)
    numeric = [summary for summary in summaries if summary.value is not None]
    choice = st.selectbox("Show a test over time", numeric, format_func=lambda summary: summary.name, key="chart_test")
    if choice is not None:
        points = service.result_history(principal, choice.loinc)
        st.altair_chart(_chart(choice, points), use_container_width=True)
        st.caption("The shaded band is the usual range. Ask Tailor about any result, for example “what does my "
                   f"{choice.name} mean?”")
