"""A provider's authors upload content as a new draft entry: a cmi5 package, or a video, a PDF or an
HTML5 zip that the platform's player tracks. The entry then goes through the studio's usual review."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData, UploadFile

from karmayogi.api.deps import SessionDep, SettingsDep
from karmayogi.api.pages.studio import Author, providers_of
from karmayogi.api.pages.web import N_, UploadDep, field, parse_uuid, redirect, render
from karmayogi.lms.cmi5 import courses, tracked
from karmayogi.lms.cmi5.package import InvalidPackage
from karmayogi.lms.cmi5.storage import storage_for
from karmayogi.lms.errors import InvalidInput, PermissionDenied
from karmayogi.lms.permissions import Access

router = APIRouter()
KINDS = {
    "cmi5": N_("cmi5 course package (zip or cmi5.xml)"),
    "video": N_("Video (WebM, MP4 or Ogg)"),
    "document": N_("Document (PDF)"),
    "html5": N_("HTML5 site (zip with index.html)"),
}
FIELD_ERRORS = {
    "provider_id": N_("Choose a provider you write for."),
    "kind": N_("Choose one of the listed kinds."),
    "title": N_("Give a title of 1 to 300 characters."),
    "learning_hours": N_("Give the learning hours as a number above 0 and at most 10,000."),
    "threshold": N_("Give a share between 10 and 100 per cent."),
    "minimum_seconds": N_("Give the seconds as a whole number from 0 to 36,000."),
    "file": N_("Choose a file to upload."),
}
DEFAULTS = {"kind": "video", "learning_hours": "1", "threshold": "90", "minimum_seconds": "30"}


def _page(
    request: Request, session: SessionDep, access: Access, values: dict[str, str], errors: dict[str, Any]
) -> Response:
    context = {
        "providers": providers_of(session, access),
        "kinds": KINDS,
        "values": values,
        "errors": errors,
    }
    return render(request, "studio/upload.html", context, 422 if errors else 200)


@router.get("/studio/upload")
def upload_form(request: Request, session: SessionDep, access: Author) -> Response:
    return _page(request, session, access, dict(DEFAULTS), {})


def _number(form: FormData, name: str, errors: dict[str, Any]) -> float:
    try:
        return float(field(form, name))
    except ValueError:
        errors[name] = FIELD_ERRORS[name]
        return 0.0


@router.post("/studio/upload")
async def upload(
    request: Request, session: SessionDep, settings: SettingsDep, access: Author, form: UploadDep
) -> Response:
    values = {name: field(form, name) for name in ("provider_id", "kind", "title", *DEFAULTS)}
    errors: dict[str, Any] = {}
    provider_id = parse_uuid(values["provider_id"])
    if provider_id is None:
        errors["provider_id"] = FIELD_ERRORS["provider_id"]
    kind = values["kind"]
    if kind not in KINDS:
        errors["kind"] = FIELD_ERRORS["kind"]
    hours = _number(form, "learning_hours", errors)
    threshold = _number(form, "threshold", errors) / 100
    seconds = _number(form, "minimum_seconds", errors)
    upload = form.get("file")
    content = await upload.read() if isinstance(upload, UploadFile) else b""
    if not content:
        errors["file"] = FIELD_ERRORS["file"]
    if not errors:
        assert provider_id is not None  # a missing one is among the errors
        try:
            storage = storage_for(settings.data_dir)
            if kind == "cmi5":
                version, _ = courses.import_package(
                    session,
                    storage,
                    access.principal,
                    provider_id,
                    content,
                    None,
                    hours,
                )
            else:
                rule = tracked.Rule(threshold, int(seconds))
                version, _ = courses.import_tracked(
                    session,
                    storage,
                    access.principal,
                    provider_id,
                    kind,
                    content,
                    values["title"],
                    rule,
                    hours,
                )
            return redirect(f"/studio/{version.course_id}?imported=1")
        except InvalidPackage as exc:
            errors["file"] = exc.faults  # every fault at once, as the importer found them
        except InvalidInput as exc:
            if exc.field in FIELD_ERRORS:
                errors[exc.field] = FIELD_ERRORS[exc.field]
            else:  # what is wrong with the file itself, as the importer names it
                errors["file"] = [f"The file {exc.reason}" if exc.field == "content" else str(exc)]
        except PermissionDenied:
            errors["provider_id"] = FIELD_ERRORS["provider_id"]
    return _page(request, session, access, values, errors)
