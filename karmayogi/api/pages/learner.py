"""The official's own pages: home with gaps, recommendations, catalogue, course, passbook, certificates."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup

from karmayogi.api.deps import SessionDep
from karmayogi.api.pages.charts import Bar, levels_chart
from karmayogi.api.pages.web import VisitorDep, language, render, translations
from karmayogi.content import encoders
from karmayogi.lms import recommendations
from karmayogi.lms.orm import Position

router = APIRouter()
HOME_RECOMMENDATIONS = 5


@router.get("/home")
def home(request: Request, session: SessionDep, visitor: VisitorDep) -> Response:
    """My position, what it needs and where I stand: the gaps as a chart and a table, and what to learn."""
    user = visitor.user
    position = session.get(Position, user.position_id) if user.position_id else None
    found = recommendations.gaps(session, encoders.minilm(), user)
    _ = translations(language(request)).gettext
    chart = None
    if found["items"]:
        bars = [Bar(g["competency"], g["needed_level"], g["held_level"]) for g in found["items"]]
        chart = Markup(
            levels_chart(
                bars,
                max(5, *(b.needed for b in bars)),
                _("Needed and held level for each competency"),
                _("Needed"),
                _("Held"),
            )
        )
    suggested = recommendations.recommend(session, encoders.minilm(), user, HOME_RECOMMENDATIONS)
    context = {"position": position, "gaps": found, "chart": chart, "suggested": suggested}
    return render(request, "learner/home.html", context)
