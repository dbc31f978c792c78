"""The fonts PDFs print Hindi with: found on the system, or a refusal that names the package to install."""

from pathlib import Path

import pytest
from fpdf import FPDF

from karmayogi.lms import pdf_fonts
from karmayogi.lms.pdf_fonts import FontMissing, add_bilingual_fonts


def test_both_scripts_are_added_from_the_system_fonts() -> None:
    document = FPDF()
    add_bilingual_fonts(document)
    document.add_page()
    document.set_font("devanagari", size=12)
    document.cell(text="पदस्थापन आदेश")
    document.set_font("latin", size=12)
    document.cell(text="Posting order")
    assert bytes(document.output()).startswith(b"%PDF")


def test_a_missing_font_names_the_package_that_provides_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_fonts, "DEVANAGARI_FONTS", (Path("/nonexistent/NotoSansDevanagari.ttf"),))
    with pytest.raises(FontMissing, match="install the system package fonts-noto-core"):
        add_bilingual_fonts(FPDF())
