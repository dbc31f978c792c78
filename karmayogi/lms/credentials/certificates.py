"""Printable certificates (HTML and PDF) with a QR code that leads to the public verification page.

What a certificate says is read from the signed credential itself, never from the rows around it, so
the paper and the credential cannot disagree. Every piece of text is escaped in HTML: names and
course titles are written by people.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Any

import segno
from fpdf import FPDF

from karmayogi.lms.pdf_fonts import LATIN_FONTS, first_found

HEADINGS = {"Course": "Certificate of course completion", "Competency": "Certificate of competency"}


@dataclass(frozen=True)
class Certificate:
    heading: str
    holder: str
    achievement: str
    competencies: tuple[str, ...]
    issuer: str
    issued_on: str
    credential_id: str
    verify_url: str
    revoked: str | None = None

    @classmethod
    def of(cls, credential: Mapping[str, Any], verify_url: str, revoked: str | None = None) -> Certificate:
        """Read an Open Badges 3.0 credential this platform issued."""
        subject = credential["credentialSubject"]
        achievement = subject["achievement"]
        competencies = tuple(
            f"{alignment['targetName']}, {alignment['targetDescription'].split(':', 1)[0].lower()}"
            for alignment in achievement.get("alignment", [])
        )
        issued = datetime.fromisoformat(credential["validFrom"])
        return cls(
            heading=HEADINGS.get(achievement.get("achievementType"), "Certificate"),
            holder=subject["identifier"][0]["identityHash"],
            achievement=achievement["name"],
            competencies=competencies,
            issuer=credential["issuer"]["name"],
            issued_on=f"{issued.day} {issued:%B %Y}",
            credential_id=credential["id"],
            verify_url=verify_url,
            revoked=revoked,
        )

    @property
    def statement(self) -> str:
        completed = self.heading == HEADINGS["Course"]
        return "has completed the course" if completed else "has been verified to hold"


def qr_code(url: str) -> segno.QRCode:
    """Error correction level M: the code still scans from a creased or smudged printout."""
    return segno.make(url, error="m")


def html(certificate: Certificate) -> str:
    """A self-contained A4 page: print it from the browser."""
    qr = qr_code(certificate.verify_url).png_data_uri(scale=6, border=2)
    competencies = "".join(f"<li>{escape(line)}</li>" for line in certificate.competencies)
    revoked = f'<p class="revoked">{escape(certificate.revoked)}</p>' if certificate.revoked else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{escape(certificate.heading)}: {escape(certificate.holder)}</title>
<style>
@page {{ size: A4 landscape; margin: 15mm; }}
body {{ font-family: "DejaVu Sans", Arial, sans-serif; color: #1a1a1a; margin: 0; }}
.sheet {{ border: 3px double #7a5c00; padding: 12mm 16mm; text-align: center; }}
h1 {{ font-size: 26pt; margin: 0 0 8mm; color: #7a5c00; }}
.holder {{ font-size: 24pt; font-weight: bold; margin: 4mm 0; }}
.achievement {{ font-size: 18pt; margin: 4mm 0; }}
ul {{ list-style: none; padding: 0; }}
.revoked {{ color: #b00020; font-weight: bold; font-size: 16pt; }}
footer {{ display: flex; justify-content: space-between; align-items: flex-end; text-align: left; }}
footer img {{ width: 36mm; height: 36mm; }}
.small {{ font-size: 9pt; color: #555; }}
</style>
</head>
<body>
<div class="sheet">
<h1>{escape(certificate.heading)}</h1>
{revoked}
<p>This certifies that</p>
<p class="holder">{escape(certificate.holder)}</p>
<p>{escape(certificate.statement)}</p>
<p class="achievement">{escape(certificate.achievement)}</p>
<ul>{competencies}</ul>
<footer>
<div>
<p>Issued by {escape(certificate.issuer)} on {escape(certificate.issued_on)}</p>
<p class="small">Credential {escape(certificate.credential_id)}<br>
Verify at <a href="{escape(certificate.verify_url)}">{escape(certificate.verify_url)}</a></p>
</div>
<img src="{qr}" alt="QR code leading to {escape(certificate.verify_url)}">
</footer>
</div>
</body>
</html>
"""


def _font(pdf: FPDF) -> str:
    """A Unicode font where the system has one; a certificate still prints, in Latin-1, where not."""
    found = first_found(LATIN_FONTS)
    if found is None:
        return "helvetica"
    pdf.add_font("certificate", fname=str(found))
    return "certificate"


def pdf(certificate: Certificate) -> bytes:
    """An A4 landscape PDF of the certificate, the QR code linked to the verification page."""
    document = FPDF(orientation="landscape", format="A4")
    document.set_auto_page_break(False)
    document.set_title(f"{certificate.heading}: {certificate.holder}")
    document.set_author(certificate.issuer)
    document.add_page()
    font = _font(document)

    def text(value: str) -> str:
        return value if font != "helvetica" else value.encode("latin-1", "replace").decode("latin-1")

    def line(value: str, size: float, height: float, colour: tuple[int, int, int] = (26, 26, 26)) -> None:
        document.set_font(font, size=size)
        document.set_text_color(*colour)
        document.multi_cell(0, height, text(value), align="C", new_x="LMARGIN", new_y="NEXT")

    document.set_draw_color(122, 92, 0)
    document.set_line_width(1.2)
    document.rect(8, 8, document.w - 16, document.h - 16)
    document.set_y(22)
    line(certificate.heading, 26, 14, (122, 92, 0))
    if certificate.revoked:
        line(certificate.revoked, 14, 9, (176, 0, 32))
    line("This certifies that", 13, 10)
    line(certificate.holder, 24, 13)
    line(certificate.statement, 13, 10)
    line(certificate.achievement, 17, 10)
    for competency in certificate.competencies:
        line(competency, 11, 7)
    qr_size, png = 38, io.BytesIO()
    qr_code(certificate.verify_url).save(png, kind="png", scale=8, border=2)
    document.image(
        png,
        x=document.w - 20 - qr_size,
        y=document.h - 20 - qr_size,
        w=qr_size,
        link=certificate.verify_url,
        alt_text="QR code leading to the verification page",
    )
    document.set_xy(20, document.h - 52)
    document.set_font(font, size=11)
    document.set_text_color(26, 26, 26)
    document.multi_cell(
        document.w - 80, 7, text(f"Issued by {certificate.issuer} on {certificate.issued_on}"), align="L"
    )
    document.set_x(20)
    document.set_font(font, size=8)
    document.set_text_color(85, 85, 85)
    document.multi_cell(
        document.w - 80,
        5,
        text(f"Credential {certificate.credential_id}\nVerify at {certificate.verify_url}"),
        align="L",
    )
    return bytes(document.output())


def verification_page(certificate: Certificate, errors: list[str]) -> str:
    """The public page a certificate's QR code opens: what the credential says, and whether it holds."""
    if errors:
        reasons = "".join(f"<li>{escape(error)}</li>" for error in errors)
        verdict = f'<p class="failed">Not verified</p><ul>{reasons}</ul>'
    else:
        verdict = '<p class="verified">Verified: signed by the issuer, unaltered, and not revoked</p>'
    competencies = "".join(f"<li>{escape(line)}</li>" for line in certificate.competencies)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Verification: {escape(certificate.heading)}</title>
<style>
body {{ font-family: "DejaVu Sans", Arial, sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1em;}}
.verified {{ color: #0a6b2d; font-weight: bold; font-size: 1.3rem; }}
.failed {{ color: #b00020; font-weight: bold; font-size: 1.3rem; }}
dt {{ font-weight: bold; margin-top: .6rem; }}
</style>
</head>
<body>
<h1>{escape(certificate.heading)}</h1>
{verdict}
<dl>
<dt>Holder</dt><dd>{escape(certificate.holder)}</dd>
<dt>Achievement</dt><dd>{escape(certificate.achievement)}<ul>{competencies}</ul></dd>
<dt>Issuer</dt><dd>{escape(certificate.issuer)}</dd>
<dt>Issued on</dt><dd>{escape(certificate.issued_on)}</dd>
<dt>Credential</dt><dd>{escape(certificate.credential_id)}</dd>
</dl>
</body>
</html>
"""
