"""Packages are read whole or refused whole, naming every fault; unsafe zips are refused before
anything is unpacked."""

from __future__ import annotations

import io
import stat
import zipfile

import pytest
from cmi5_examples import COURSE_IRI, au_xml, course_xml, two_au_course, two_au_package, zipped
from hypothesis import given
from hypothesis import strategies as st

from karmayogi.lms.cmi5.package import MAX_RATIO, InvalidPackage, aus_of, read_package


def test_a_zip_gives_its_structure_with_every_au_setting_and_its_files():
    package = read_package(two_au_package(), "application/zip")
    structure = package.structure.to_json()
    assert structure["id"] == COURSE_IRI and structure["title"] == "Right to Information basics"
    aus = aus_of(structure["children"])
    assert [(a["moveOn"], a["masteryScore"], a["launchMethod"]) for a in aus] == [
        ("Completed", None, "AnyWindow"),
        ("Passed", 0.8, "AnyWindow"),
    ]
    assert set(package.files) == {"au1/index.html", "au2/index.html"}


def test_a_bare_cmi5_xml_takes_aus_at_outside_urls_only():
    ok = read_package(course_xml(au_xml(f"{COURSE_IRI}/a1", "https://content.example.org/a1/")))
    assert ok.files == {} and aus_of(ok.structure.to_json()["children"])[0]["url"].startswith("https://")
    with pytest.raises(InvalidPackage, match="relative, but there is no package"):
        read_package(course_xml(au_xml(f"{COURSE_IRI}/a1", "index.html")))


def test_every_fault_is_named_at_once():
    xml = course_xml(
        au_xml(f"{COURSE_IRI}/a1", "ftp://files.example.org/a1")
        + au_xml(f"{COURSE_IRI}/a1", "javascript:alert(1)")
        + au_xml("not-an-iri", "https://x.example.org/?endpoint=https://evil.example.org")
    )
    with pytest.raises(InvalidPackage) as caught:
        read_package(xml)
    faults = caught.value.faults
    assert any("ftp://" in f and "http or https" in f for f in faults)
    assert any("javascript:" in f for f in faults)
    assert any("used twice" in f for f in faults)
    assert any("'not-an-iri' is not an IRI" in f for f in faults)
    assert any("launch parameter(s) endpoint" in f for f in faults)


def test_a_structure_the_schema_refuses_is_named_by_line():
    with pytest.raises(InvalidPackage, match=r"cmi5\.xml line 1"):
        read_package(course_xml("<au id='https://x.example.org/a'><url>https://x.example.org</url></au>"))
    with pytest.raises(InvalidPackage, match="not well-formed"):
        read_package(b"<courseStructure")


def _zip_with(name: str, content: bytes = b"x", mode: int | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("cmi5.xml", two_au_course())
        info = zipfile.ZipInfo(name)
        if mode is not None:
            info.external_attr = mode << 16
        archive.writestr(info, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "mode", "fault"),
    [
        ("../outside.html", None, "leaves the package's folder"),
        ("au1/../../outside.html", None, "leaves the package's folder"),
        ("/etc/passwd", None, "absolute paths"),
        ("C:/windows/x", None, "absolute paths"),
        ("au1/link", stat.S_IFLNK | 0o777, "symbolic links"),
    ],
)
def test_unsafe_zip_entries_are_refused(name, mode, fault):
    with pytest.raises(InvalidPackage, match=fault):
        read_package(_zip_with(name, mode=mode))


def test_a_zip_bomb_is_refused_by_its_ratio():
    bomb = zipped({"cmi5.xml": two_au_course(), "au1/index.html": b"\0" * (MAX_RATIO * 20_000)})
    with pytest.raises(InvalidPackage, match="zip bomb"):
        read_package(bomb)


def test_a_zip_without_cmi5_xml_or_not_a_zip_is_refused():
    with pytest.raises(InvalidPackage, match=r"no cmi5\.xml"):
        read_package(zipped({"index.html": b"hi"}))
    with pytest.raises(InvalidPackage, match="not a readable zip"):
        read_package(b"PK\x03\x04 broken", "application/zip")


def test_an_au_url_naming_no_file_in_the_zip_is_refused():
    with pytest.raises(InvalidPackage, match="names no file in the package"):
        read_package(zipped({"cmi5.xml": two_au_course(), "au1/index.html": b"x"}))


@given(st.binary(max_size=300))
def test_no_bytes_crash_the_reader(blob):
    try:
        read_package(blob)
    except InvalidPackage as refused:
        assert refused.faults
