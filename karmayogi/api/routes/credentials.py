"""Certificates: issuing, reading and revoking them (/api/v1), and verifying them (public, no sign-in).

The public routes are what a verifier anywhere needs: `POST /credentials/verify` in the shape of the
W3C VC API, the signed status lists, the issuer's DID document at `/.well-known/did.json`, and the
page a certificate's QR code opens, `GET /credentials/{id}/verify`.
"""

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from karmayogi.api.deps import Cursor, Limit, PrincipalDep, SessionDep, SettingsDep, require
from karmayogi.api.report_files import file_response
from karmayogi.api.schemas import Body, Out, PageOut, page_out
from karmayogi.api.scopes import credential_scope
from karmayogi.lms.config import Settings
from karmayogi.lms.credentials import certificates, issuer_keys, issuing, platform_verifier
from karmayogi.lms.errors import NotFound
from karmayogi.lms.orm import CredentialStatusList, IssuedCredential
from karmayogi.lms.permissions import Access

router = APIRouter(prefix="/credentials", tags=["credentials"])
public_router = APIRouter(tags=["credential verification"])


class IssueIn(Body):
    enrolment_id: uuid.UUID = Field(description="one of your own enrolments, completed")


class RevokeIn(Body):
    reason: str = Field(min_length=1, max_length=2_000)


class CredentialSummaryOut(Out):
    id: uuid.UUID
    kind: str
    holder_id: uuid.UUID
    organisation_id: uuid.UUID
    course_id: uuid.UUID | None
    competency_id: uuid.UUID | None
    level: int | None
    issued_at: datetime
    revoked_at: datetime | None


class CredentialOut(CredentialSummaryOut):
    revocation_reason: str | None
    verification_page: str = Field(description="the public page the certificate's QR code opens")
    credential: dict[str, Any] = Field(description="the signed Open Badges 3.0 credential")


class VerifyIn(BaseModel):
    """The body of the VC API's verifyCredential."""

    verifiableCredential: dict[str, Any]
    options: dict[str, Any] = {}


class VerificationOut(BaseModel):
    verified: bool
    checks: list[str]
    warnings: list[str]
    errors: list[str]


# The holder, and whoever may read the holder's service record (supervisors, HR cells, platform admins).
CredentialReader = Annotated[Access, require(issuing.READ, credential_scope, owner_may=True)]


def credential_out(settings: Settings, row: IssuedCredential) -> CredentialOut:
    return CredentialOut(
        **CredentialSummaryOut.model_validate(row).model_dump(),
        revocation_reason=row.revocation_reason,
        verification_page=issuing.verification_page_url(settings, row.id),
        credential=row.document,
    )


@router.post(
    "",
    response_model=CredentialOut,
    status_code=201,
    responses={200: {"description": "the certificate already issued for this enrolment"}},
)
def issue_completion(
    body: IssueIn, response: Response, session: SessionDep, settings: SettingsDep, principal: PrincipalDep
) -> object:
    """Issue the certificate of one of your completed enrolments; asking again returns the same one."""
    row, created = issuing.issue_completion(session, settings, principal, body.enrolment_id)
    response.status_code = 201 if created else 200
    return credential_out(settings, row)


@router.get("", response_model=PageOut[CredentialSummaryOut])
def list_credentials(
    session: SessionDep,
    principal: PrincipalDep,
    holder_id: uuid.UUID | None = None,
    cursor: str | None = Cursor(),
    limit: int = Limit(),
) -> object:
    """Your own certificates, and those of the officials whose service records you may read."""
    return page_out(
        CredentialSummaryOut, issuing.list_credentials(session, principal, holder_id, cursor, limit)
    )


@router.get("/{credential_id}", response_model=CredentialOut)
def get_credential(
    credential_id: uuid.UUID, session: SessionDep, settings: SettingsDep, _: CredentialReader
) -> object:
    return credential_out(settings, issuing.get_credential(session, credential_id))


@router.post("/{credential_id}/revoke", response_model=CredentialOut)
def revoke(
    credential_id: uuid.UUID,
    body: RevokeIn,
    session: SessionDep,
    settings: SettingsDep,
    access: CredentialReader,
) -> object:
    """Revoke a certificate (HR cells over the holder's organisation, and platform admins)."""
    row = issuing.revoke(session, settings, access.principal, credential_id, body.reason)
    return credential_out(settings, row)


@router.get("/{credential_id}/certificate.html", response_class=HTMLResponse)
def certificate_html(
    credential_id: uuid.UUID, session: SessionDep, settings: SettingsDep, _: CredentialReader
) -> HTMLResponse:
    """The printable certificate, with a QR code that opens its public verification page."""
    row = issuing.get_credential(session, credential_id)
    return HTMLResponse(certificates.html(issuing.certificate_of(settings, row)))


@router.get(
    "/{credential_id}/certificate.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
def certificate_pdf(
    credential_id: uuid.UUID, session: SessionDep, settings: SettingsDep, _: CredentialReader
) -> Response:
    row = issuing.get_credential(session, credential_id)
    return file_response(
        certificates.pdf(issuing.certificate_of(settings, row)),
        "application/pdf",
        f"certificate-{credential_id}.pdf",
        inline=True,
    )


async def verify_request(request: Request) -> VerifyIn:
    """The VC API answers bad input with 400, so the body is read here rather than by FastAPI (422)."""
    try:
        body = await request.json()
    except ValueError:
        raise HTTPException(400, "the body is not JSON") from None
    if not isinstance(body, dict):
        raise HTTPException(400, "the body must be a JSON object")
    unknown = sorted(body.keys() - VerifyIn.model_fields.keys())
    if unknown:
        raise HTTPException(400, f"{unknown[0]}: is not a known field")
    if not isinstance(body.get("verifiableCredential"), dict):
        raise HTTPException(400, "verifiableCredential: missing, or not a JSON object")
    if not isinstance(body.get("options", {}), dict):
        raise HTTPException(400, "options: must be a JSON object")
    return VerifyIn.model_validate(body)


@public_router.post(
    "/credentials/verify",
    response_model=VerificationOut,
    responses={400: {"model": VerificationOut, "description": "the credential did not verify, or bad input"}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": VerifyIn.model_json_schema()}},
        }
    },
)
def verify_credential(
    body: Annotated[VerifyIn, Depends(verify_request)], session: SessionDep, settings: SettingsDep
) -> JSONResponse:
    """Verify a credential (W3C VC API): 200 when it holds, 400 with every reason when it does not.

    Offline: this platform's did:web and its status lists are read from its own records, did:key
    issuers from the key itself; nothing is fetched from other hosts.
    """
    result = platform_verifier.verify_credential(session, settings, body.verifiableCredential)
    result.warnings.extend(f"options.{name}: not supported; ignored" for name in body.options)
    return JSONResponse(result.as_json(), status_code=200 if result.verified else 400)


@public_router.get("/credentials/status/{list_id}")
def status_list(list_id: uuid.UUID, session: SessionDep) -> JSONResponse:
    """A signed BitstringStatusListCredential: the revocation bits of many certificates at once."""
    row = session.get(CredentialStatusList, list_id)
    if row is None:
        raise NotFound("status list", list_id)
    return JSONResponse(row.published)


@public_router.get("/credentials/{credential_id}/verify", response_class=HTMLResponse)
def verification_page(credential_id: uuid.UUID, session: SessionDep, settings: SettingsDep) -> HTMLResponse:
    """What a certificate's QR code opens: the stored credential, verified now, for anyone with the paper."""
    row = issuing.get_credential(session, credential_id)
    result = platform_verifier.verify_credential(session, settings, row.document)
    return HTMLResponse(certificates.verification_page(issuing.certificate_of(settings, row), result.errors))


@public_router.get("/.well-known/did.json")
def did_document(session: SessionDep, settings: SettingsDep) -> JSONResponse:
    """The issuer's DID document: every key it signed with that has not been withdrawn."""
    return JSONResponse(issuer_keys.did_document(session, settings))
