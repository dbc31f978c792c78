"""cmi5: importing packages, launching AUs, the fetch URL, waiving and abandoning; and the package
content itself, served under /content.

How content is kept away from the platform's cookies: every file under /content is sent with a
Content-Security-Policy `sandbox` without `allow-same-origin`, so the browser runs it in an opaque
origin. Its scripts cannot read `document.cookie`, and the requests they make count as cross-site,
so the portal's cookies (HttpOnly, SameSite=Lax) never go with them: the AU reaches the platform
only through the LRS with its own session token (CORS lets the opaque origin, `null`, in without
credentials). `frame-ancestors 'self'` lets only the portal frame it, with one exception: the pages
of a tracked HTML5 site are framed by the platform's player, itself sandboxed, whose opaque origin no
frame-ancestors source matches, so they carry none (being framed elsewhere gains nothing: such a page
holds no token and no cookie).

Files are served whole or by byte range (a video resumes mid-way only if the browser can ask for it).
"""

from __future__ import annotations

import mimetypes
import re
import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import select

from karmayogi.api.deps import PrincipalDep, SessionDep, SettingsDep
from karmayogi.lms.cmi5 import courses, launch, rules, tracked
from karmayogi.lms.cmi5.package import aus_of
from karmayogi.lms.cmi5.storage import storage_for
from karmayogi.lms.errors import NotFound, PermissionDenied
from karmayogi.lms.orm import Cmi5Package, CourseVersion, User

router = APIRouter(prefix="/cmi5", tags=["cmi5"])
content_router = APIRouter(tags=["cmi5"])
FRAMED_SITE_POLICY = (
    "sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads; "
    "default-src 'self' data: blob: 'unsafe-inline' 'unsafe-eval'; connect-src *; "
    "img-src * data: blob:; media-src * data: blob:; object-src 'none'"
)
CONTENT_POLICY = FRAMED_SITE_POLICY + "; frame-ancestors 'self'"
_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")


class ImportedOut(BaseModel):
    course_id: uuid.UUID
    version: int
    package_id: uuid.UUID
    course_iri: str
    au_count: int


class LaunchIn(BaseModel):
    au_index: int = Field(0, ge=0, le=100_000)
    launch_mode: str = Field("Normal", max_length=8)
    registration: uuid.UUID | None = None  # the learner's registration, when they already hold one


class LaunchOut(BaseModel):
    url: str
    session_id: uuid.UUID
    registration: uuid.UUID


class WaiveIn(BaseModel):
    au_index: int = Field(ge=0, le=100_000)
    reason: str = Field(max_length=40)


@router.post("/packages", status_code=201, response_model=ImportedOut)
async def import_package(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    principal: PrincipalDep,
    provider_id: uuid.UUID,
    learning_hours: Annotated[float, Query(gt=0, le=10_000)] = 1.0,
) -> ImportedOut:
    """A zip (application/zip) or a bare cmi5.xml (text/xml) becomes a draft catalogue entry (the body
    is held to KARMAYOGI_MAX_PACKAGE_BYTES)."""
    body = await request.body()
    version, package = courses.import_package(
        session,
        storage_for(settings.data_dir),
        principal,
        provider_id,
        body,
        request.headers.get("content-type"),
        learning_hours,
    )
    return _imported(version, package)


@router.post("/tracked", status_code=201, response_model=ImportedOut)
async def import_tracked(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    principal: PrincipalDep,
    provider_id: uuid.UUID,
    kind: Literal["video", "document", "html5"],
    title: Annotated[str, Query(min_length=1, max_length=300)],
    learning_hours: Annotated[float, Query(gt=0, le=10_000)] = 1.0,
    threshold: Annotated[float, Query(ge=0.1, le=1.0)] = 0.9,
    minimum_seconds: Annotated[int, Query(ge=0, le=36_000)] = 30,
) -> ImportedOut:
    """A video (WebM, MP4, Ogg), a PDF or an HTML5 zip in the body becomes a draft entry played and
    tracked by the platform's player: done at `threshold` of the video watched or of the pages shown,
    or, for HTML5, when the content says so or the learner does after `minimum_seconds`."""
    body = await request.body()
    version, package = courses.import_tracked(
        session,
        storage_for(settings.data_dir),
        principal,
        provider_id,
        kind,
        body,
        title,
        tracked.Rule(threshold, minimum_seconds),
        learning_hours,
    )
    return _imported(version, package)


def _imported(version: CourseVersion, package: Cmi5Package) -> ImportedOut:
    return ImportedOut(
        course_id=version.course_id,
        version=version.number,
        package_id=package.id,
        course_iri=package.course_iri,
        au_count=len(aus_of(package.structure["children"])),
    )


@router.post("/courses/{course_id}/launch", response_model=LaunchOut)
def launch_au(
    course_id: uuid.UUID, body: LaunchIn, session: SessionDep, settings: SettingsDep, principal: PrincipalDep
) -> LaunchOut:
    """Launch one AU of a course the caller is enrolled in; answers the URL to open."""
    if principal.kind != "user":
        raise PermissionDenied("only a learner launches content")
    user = session.get(User, principal.id)
    assert user is not None
    opened = launch.launch(
        session,
        settings,
        user,
        courses.package_of(session, course_id),
        body.au_index,
        None,
        body.launch_mode,
        body.registration,
    )
    return LaunchOut(url=opened.url, session_id=opened.session_id, registration=opened.registration_id)


@router.post("/fetch/{session_id}/{secret}")
def fetch(session_id: uuid.UUID, secret: str, session: SessionDep) -> JSONResponse:
    """cmi5's fetch URL: the session's LRS token, once. No sign-in: the URL is the credential."""
    answer = launch.fetch_token(session, session_id, secret[:200])
    return JSONResponse(answer, headers={"Access-Control-Allow-Origin": "*", "Cache-Control": "no-store"})


@router.post("/registrations/{registration_id}/waive", status_code=204)
def waive(
    registration_id: uuid.UUID,
    body: WaiveIn,
    session: SessionDep,
    settings: SettingsDep,
    principal: PrincipalDep,
) -> Response:
    rules.waive(session, settings, principal, registration_id, body.au_index, body.reason)
    return Response(status_code=204)


@router.post("/sessions/{session_id}/abandon", status_code=204)
def abandon(
    session_id: uuid.UUID, session: SessionDep, settings: SettingsDep, principal: PrincipalDep
) -> Response:
    rules.abandon_session(session, settings, principal, session_id)
    return Response(status_code=204)


@content_router.get("/content/{key}/{path:path}")
def content(key: str, path: str, request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    """A file of an imported package, sandboxed (see the module's note), whole or one byte range."""
    if not key.isalnum() or not key:
        raise NotFound("content", key)
    course_iri = session.scalar(select(Cmi5Package.course_iri).where(Cmi5Package.storage_key == key))
    if course_iri is None:
        raise NotFound("content", key)
    storage = storage_for(settings.data_dir)
    size = storage.size(key, path)
    if size is None:
        raise NotFound("content", path)
    framed = tracked.is_framed_site(course_iri, path)
    headers = {
        "Content-Security-Policy": FRAMED_SITE_POLICY if framed else CONTENT_POLICY,
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, max-age=300",
        "Referrer-Policy": "no-referrer",
        "Accept-Ranges": "bytes",
    }
    media = mimetypes.guess_type(path)[0] or "application/octet-stream"
    asked = _RANGE.match(request.headers.get("range", "").strip())
    if asked is None or not any(asked.groups()):
        return Response(storage.read(key, path), media_type=media, headers=headers)
    first, last = asked.groups()
    start, end = (int(first), int(last or size - 1)) if first else (max(0, size - int(last)), size - 1)
    if start >= size or start > end:
        return Response(status_code=416, headers=headers | {"Content-Range": f"bytes */{size}"})
    end = min(end, size - 1)
    headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    part = storage.read(key, path, start, end)  # only the range is read, not the whole file
    return Response(part, status_code=206, media_type=media, headers=headers)
