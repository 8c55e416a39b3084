"""A printable medicine–gene card: the patient's results on one page for a pharmacist.

Every value is HTML-escaped; the card carries no name, only what the patient chooses
to show, and it states plainly which genes were not tested or not called.
"""

from __future__ import annotations

from datetime import date
from html import escape

STATUS_WORDS = {"called": "", "not_called": "could not be called", "not_tested": "not tested"}

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #111; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: .4rem .6rem; text-align: left; vertical-align: top; }
.muted { color: #555; font-size: .9rem; }
@media print { body { margin: 0; } }
"""


def render_card(results, printed_on: date | None = None) -> str:
    """`results`: objects with gene, diplotype, phenotype, status and drugs (GeneticView)."""
    rows = []
    for result in results:
        if result.status == "called":
            outcome = f"{escape(result.diplotype or '')}<br>{escape(result.phenotype or '')}"
        else:
            outcome = f"<em>{escape(STATUS_WORDS.get(result.status, result.status))}</em>"
        drugs = escape(", ".join(result.drugs)) or "—"
        rows.append(f"<tr><td>{escape(result.gene)}</td><td>{outcome}</td><td>{drugs}</td></tr>")
    when = (printed_on or date.today()).isoformat()
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Medicine–gene card</title><style>{_STYLE}</style></head><body>"
        "<h1>My medicine–gene card</h1>"
        "<p>Pharmacogenomic results to show a pharmacist or another clinician. "
        "A gene marked <em>not tested</em> or <em>could not be called</em> is unknown, not normal.</p>"
        "<table><thead><tr><th>Gene</th><th>Result</th><th>Medicines it can affect (CPIC)</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        f"<p class='muted'>Printed {when} from Tailor. This card is not a prescription. "
        "Do not start, stop or change a medicine on your own; talk with your prescriber or pharmacist.</p>"
        "</body></html>"
    )
