"""The demo's tracked handbook: published through review, a page image for each page of its PDF."""

import json

from sqlalchemy import select

from karmayogi.lms.cmi5.package import aus_of
from karmayogi.lms.cmi5.storage import LocalDiskStorage
from karmayogi.lms.demo import content
from karmayogi.lms.demo.seed import seed
from karmayogi.lms.orm import Cmi5Package, Course


def test_the_handbook_is_published_as_a_tracked_document(db, tmp_path):
    storage = LocalDiskStorage(tmp_path)
    with db.transaction() as session:
        seed(session, "small", 7)
        assert content.seed(session, storage) == 1
    with db.transaction() as session:
        course = session.scalars(select(Course).where(Course.title == content.TITLE)).one()
        assert course.status == "published"
        package = session.scalars(select(Cmi5Package).where(Cmi5Package.course_id == course.id)).one()
        (au,) = aus_of(package.structure["children"])
        pages = json.loads(au["launchParameters"])["pages"]
        assert len(pages) == len(content.PAGES)
        assert all(storage.read(package.storage_key, page).startswith(b"\x89PNG") for page in pages)


def test_without_the_providers_accounts_nothing_is_made(db, tmp_path):
    with db.transaction() as session:
        assert content.seed(session, LocalDiskStorage(tmp_path)) == 0
