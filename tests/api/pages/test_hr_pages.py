"""HR cell and official pages over the real app, without JavaScript: open a vacancy, rank, post an
official who then sees the order and may appeal; the probation queue decided with reasons; allocation
orders published to those named; 404 outside scope on every id page."""

from __future__ import annotations

import re
import uuid

from api.test_decisions_api import DAYS, _publish_frac
from portal_forms import post_form, signed_in

PASSWORD = "correct horse battery"


def as_(world, who: uuid.UUID):  # type: ignore[no-untyped-def]
    return signed_in(world.client.app, f"{who}@example.com", PASSWORD)


def test_an_hr_cell_posts_an_official_who_sees_the_order_and_appeals(world, db) -> None:  # type: ignore[no-untyped-def]
    a = world.a
    _publish_frac(db, a)
    hr = as_(world, a.people["hr"])
    r = post_form(hr, "/hr", "/hr/vacancies", {"position_id": str(a.position)})
    assert r.status_code == 303, r.text
    vacancy_page = r.headers["location"]
    ranking = hr.get(vacancy_page).text
    assert str(a.people["colleague"]) in ranking and str(world.b.people["colleague"]) not in ranking
    vacancy = vacancy_page.rsplit("/", 1)[-1]
    empty = post_form(
        hr,
        vacancy_page,
        f"/hr/vacancies/{vacancy}/postings",
        {"user_id": str(a.people["colleague"]), "reason": ""},
    )
    assert empty.status_code == 422 and "reason" in empty.text
    posted = post_form(
        hr,
        vacancy_page,
        f"/hr/vacancies/{vacancy}/postings",
        {"user_id": str(a.people["colleague"]), "reason": "Best fit", "effective_on": ""},
    )
    assert posted.status_code == 303, posted.text
    case = posted.headers["location"].rsplit("/", 1)[-1]
    assert "Best fit" in hr.get(f"/hr/decisions/{case}").text
    assert case in hr.get("/hr/decisions").text
    official = as_(world, a.people["colleague"])
    mine = official.get("/my/decisions").text
    assert f"/my/decisions/{case}/appeal" in mine
    assert "तैनाती आदेश" in official.get(f"/my/decisions/{case}/document").text
    appealed = post_form(
        official, "/my/decisions", f"/my/decisions/{case}/appeal", {"grounds": "Family reasons"}
    )
    assert appealed.status_code == 303
    assert f"/my/decisions/{case}/appeal" not in official.get("/my/decisions").text
    other = as_(world, world.b.people["hr"])
    for url in (
        vacancy_page,
        f"/hr/decisions/{case}",
        f"/my/decisions/{case}/document",
        f"/hr/vacancies/{uuid.uuid4()}",
    ):
        assert other.get(url).status_code == 404, url


def test_the_probation_queue_is_proposed_and_decided_with_reasons(world, db) -> None:  # type: ignore[no-untyped-def]
    a = world.a
    hr = as_(world, a.people["hr"])
    page = f"/hr/probation?within_days={min(DAYS, 366)}"
    r = post_form(hr, page, "/hr/probation/proposals", {"within_days": str(min(DAYS, 366))})
    assert r.status_code == 303
    queue = hr.get(page).text
    (case,) = re.findall(r"/hr/decisions/([0-9a-f-]{36})/decide", queue)
    no_reason = post_form(
        hr,
        page,
        f"/hr/decisions/{case}/decide",
        {"outcome": "confirm", "reason": "", "back": "/hr/probation"},
    )
    assert no_reason.status_code == 422
    done = post_form(
        hr,
        page,
        f"/hr/decisions/{case}/decide",
        {"outcome": "extend", "extend_months": "6", "reason": "Course pending", "back": "/hr/probation"},
    )
    assert done.status_code == 303
    assert case not in hr.get(page).text
    learner = as_(world, a.people["learner"])
    assert f"/my/decisions/{case}/appeal" in learner.get("/my/decisions").text


def test_allocation_orders_are_published_to_those_named(world, db) -> None:  # type: ignore[no-untyped-def]
    from karmayogi.lms.orm import PositionRole

    a = world.a
    _publish_frac(db, a)
    with db.transaction() as session:
        role = session.query(PositionRole.role_id).filter_by(position_id=a.position).scalar()
    hr = as_(world, a.people["hr"])
    made = post_form(
        hr,
        "/hr/allocations",
        "/hr/allocations",
        {
            "title": "Procurement duties",
            "organisation_id": str(a.office),
            "user_id": str(a.people["colleague"]),
            "role_id": str(role),
        },
    )
    assert made.status_code == 303, made.text
    (order,) = re.findall(r"/hr/allocations/([0-9a-f-]{36})/publish", hr.get("/hr/allocations").text)
    assert post_form(hr, "/hr/allocations", f"/hr/allocations/{order}/publish", {}).status_code == 303
    assert "कार्य आवंटन आदेश" in hr.get(f"/hr/allocations/{order}/order").text
    assert "Procurement duties" in as_(world, a.people["colleague"]).get("/my/vacancies").text
    other = as_(world, world.b.people["hr"])
    assert other.get(f"/hr/allocations/{order}/order").status_code == 404
    assert post_form(other, "/hr/allocations", f"/hr/allocations/{order}/archive", {}).status_code == 404
