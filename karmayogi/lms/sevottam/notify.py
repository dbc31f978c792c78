"""Confirming a citizen's contact: email through an SMTP server, SMS through a pluggable sender."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Protocol

from karmayogi.lms.config import Settings


class SmsSender(Protocol):
    """Anything that can deliver a text message to an Indian mobile number (a gateway's client)."""

    def send(self, mobile: str, text: str) -> None: ...


class OutboxSms:
    """Writes each message to a file in a folder, where a gateway process (or a test) picks it up."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def send(self, mobile: str, text: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / f"{uuid.uuid4().hex}.txt").write_text(f"{mobile}\n{text}\n", encoding="utf-8")


class NoSms:
    """Where no gateway is configured: the citizen is told to give an email address instead."""

    def send(self, mobile: str, text: str) -> None:
        return None


def sms_sender(settings: Settings) -> SmsSender:
    return OutboxSms(settings.sms_outbox) if settings.sms_outbox else NoSms()


def confirmation_text(registration_number: str, code: str, track_url: str) -> str:
    return (
        f"Your grievance {registration_number} is registered.\n"
        f"Confirmation code: {code}\n"
        f"Track it (keep this link private): {track_url}\n"
        f"आपकी शिकायत {registration_number} दर्ज हो गई है। पुष्टि कोड: {code}\n"
    )
