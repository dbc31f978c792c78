"""Training institutions and the Commission: overlaps between catalogues with accept or reject, clusters,
the institution matrix and the FRAC needs no course covers, each chart with its data table."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup
from sqlalchemy import select

from karmayogi.api.deps import SessionDep
from karmayogi.api.pages.charts import bar_chart
from karmayogi.api.pages.web import (
    N_,
    FormDep,
    field,
    language,
    page_require,
    parse_uuid,
    redirect,
    render,
    translations,
)
from karmayogi.content import encoders
from karmayogi.lms.catalogue import harmonisation
from karmayogi.lms.errors import InvalidInput
from karmayogi.lms.orm import Course, Organisation
from karmayogi.lms.permissions import Access, Permission

router = APIRouter()
Reader = Annotated[Access, page_require(Permission.HARMONISATION_READ)]
SHOWN_PAIRS = 40
SHOWN_CLUSTERS = 15
SHOWN_GAPS = 25
REASON_ERRORS = {
    "reason": N_("Say why, in at most 2,000 characters."),
    "decision": N_("Choose accept or reject."),
}


def _context(request: Request, session: SessionDep, access: Access) -> dict[str, Any]:
    made = harmonisation.report(session, encoders.minilm())
    titles = {e.id: e for e in made.entries}
    ids = {i for a in made.associations for i in (a.source_id, a.target_id)}
    paths = dict(
        session.execute(
            select(Course.id, Organisation.path)
            .join(Organisation, Organisation.id == Course.organisation_id)
            .where(Course.id.in_(ids))
        ).all()
    )
    mine = [
        a
        for a in made.associations
        if any(
            access.principal.can(Permission.HARMONISATION_READ, paths.get(i, ""))
            for i in (a.source_id, a.target_id)
        )
    ]
    decided = harmonisation.decisions(session)
    pairs = [
        {
            "a": a,
            "source": titles[a.source_id],
            "target": titles[a.target_id],
            "decision": decided.get((a.source_id, a.target_id)),
        }
        for a in sorted(mine, key=lambda a: (-a.confidence, str(a.source_id)))[:SHOWN_PAIRS]
    ]
    _ = translations(language(request)).gettext
    matrix = made.matrix
    shares = [
        (name, round(100 * count / size, 1) if size else 0.0)
        for name, count, size in zip(
            matrix.institutions, _own_row_counts(matrix), matrix.catalogue_sizes, strict=True
        )
    ]
    gaps = sorted(harmonisation.coverage(session), key=lambda g: -g.need.positions)[:SHOWN_GAPS]
    return {
        "pairs": pairs,
        "pair_count": len(mine),
        "clusters": made.clusters[:SHOWN_CLUSTERS],
        "titles": titles,
        "matrix": matrix,
        "shares": shares,
        "shares_chart": Markup(
            bar_chart(
                shares, _("Largest overlap of each catalogue with another institution's, in per cent"), 100
            )
        ),
        "gaps": gaps,
        "gaps_chart": Markup(
            bar_chart(
                [(g.need.name, g.need.positions) for g in gaps],
                _("Positions needing each uncovered competency"),
            )
        ),
        "errors": {},
    }


def _own_row_counts(matrix: Any) -> list[int]:
    """For each institution, its courses overlapping the one other institution it overlaps most."""
    return [
        max((c for j, c in enumerate(row) if j != i), default=0) for i, row in enumerate(matrix.overlapping)
    ]


@router.get("/institution")
def institution(request: Request, session: SessionDep, access: Reader) -> Response:
    return render(request, "institution/index.html", _context(request, session, access))


@router.post("/institution/associations")
def decide(request: Request, session: SessionDep, access: Reader, form: FormDep) -> Response:
    """Accept or reject one proposed pair with a reason: stored, hash-chained, carried by the CASE export."""
    source_id, target_id = parse_uuid(field(form, "source_id")), parse_uuid(field(form, "target_id"))
    if source_id is None or target_id is None:
        raise InvalidInput("source_id", "is not a course id")
    try:
        harmonisation.decide(
            session,
            encoders.minilm(),
            access.principal,
            source_id,
            target_id,
            field(form, "decision"),
            field(form, "reason"),
        )
    except InvalidInput as exc:
        context = _context(request, session, access)
        context["errors"] = {(source_id, target_id): REASON_ERRORS.get(exc.field, exc.reason)}
        return render(request, "institution/index.html", context, 422)
    return redirect(f"/institution?done=1#pair-{source_id}-{target_id}")
