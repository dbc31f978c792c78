"""Tracked native content: a video, a document (PDF) or an HTML5 zip, made into a one-AU cmi5 package
around the platform's own player, so that it launches, tracks and completes as any cmi5 course does.

The player (`player/`, copied into every such package) is an ordinary cmi5 AU: it fetches its session
token, reads `LMS.LaunchData`, sends "initialized", "progressed" as the learner goes, "completed" once
the content's rule is met, and "terminated"; it keeps its place in a state document of the
registration, so a later launch resumes there. What to play and when it counts as done travel in the
AU's launch parameters:

- video: completed when `threshold` of its length has been watched (seconds actually played, not
  skipped to), resumed at the last position;
- document: a PDF's pages, drawn as images here at import (the browser needs no PDF reader, and the
  sandboxed content origin could not run one); completed when `threshold` of the pages were shown;
- html5: the zip's `index.html` framed by the player; completed when the content says so
  (`postMessage({type: "completed"})`) or when the learner marks it finished after `minimum_seconds`.
"""

from __future__ import annotations

import io
import json
import posixpath
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from karmayogi.lms.cmi5.package import NS, InvalidPackage, unzip
from karmayogi.lms.errors import InvalidInput

KINDS = ("video", "document", "html5")
COURSE_PREFIX = "urn:karmayogi:tracked:"
PLAYER = Path(__file__).with_name("player")
MAX_PAGES = 500
PAGE_WIDTH = 1200  # pixels: a page drawn wider than a laptop's screen reads well when scaled down
# The formats every browser plays, by the bytes they start with (MP4 is told by its `ftyp` box).
_VIDEO_SIGNATURES = ((b"\x1aE\xdf\xa3", "webm"), (b"OggS", "ogv"))


@dataclass(frozen=True)
class Rule:
    """When the content counts as done: a share of the video watched or of the pages shown, or, for
    HTML5, the content's own word or the learner's after a minimum time."""

    threshold: float = 0.9
    minimum_seconds: int = 30

    def __post_init__(self) -> None:
        if not 0.1 <= self.threshold <= 1.0:
            raise InvalidInput("threshold", "must be a share between 0.1 and 1.0")
        if not 0 <= self.minimum_seconds <= 36_000:
            raise InvalidInput("minimum_seconds", "must be between 0 and 36000")


def video_format(content: bytes) -> str:
    """The file extension of a playable video, told from its first bytes (WebM, Ogg or MP4)."""
    for signature, extension in _VIDEO_SIGNATURES:
        if content.startswith(signature):
            return extension
    if content[4:8] == b"ftyp":
        return "mp4"
    raise InvalidInput("content", "is not a video the browser can play: upload WebM, MP4 or Ogg")


def document_pages(content: bytes) -> list[bytes]:
    """Each page of a PDF as a PNG image, PAGE_WIDTH pixels wide."""
    import pypdfium2

    if not content.startswith(b"%PDF-"):
        raise InvalidInput("content", "is not a PDF document (it does not start with %PDF-)")
    try:
        pdf = pypdfium2.PdfDocument(content)
    except pypdfium2.PdfiumError as exc:
        raise InvalidInput("content", f"is a PDF that cannot be read ({exc})") from None
    try:
        if len(pdf) == 0:
            raise InvalidInput("content", "is a PDF without pages")
        if len(pdf) > MAX_PAGES:
            raise InvalidInput("content", f"has {len(pdf)} pages; at most {MAX_PAGES} are taken")
        pages = []
        for page in pdf:
            scale = PAGE_WIDTH / max(page.get_width(), 1)
            image = page.render(scale=scale).to_pil()
            out = io.BytesIO()
            image.save(out, format="PNG", optimize=True)
            pages.append(out.getvalue())
        return pages
    finally:
        pdf.close()


def html5_site(content: bytes) -> tuple[dict[str, bytes], str]:
    """The files of an HTML5 zip (with the package reader's safety checks) and its start page: an
    `index.html` at the root, or inside the zip's one top folder."""
    files = unzip(content)
    if "cmi5.xml" in files:
        raise InvalidInput("content", "holds a cmi5.xml: import it as a cmi5 package instead")
    tops = {name.split("/", 1)[0] for name in files}
    folders = ["", *(f"{top}/" for top in tops if len(tops) == 1)]
    for start in (f"{folder}{page}" for folder in folders for page in ("index.html", "index.htm")):
        if start in files:
            return files, start
    raise InvalidPackage(["the zip has no index.html at its root (or in its one top folder)"])


def is_framed_site(course_iri: str, path: str) -> bool:
    """Whether a package file is a page of a tracked HTML5 site, which the sandboxed player frames."""
    return course_iri.startswith(COURSE_PREFIX) and path.startswith("site/")


def wrap(kind: str, content: bytes, title: str, rule: Rule) -> bytes:
    """A cmi5 package (zip bytes) that plays `content` with the platform's player."""
    if kind not in KINDS:
        raise InvalidInput("kind", f"must be one of {', '.join(KINDS)}")
    title = " ".join(title.split())
    if not title or len(title) > 300:
        raise InvalidInput("title", "is required, at most 300 characters")
    files: dict[str, bytes] = {}
    parameters: dict[str, object] = {"kind": kind, "title": title}
    if kind == "video":
        source = f"media/video.{video_format(content)}"
        files[source] = content
        parameters |= {"src": source, "threshold": rule.threshold}
    elif kind == "document":
        names = []
        for number, image in enumerate(document_pages(content), start=1):
            names.append(f"pages/{number}.png")
            files[names[-1]] = image
        parameters |= {"pages": names, "threshold": rule.threshold}
    else:
        site, start = html5_site(content)
        files |= {posixpath.join("site", name): data for name, data in site.items()}
        parameters |= {"src": f"site/{start}", "minimumSeconds": rule.minimum_seconds}
    for asset in sorted(PLAYER.iterdir()):
        files[asset.name] = asset.read_bytes()
    course = f"{COURSE_PREFIX}{uuid.uuid4()}"
    name = f'<title><langstring lang="en">{escape(title)}</langstring></title>'
    description = f'<description><langstring lang="en">{escape(title)}</langstring></description>'
    xml = (
        f'<?xml version="1.0" encoding="utf-8"?><courseStructure xmlns="{NS}">'
        f'<course id="{course}">{name}{description}</course>'
        f'<au id="{course}/au" moveOn="Completed" launchMethod="OwnWindow">{name}{description}'
        f"<url>player.html</url><launchParameters>{escape(json.dumps(parameters))}</launchParameters></au>"
        "</courseStructure>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("cmi5.xml", xml)
        for path, data in files.items():
            archive.writestr(path, data)
    return out.getvalue()
