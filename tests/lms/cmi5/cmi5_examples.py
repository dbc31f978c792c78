"""Small cmi5 packages made here, for the tests: one block of two AUs, and the same as a bare cmi5.xml."""

from __future__ import annotations

import io
import zipfile

NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
COURSE_IRI = "https://courses.example.org/cmi5/rti-basics"


def au_xml(ident: str, url: str, move_on: str = "Completed", extra: str = "") -> str:
    return (
        f'<au id="{ident}" moveOn="{move_on}" {extra}>'
        f'<title><langstring lang="en-US">AU {ident[-1]}</langstring></title>'
        f'<description><langstring lang="en-US">About it</langstring></description>'
        f"<url>{url}</url></au>"
    )


def course_xml(body: str, course_id: str = COURSE_IRI) -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><courseStructure xmlns="{NS}">'
        f'<course id="{course_id}"><title><langstring lang="en-US">Right to Information basics</langstring>'
        f'</title><description><langstring lang="en-US">The RTI Act in practice.</langstring></description>'
        f"</course>{body}</courseStructure>"
    ).encode()


def two_au_course() -> bytes:
    return course_xml(
        f'<block id="{COURSE_IRI}/block"><title><langstring lang="en-US">Module one</langstring></title>'
        f'<description><langstring lang="en-US">Both parts</langstring></description>'
        + au_xml(f"{COURSE_IRI}/au1", "au1/index.html", "Completed")
        + au_xml(f"{COURSE_IRI}/au2", "au2/index.html?part=2", "Passed", 'masteryScore="0.8"')
        + "</block>"
    )


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def two_au_package() -> bytes:
    page = b"<!doctype html><html lang='en'><title>AU</title><p>Content</p></html>"
    return zipped({"cmi5.xml": two_au_course(), "au1/index.html": page, "au2/index.html": page})
