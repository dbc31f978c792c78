"""Letters and orders from decisions (confirmation, posting), in English and Hindi: HTML first, and a
PDF from the same content, through one renderer for every such document.

Devanagari needs a font that covers it and text shaping (HarfBuzz, through uharfbuzz), or vowel
signs land on the wrong letters. The font comes from the system (Debian: fonts-noto-core).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Protocol

from fpdf import FPDF
from sqlalchemy.orm import Session

from karmayogi.lms.decisions.entries import Case, Kind
from karmayogi.lms.errors import Conflict
from karmayogi.lms.orm import DecisionEntry, Position, User
from karmayogi.lms.pdf_fonts import add_bilingual_fonts

HINDI_MONTHS = (
    *("जनवरी", "फ़रवरी", "मार्च", "अप्रैल", "मई", "जून"),
    *("जुलाई", "अगस्त", "सितंबर", "अक्टूबर", "नवंबर", "दिसंबर"),
)


class Document(Protocol):
    """What the renderer needs: a reference, a title line then body lines in each language, and the seal."""

    @property
    def reference(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def seal(self) -> str: ...
    @property
    def english(self) -> list[str]: ...
    @property
    def hindi(self) -> list[str]: ...


def hindi_date(day: date) -> str:
    return f"{day.day} {HINDI_MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class ConfirmationLetter:
    reference: str
    name: str
    designation: str
    service: str
    effective: date
    decided_by: str
    decided_on: date
    seal: str  # the decision entry's hash: the letter names the record it comes from

    @property
    def english(self) -> list[str]:
        return [
            "Confirmation after probation",
            f"{self.name}, {self.designation}, having completed the period of probation, is confirmed"
            f" in the {self.service} with effect from {self.effective.day} {self.effective:%B %Y}.",
            f"Decided by {self.decided_by} on {self.decided_on.isoformat()}.",
        ]

    @property
    def hindi(self) -> list[str]:
        day = hindi_date(self.effective)
        return [
            "परिवीक्षा के बाद स्थायीकरण",
            f"परिवीक्षा अवधि पूर्ण होने पर {self.name}, {self.designation}, को {day} से"
            f" {self.service} में स्थायी किया जाता है।",
            f"निर्णयकर्ता: {self.decided_by}, दिनांक {self.decided_on.isoformat()}।",
        ]


@dataclass(frozen=True)
class PostingOrder:
    reference: str
    name: str
    from_designation: str
    designation: str
    organisation: str
    effective: date
    decided_by: str
    decided_on: date
    reason: str
    seal: str

    @property
    def english(self) -> list[str]:
        return [
            "Posting order",
            f"{self.name}, now {self.from_designation}, is posted as {self.designation}, {self.organisation},"
            f" with effect from {self.effective.day} {self.effective:%B %Y}.",
            f"Reason: {self.reason}",
            f"Ordered by {self.decided_by} on {self.decided_on.isoformat()}.",
        ]

    @property
    def hindi(self) -> list[str]:
        return [
            "तैनाती आदेश",
            f"{self.name}, वर्तमान में {self.from_designation}, को {hindi_date(self.effective)} से"
            f" {self.organisation} में {self.designation} के पद पर तैनात किया जाता है।",
            f"कारण: {self.reason}",
            f"आदेशकर्ता: {self.decided_by}, दिनांक {self.decided_on.isoformat()}।",
        ]


def of_case(session: Session, case: Case) -> ConfirmationLetter:
    """The letter for a probation case whose decision in force is a confirmation."""
    standing = case.standing
    if case.kind is not Kind.PROBATION_CONFIRMATION or standing is None or standing.outcome != "confirm":
        raise Conflict("letter", "a confirmation letter exists only for a decided confirmation")
    user = session.get(User, case.subject_id)
    decider = session.get(User, standing.actor_id) if standing.actor_id else None
    seal = session.get(DecisionEntry, standing.id)
    assert user is not None and decider is not None and seal is not None
    record = case.proposal.payload["service_record"]
    assert isinstance(record, dict)
    position = session.get(Position, user.position_id) if user.position_id else None
    return ConfirmationLetter(
        reference=str(case.id),
        name=user.full_name,
        designation=position.designation if position else "official",
        service=str(record.get("service") or "service"),
        effective=date.fromisoformat(str(record["probation_end_date"])),
        decided_by=decider.full_name,
        decided_on=standing.recorded_at.date(),
        seal=seal.hash,
    )


def html(letter: Document) -> str:
    english = "".join(f"<p>{escape(line)}</p>" for line in letter.english[1:])
    hindi = "".join(f"<p>{escape(line)}</p>" for line in letter.hindi[1:])
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{escape(letter.english[0])}: {escape(letter.name)}</title>
<style>body {{ font-family: "Noto Sans", "Noto Sans Devanagari", sans-serif; max-width: 48em; }}
.ref {{ font-size: 0.8em; color: #555; }}</style></head>
<body>
<p class="ref">Reference {escape(letter.reference)}</p>
<h1>{escape(letter.english[0])}</h1>{english}
<section lang="hi"><h2>{escape(letter.hindi[0])}</h2>{hindi}</section>
<p class="ref">Decision record {escape(letter.seal)}</p>
</body>
</html>
"""


def pdf(letter: Document) -> bytes:
    document = FPDF(format="A4")
    document.set_title(f"{letter.english[0]}: {letter.name}")
    document.add_page()
    add_bilingual_fonts(document)
    document.set_fallback_fonts(["devanagari"])
    document.set_text_shaping(True)

    # Latin first for names and figures; Devanagari falls back to the Noto font, shaped by HarfBuzz.
    def block(lines: list[str]) -> None:
        document.set_font("latin", size=16)
        document.multi_cell(0, 10, lines[0], new_x="LMARGIN", new_y="NEXT")
        document.set_font("latin", size=12)
        for line in lines[1:]:
            document.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
        document.ln(6)

    document.set_font("latin", size=9)
    document.multi_cell(0, 6, f"Reference {letter.reference}", new_x="LMARGIN", new_y="NEXT")
    document.ln(4)
    block(letter.english)
    block(letter.hindi)
    document.set_font("latin", size=8)
    document.multi_cell(0, 5, f"Decision record {letter.seal}", new_x="LMARGIN", new_y="NEXT")
    return bytes(document.output())
