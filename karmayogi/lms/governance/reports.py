"""The annual report of a department and the State of Civil Services report: HTML with charts drawn
on the server as SVG, a PDF with the same charts, and CSV and JSON exports of the same figures.

Both read one KPI run of the year (so every figure is reproducible from it) and the plans. Charts
use inline attributes rather than stylesheet classes, so the PDF draws exactly what the page shows.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from dataclasses import dataclass
from html import escape

from fpdf import FPDF, FontFace
from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms.errors import DomainError, InvalidInput, PermissionDenied
from karmayogi.lms.governance import kpis, ledger, priorities, scorecards
from karmayogi.lms.governance.metrics import REGISTRY
from karmayogi.lms.orm import CapacityBuildingPlan, KpiRun, KpiValue, Organisation
from karmayogi.lms.pdf_fonts import add_bilingual_fonts
from karmayogi.lms.permissions import PLATFORM_PATH, Permission, Principal

BAR_COLOUR = "#1f5f8b"
_HEADINGS = FontFace(emphasis="", fill_color=(225, 232, 240))  # regular weight: one font file


@dataclass(frozen=True)
class Chart:
    title: str
    rows: tuple[tuple[str, float], ...]  # label, value
    unit: str
    maximum: float | None = None

    def svg(self) -> str:
        """Horizontal bars with their values; the data also appear as a table beside the chart."""
        row, label_w, bar_w, top = 22, 220, 260, 30
        width, height = label_w + bar_w + 70, top + row * max(len(self.rows), 1) + 10
        top_value = self.maximum or max((v for _, v in self.rows), default=1.0) or 1.0
        parts = [
            f'<svg role="img" aria-label="{escape(self.title)}" xmlns="http://www.w3.org/2000/svg" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
            f'<text x="4" y="18" font-size="14" font-family="sans-serif" fill="#000000">'
            f"{escape(self.title)}</text>",
        ]
        for i, (label, value) in enumerate(self.rows):
            y = top + i * row
            length = max(0.0, min(value / top_value, 1.0)) * bar_w
            parts.append(
                f'<text x="4" y="{y + 13}" font-size="11" font-family="sans-serif" fill="#000000">'
                f"{escape(label[:34])}</text>"
            )
            parts.append(
                f'<rect x="{label_w}" y="{y + 2}" width="{length:.1f}" height="14" fill="{BAR_COLOUR}"/>'
            )
            parts.append(
                f'<text x="{label_w + length + 4:.1f}" y="{y + 13}" font-size="11" font-family="sans-serif" '
                f'fill="#000000">{value:.2f}</text>'
            )
        parts.append("</svg>")
        return "".join(parts)


@dataclass(frozen=True)
class Report:
    kind: str  # "department" or "state_of_civil_services"
    title: str
    title_hi: str
    year: int
    run: dict[str, object]
    sections: tuple[tuple[str, list[list[str]]], ...]  # heading, table rows (first row: header)
    charts: tuple[Chart, ...]
    data: dict[str, object]


def _run_meta(run: KpiRun) -> dict[str, object]:
    return {
        "run_id": str(run.id),
        "computed_at": run.computed_at.isoformat(timespec="seconds"),
        "inputs_version": run.inputs_version,
        "registry_version": run.registry_version,
    }


def _run(session: Session, year: int) -> KpiRun:
    try:
        return kpis.latest_run(session, year)
    except DomainError:
        return kpis.compute(session, year)


def require_commission(principal: Principal) -> None:
    if not principal.can(Permission.PLANS_APPROVE, PLATFORM_PATH):
        raise PermissionDenied("this is the Commission's (plans:approve over the whole service)")


def state_of_civil_services(session: Session, principal: Principal, year: int) -> Report:
    """The whole service: department scorecards and ranks, peer groups, providers, the platform."""
    require_commission(principal)
    priorities.check_year(year)
    run = _run(session, year)
    cards = scorecards.scorecards(session, principal, year, run)
    values = kpis.by_metric(kpis.values(session, principal, year, run=run))
    peer = sorted(values.get("peer_group.hours_per_official", {}).items(), key=lambda kv: -kv[1])[:15]
    platform = {m: v.get("platform", 0.0) for m, v in values.items() if m.startswith("platform.")}
    prio = priorities.current(session, year)
    plans_live = session.execute(
        select(CapacityBuildingPlan.organisation_id).where(
            CapacityBuildingPlan.year == year, CapacityBuildingPlan.state == "live"
        )
    ).all()
    ranking = [["Rank", "Department", "Officials", "Score", *scorecards.COMPONENTS]] + [
        [
            str(c.rank),
            c.name,
            str(c.headcount),
            f"{c.score:.2f}",
            *(f"{c.components[k][1]:.1f}" for k in scorecards.COMPONENTS),
        ]
        for c in cards
    ]
    data = {
        "year": year,
        "run": _run_meta(run),
        "method": scorecards.method(),
        "scorecards": [
            {
                "rank": c.rank,
                "department_id": str(c.department_id),
                "department": c.name,
                "headcount": c.headcount,
                "score": c.score,
                "components": {k: {"raw": r, "score": s} for k, (r, s) in c.components.items()},
            }
            for c in cards
        ],
        "peer_groups_hours_per_official": dict(peer),
        "platform": platform,
        "priorities_version": prio.version,
        "departments_with_live_plans": len(plans_live),
    }
    return Report(
        "state_of_civil_services",
        f"State of Civil Services {year}",
        f"सिविल सेवाओं की स्थिति {year}",
        year,
        _run_meta(run),
        (
            ("Department scorecards and ranking", ranking),
            (
                "Peer groups: learning hours per official",
                [["Designation", "Hours"]] + [[k, f"{v:.2f}"] for k, v in peer],
            ),
            ("Platform", [["Metric", "Value"]] + [[k, f"{v:.2f}"] for k, v in sorted(platform.items())]),
            (
                "Plans",
                [
                    ["Departments with a live plan", str(len(plans_live))],
                    ["National priorities version", str(prio.version)],
                ],
            ),
        ),
        (
            Chart("Department scores (0-100)", tuple((c.name, c.score) for c in cards[:25]), "score", 100.0),
            Chart("Learning hours per official by designation", tuple(peer), "hours"),
        ),
        data,
    )


def department_report(
    session: Session,
    principal: Principal,
    organisation_id: uuid.UUID,
    year: int,
    ranked: list[scorecards.Scorecard] | None = None,
) -> Report:
    """One department's year: its scorecard and rank, its KPIs, its plan and its subscription account.

    `ranked` passes the scorecards already computed for the caller, when building many reports."""
    org = session.get(Organisation, organisation_id)
    if org is None or not principal.can(Permission.KPIS_READ, org.path):
        raise InvalidInput("organisation_id", f"no organisation {organisation_id} within your scope")
    priorities.check_year(year)
    run = _run(session, year)
    cards = {c.department_id: c for c in (ranked or scorecards.scorecards(session, principal, year, run))}
    card = cards.get(organisation_id)
    own = session.scalars(
        select(KpiValue).where(
            KpiValue.run_id == run.id,
            KpiValue.metric.like("department.%"),
            KpiValue.subject_id == str(organisation_id),
        )
    )
    metrics = {v.metric: v.value for v in own}
    plan = session.scalar(
        select(CapacityBuildingPlan)
        .where(CapacityBuildingPlan.organisation_id == organisation_id, CapacityBuildingPlan.year == year)
        .order_by(CapacityBuildingPlan.revision.desc())
        .limit(1)
    )
    rows = [["Metric", "Definition", "Value"]] + [
        [m, REGISTRY[m].definition, f"{v:.2f}"] for m, v in sorted(metrics.items())
    ]
    components = card.components if card else {}
    balance = None
    if principal.can(Permission.PLANS_APPROVE, org.path) or principal.can(Permission.PLANS_MANAGE, org.path):
        balance = ledger.statement(session, principal, organisation_id, year).balance_paise
    data = {
        "year": year,
        "department_id": str(organisation_id),
        "department": org.name,
        "run": _run_meta(run),
        "method": scorecards.method(),
        "score": card.score if card else None,
        "rank": card.rank if card else None,
        "of": len(cards),
        "components": {k: {"raw": r, "score": s} for k, (r, s) in components.items()},
        "metrics": metrics,
        "plan": {"name": plan.name, "state": plan.state, "revision": plan.revision} if plan else None,
        "subscription_balance_paise": balance,
    }
    summary = [
        ["Score", f"{card.score:.2f}" if card else "-"],
        ["Rank", f"{card.rank} of {len(cards)}" if card else "-"],
        ["Plan", f"{plan.name} ({plan.state}, revision {plan.revision})" if plan else "none"],
        ["Subscription balance (INR)", ledger.rupees(balance) if balance is not None else "-"],
    ]
    return Report(
        "department",
        f"{org.name}: Annual Report {year}",
        f"{org.name}: वार्षिक प्रतिवेदन {year}",
        year,
        _run_meta(run),
        (("Summary", summary), ("Key performance indicators", rows)),
        (
            Chart(
                "Scorecard components (0-100)",
                tuple((k, s) for k, (_, s) in components.items()),
                "score",
                100.0,
            ),
        ),
        data,
    )


def _provenance(report: Report) -> str:
    run = report.run
    return (
        f"Computed at {run['computed_at']} from inputs {str(run['inputs_version'])[:12]}, metrics registry "
        f"version {run['registry_version']}; scorecard method {scorecards.METHOD_VERSION}."
    )


def html(report: Report) -> str:
    sections = []
    for heading, table in report.sections:
        head, *body = table
        cells = "".join(f"<th scope='col'>{escape(h)}</th>" for h in head)
        rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in body)
        sections.append(
            f"<section><h2>{escape(heading)}</h2><table><thead><tr>{cells}</tr></thead><tbody>{rows}</tbody></table></section>"
        )
    charts = []
    for chart in report.charts:
        table = "".join(
            f"<tr><td>{escape(label)}</td><td>{value:.2f}</td></tr>" for label, value in chart.rows
        )
        charts.append(
            f"<figure>{chart.svg()}<figcaption>{escape(chart.title)}</figcaption>"
            f"<table class='chart-data'><thead><tr><th scope='col'>{escape(chart.title)}</th>"
            f"<th scope='col'>{escape(chart.unit)}</th></tr></thead><tbody>{table}</tbody></table></figure>"
        )
    return f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(report.title)}</title>
<style>body {{ font-family: "Noto Sans", "Noto Sans Devanagari", sans-serif; max-width: 60em;
margin: 1em auto; padding: 0 1em; }}
table {{ border-collapse: collapse; margin: 0.5em 0; }}
td, th {{ border: 1px solid #777; padding: 0.2em 0.5em; text-align: left; }}
svg {{ max-width: 100%; height: auto; }}</style></head>
<body>
<h1>{escape(report.title)}</h1>
<p lang="hi">{escape(report.title_hi)}</p>
<p>{escape(_provenance(report))}</p>
{"".join(charts)}
{"".join(sections)}
</body>
</html>
"""


def pdf(report: Report) -> bytes:
    document = FPDF(format="A4")
    document.set_title(report.title)
    add_bilingual_fonts(document)
    document.set_fallback_fonts(["devanagari"])
    document.set_text_shaping(True)
    document.add_page()
    document.set_font("latin", size=16)
    document.multi_cell(0, 9, report.title, new_x="LMARGIN", new_y="NEXT")
    document.multi_cell(0, 9, report.title_hi, new_x="LMARGIN", new_y="NEXT")
    document.set_font("latin", size=8)
    document.multi_cell(0, 5, _provenance(report), new_x="LMARGIN", new_y="NEXT")
    for chart in report.charts:
        document.ln(3)
        document.image(io.BytesIO(chart.svg().encode()), w=document.epw)
    for heading, table in report.sections:
        document.ln(3)
        document.set_font("latin", size=12)
        document.multi_cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT")
        document.set_font("latin", size=7)
        with document.table(text_align="LEFT", line_height=4, headings_style=_HEADINGS) as pdf_table:
            for r in table:
                pdf_row = pdf_table.row()
                for cell in r:
                    pdf_row.cell(cell[:120])
    return bytes(document.output())


def as_json(report: Report) -> str:
    return json.dumps(report.data, indent=2, sort_keys=True, default=str)


def as_csv(report: Report) -> str:
    """The report's main table: the ranking for the State of Civil Services, the KPIs for a department."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    table = report.sections[0][1] if report.kind == "state_of_civil_services" else report.sections[1][1]
    writer.writerows(table)
    return out.getvalue()


def department_ids(session: Session, year: int) -> list[uuid.UUID]:
    run = _run(session, year)
    ids = session.scalars(
        select(KpiValue.subject_id).where(
            KpiValue.run_id == run.id, KpiValue.metric == "department.headcount"
        )
    )
    return sorted(uuid.UUID(i) for i in ids)


def statement_pdf(account: ledger.Statement) -> bytes:
    """The subscription statement of account as PDF (the CSV is `ledger.statement_csv`)."""
    document = FPDF(format="A4")
    document.set_title(f"Statement of account {account.organisation} {account.year}")
    add_bilingual_fonts(document)
    document.set_fallback_fonts(["devanagari"])
    document.set_text_shaping(True)
    document.add_page()
    document.set_font("latin", size=14)
    document.multi_cell(
        0, 8, f"Statement of account: {account.organisation}, {account.year}", new_x="LMARGIN", new_y="NEXT"
    )
    document.multi_cell(
        0, 8, f"लेखा विवरण: {account.organisation}, {account.year}", new_x="LMARGIN", new_y="NEXT"
    )
    document.set_font("latin", size=8)
    with document.table(text_align="LEFT", line_height=5, headings_style=_HEADINGS) as table:
        for line in ledger.statement_csv(account).splitlines():
            row = table.row()
            for cell in next(csv.reader([line])):
                row.cell(cell[:80])
    return bytes(document.output())
