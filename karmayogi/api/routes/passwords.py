"""Setting a password with a mailed token (an invitation or a reset), and asking for a reset."""

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from karmayogi.api.deps import SessionDep, SettingsDep
from karmayogi.lms import passwords

router = APIRouter(tags=["authentication"])


class PasswordIn(BaseModel):
    token: str = Field(
        min_length=1, max_length=200, description="the token from the invitation or reset mail"
    )
    password: str = Field(min_length=1, max_length=passwords.MAX_PASSWORD_LENGTH)


class ResetIn(BaseModel):
    email: str = Field(min_length=3, max_length=254)


@router.post("/auth/password", status_code=status.HTTP_204_NO_CONTENT)
def set_password(body: PasswordIn, session: SessionDep) -> None:
    """Set the password a single-use token allows; the official then signs in at /auth/token."""
    passwords.redeem(session, body.token, body.password)


@router.post("/auth/password-reset", status_code=status.HTTP_202_ACCEPTED)
def request_password_reset(body: ResetIn, session: SessionDep, settings: SettingsDep) -> dict[str, str]:
    """Mail a reset link if the address belongs to an active official; the answer is the same either way."""
    passwords.request_reset(session, settings, body.email)
    return {"status": "if the address is registered, a reset link has been sent"}
