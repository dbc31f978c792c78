"""The portal's interface strings, extracted from its code and templates, and the catalogue kept in step.

`python -m karmayogi.api.pages.messages` rewrites the Hindi .po: every extracted string is present,
translations already made are kept, and strings no longer used are dropped. A test checks that each
extracted string has a Hindi translation.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from karmayogi.api.pages.web import LANGUAGES, LOCALES

API = Path(__file__).resolve().parent.parent
METHODS = [("pages/**.py", "python"), ("templates/**.html", "jinja2.ext:babel_extract")]
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}


def extract() -> dict[str, list[tuple[str, int]]]:
    """Each interface string with the places it is used."""
    found: dict[str, list[tuple[str, int]]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        API, METHODS, keywords=KEYWORDS, options_map={"templates/**.html": {"trim_blocks": "true"}}
    ):
        ids = message if isinstance(message, tuple) else (message,)
        for msgid in ids:
            if msgid:
                found.setdefault(msgid, []).append((filename, lineno))
    return found


def catalogue_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / "messages.po"


def read(lang: str) -> Catalog:
    with catalogue_path(lang).open("rb") as fh:
        return read_po(fh, locale=lang)


def update(lang: str) -> list[str]:
    """Rewrite the catalogue with every extracted string; returns those still without a translation."""
    path = catalogue_path(lang)
    old = read(lang) if path.exists() else Catalog(locale=lang)
    new = Catalog(locale=lang, project="karmayogi", fuzzy=False)
    for msgid, places in sorted(extract().items()):
        previous = old.get(msgid)
        new.add(msgid, previous.string if previous else "", locations=places)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, new, width=110, omit_header=False)
    return [m.id for m in new if m.id and not m.string]


if __name__ == "__main__":
    for code in LANGUAGES:
        if code != "en":
            missing = update(code)
            print(f"{code}: {len(missing)} without a translation")
            for msgid in missing:
                print("  ", msgid)
