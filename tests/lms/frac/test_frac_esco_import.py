"""A full ESCO import (about 14,000 skills, 3,000 occupations) completes and validates, on both databases."""

import uuid

import pytest
from sqlalchemy import func, select

from karmayogi.frac.formats.esco import esco_data_dir, framework_from_esco
from karmayogi.frac.validation import validate
from karmayogi.lms.authentication import user_principal
from karmayogi.lms.frac.authoring import import_framework
from karmayogi.lms.frac.store import load_working
from karmayogi.lms.frac.versions import blocking
from karmayogi.lms.orm import Competency, Grant, Organisation, Role, User

pytestmark = pytest.mark.skipif(esco_data_dir() is None, reason="no ESCO data: make setup installs it")


def test_full_esco_import_completes_and_validates(db):
    data = esco_data_dir()
    with db.transaction() as session:
        org_id = uuid.uuid4()
        session.add(Organisation(id=org_id, kind="ministry", name="Platform", path=f"/{org_id}/"))
        admin = User(organisation_id=org_id, email="admin@example.com", full_name="Administrator")
        session.add(admin)
        session.flush()
        session.add(Grant(user_id=admin.id, role="platform_admin"))
    with (
        (data / "skills.csv").open(encoding="utf-8") as skills,
        (data / "occupations.csv").open(encoding="utf-8") as occupations,
    ):
        framework = framework_from_esco(skills, occupations)
    with db.transaction() as session:
        report = import_framework(session, user_principal(session, session.get(User, admin.id)), framework)
    assert report.counts["competencies"] > 13_500 and report.counts["roles"] > 2_900
    with db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Competency)) == report.counts["competencies"]
        assert session.scalar(select(func.count()).select_from(Role)) == report.counts["roles"]
        assert set(session.scalars(select(Competency.status).distinct())) == {"draft"}
        working = load_working(session, "working copy")
    problems = validate(working)
    assert blocking(problems) == []
    assert {p.code for p in problems} <= {"duplicate_name"}  # ESCO repeats some labels across concepts
