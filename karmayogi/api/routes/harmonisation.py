"""Curriculum harmonisation reports for training institutions and the Commission, as JSON, CSV or CASE."""

import json
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from karmayogi.api.deps import SessionDep, require
from karmayogi.content import encoders
from karmayogi.content.harmonisation import (
    associations_csv,
    associations_to_case,
    coverage_csv,
    overlap_matrix_csv,
    report_json,
)
from karmayogi.lms.catalogue import harmonisation
from karmayogi.lms.permissions import Access, Permission

router = APIRouter(prefix="/harmonisation", tags=["curriculum harmonisation"])
Reader = Annotated[Access, require(Permission.HARMONISATION_READ)]


def _send(body: str, format: str, name: str) -> Response:
    if format == "csv":
        return Response(
            body,
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    return Response(body, media_type="application/json")


@router.get("/overlaps")
def overlaps(
    request: Request,
    session: SessionDep,
    _: Reader,
    format: Annotated[
        Literal["json", "csv", "case"], Query(description="case: CASE 1.1 CFAssociations")
    ] = "json",
) -> Response:
    """Duplicate (exactMatchOf) and overlapping (isRelatedTo) pairs across institutions, pending review."""
    made = harmonisation.report(session, encoders.minilm())
    if format == "csv":
        return _send(associations_csv(made.associations, made.entries), format, "overlaps")
    if format == "case":
        base = str(request.base_url).rstrip("/")
        document = associations_to_case(
            made.associations,
            made.entries,
            uri_base=f"{base}/api/v1/harmonisation/case",
            course_uri_base=f"{base}/api/v1/courses",
            decided=harmonisation.case_statuses(session),
        )
        return _send(json.dumps(document), "json", "overlaps")
    return _send(report_json(made.associations), format, "overlaps")


@router.get("/clusters")
def clusters(session: SessionDep, _: Reader) -> Response:
    """Groups of courses that overlap one another, each with the course a merge would keep."""
    return _send(report_json(harmonisation.report(session, encoders.minilm()).clusters), "json", "clusters")


@router.get("/institutions")
def institutions(
    session: SessionDep,
    _: Reader,
    format: Literal["json", "csv"] = "json",
    shares: Annotated[
        bool, Query(description="in CSV, the share of each catalogue instead of counts")
    ] = False,
) -> Response:
    """For each pair of institutions, how many of one's courses overlap some course of the other."""
    matrix = harmonisation.report(session, encoders.minilm()).matrix
    if format == "csv":
        return _send(overlap_matrix_csv(matrix, shares=shares), format, "institution-overlap")
    return _send(report_json(matrix), format, "institution-overlap")


@router.get("/coverage")
def coverage(session: SessionDep, _: Reader, format: Literal["json", "csv"] = "json") -> Response:
    """Competencies positions need, at the level they need, that no published course builds."""
    gaps = harmonisation.coverage(session)
    return _send(coverage_csv(gaps) if format == "csv" else report_json(gaps), format, "coverage")
