"""Sending the platform's mail (invitations, password resets) through the configured SMTP server."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from karmayogi.lms.config import Settings
from karmayogi.lms.errors import ServiceUnavailable

TIMEOUT_SECONDS = 20


class MailNotConfigured(ServiceUnavailable):
    """KARMAYOGI_SMTP_URL is unset, so the platform cannot send mail."""


class MailFailed(ServiceUnavailable):
    """The mail server refused or could not be reached; the message says which."""


def send(settings: Settings, to: str, subject: str, body: str) -> None:
    """One plain-text message. Credentials only ever travel over TLS (smtps, or STARTTLS)."""
    if not settings.smtp_url:
        raise MailNotConfigured("mail is not configured: set KARMAYOGI_SMTP_URL")
    url = urlsplit(settings.smtp_url)
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = settings.mail_from, to, subject
    message.set_content(body)
    context = ssl.create_default_context()
    try:
        if url.scheme == "smtps":
            server: smtplib.SMTP = smtplib.SMTP_SSL(
                url.hostname or "", url.port or 465, timeout=TIMEOUT_SECONDS, context=context
            )
        else:
            server = smtplib.SMTP(url.hostname or "", url.port or 587, timeout=TIMEOUT_SECONDS)
        with server:
            secure = url.scheme == "smtps"
            if not secure:
                server.ehlo()
                if server.has_extn("starttls"):
                    server.starttls(context=context)
                    server.ehlo()
                    secure = True
            if url.username:
                if not secure:
                    raise MailFailed(
                        f"{url.hostname} offers no TLS; refusing to send the SMTP password in clear"
                    )
                server.login(unquote(url.username), unquote(url.password or ""))
            server.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailFailed(f"mail to {to} was not sent: {exc.__class__.__name__}: {exc}") from None
