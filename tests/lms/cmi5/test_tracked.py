"""Tracked content made into one-AU cmi5 packages: what the player is told, and what is refused."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from media_examples import html5_zip, pdf, webm

from karmayogi.lms.cmi5 import tracked
from karmayogi.lms.cmi5.package import InvalidPackage, read_package
from karmayogi.lms.errors import InvalidInput


def _parameters(package_bytes: bytes) -> tuple[dict, dict]:  # type: ignore[type-arg]
    package = read_package(package_bytes)  # the wrapped package passes the importer's own checks
    (au,) = package.structure.children
    return json.loads(au.launch_parameters), package.files


def test_a_video_plays_in_the_player_and_completes_at_its_threshold():
    video = webm(2)
    parameters, files = _parameters(
        tracked.wrap("video", video, "  Sevottam   in practice ", tracked.Rule(0.8))
    )
    assert parameters == {
        "kind": "video",
        "title": "Sevottam in practice",
        "src": "media/video.webm",
        "threshold": 0.8,
    }
    assert files["media/video.webm"] == video
    assert {"player.html", "player.js", "player.css"} <= set(files)


def test_a_pdf_becomes_one_image_per_page():
    parameters, files = _parameters(tracked.wrap("document", pdf(3), "Standards", tracked.Rule(1.0)))
    assert parameters["pages"] == ["pages/1.png", "pages/2.png", "pages/3.png"]
    assert all(files[p].startswith(b"\x89PNG") for p in parameters["pages"])


@pytest.mark.parametrize("folder", ["", "site-1/"])
def test_an_html5_zip_is_served_from_its_index_page(folder: str):
    parameters, files = _parameters(
        tracked.wrap("html5", html5_zip(folder), "Steps", tracked.Rule(minimum_seconds=5))
    )
    assert parameters["src"] == f"site/{folder}index.html" and parameters["minimumSeconds"] == 5
    assert f"site/{folder}style.css" in files


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("kind", "content", "fault"),
    [
        ("video", b"GIF89a not a video", "is not a video the browser can play"),
        ("document", b"plain text", "is not a PDF document"),
        ("document", b"%PDF-1.4 broken", "is a PDF that cannot be read"),
        ("html5", b"not a zip", "not a readable zip file"),
        ("html5", _zip({"a/index.html": b"", "b/x.html": b""}), "no index.html"),
        ("html5", _zip({"cmi5.xml": b"<x/>", "index.html": b""}), "import it as a cmi5 package"),
        ("html5", _zip({"../escape.html": b"", "index.html": b""}), "leaves the package's folder"),
        ("slides", b"", "must be one of video, document, html5"),
    ],
    ids=[
        "video-gif",
        "pdf-text",
        "pdf-broken",
        "html5-not-zip",
        "html5-no-index",
        "html5-cmi5",
        "html5-escape",
        "kind",
    ],
)
def test_content_that_cannot_be_played_is_refused_naming_why(kind: str, content: bytes, fault: str):
    with pytest.raises((InvalidInput, InvalidPackage)) as refused:
        tracked.wrap(kind, content, "Title", tracked.Rule())
    assert fault in str(refused.value)


@pytest.mark.parametrize(("threshold", "seconds"), [(0.05, 30), (1.5, 30), (0.9, -1), (0.9, 40_000)])
def test_a_rule_out_of_range_is_refused(threshold: float, seconds: int):
    with pytest.raises(InvalidInput):
        tracked.Rule(threshold, seconds)


def test_a_title_is_required():
    with pytest.raises(InvalidInput, match="title"):
        tracked.wrap("video", webm(1), "   ", tracked.Rule())
