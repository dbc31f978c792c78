"""The system fonts the platform's PDFs print with: PDF's built-in fonts stop at Latin-1, so Hindi
letters, orders and reports need a TrueType font that covers Devanagari (Debian: fonts-noto-core)."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from karmayogi.lms.errors import DomainError

DEVANAGARI_FONTS = (
    Path("/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf"),
    Path("/usr/share/fonts/noto/NotoSansDevanagari-Regular.ttf"),
)
LATIN_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
)


class FontMissing(DomainError):
    """The system lacks a font the document needs; the message names the package that provides it."""


def first_found(paths: tuple[Path, ...]) -> Path | None:
    return next((path for path in paths if path.exists()), None)


def add_bilingual_fonts(document: FPDF) -> None:
    """Add the fonts "latin" and "devanagari", or say which package to install."""
    for name, paths, package in (
        ("latin", LATIN_FONTS, "fonts-dejavu-core"),
        ("devanagari", DEVANAGARI_FONTS, "fonts-noto-core"),
    ):
        found = first_found(paths)
        if found is None:
            raise FontMissing(f"no font at {paths[0]}; install the system package {package}")
        document.add_font(name, fname=str(found))
