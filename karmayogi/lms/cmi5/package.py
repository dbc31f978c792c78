"""Reading a cmi5 course package: a zip holding `cmi5.xml` and its content, or a bare `cmi5.xml` whose
AUs live at other URLs.

All or nothing: every fault found is named at once (`InvalidPackage.faults`), and a package with any
fault yields nothing to store. The XML is checked against cmi5's own schema (CourseStructure.xsd from
AICC/CMI-5_Spec_Current, Apache-2.0, shipped beside this module), then against the rules the schema
cannot say (cmi5 §13.1): ids are IRIs and unique across the course, an AU's URL is http(s) or a file
the zip holds, and it carries none of the launch parameters the LMS adds. A zip is refused when an
entry would land outside its folder, is absolute or a symbolic link, or when it would unpack to more
than `MAX_UNPACKED` bytes or more than `MAX_RATIO` times its packed size (a zip bomb).
"""

from __future__ import annotations

import io
import posixpath
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from lxml import etree

from karmayogi.lms.errors import InvalidInput

NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
MAX_UNPACKED = 1024 * 1024 * 1024  # 1 GiB of content at most
MAX_RATIO = 200  # a genuine package seldom compresses 20:1; 200:1 is a bomb
MAX_ENTRIES = 20_000
MOVE_ON = ("Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed", "NotApplicable")
LAUNCH_PARAMETERS = frozenset({"endpoint", "fetch", "actor", "registration", "activityId"})
_SCHEMA: etree.XMLSchema | None = None


class InvalidPackage(InvalidInput):
    """A package that breaks cmi5's rules or the platform's safety limits; `faults` names each fault."""

    def __init__(self, faults: list[str]) -> None:
        super().__init__("package", "; ".join(faults))
        self.faults = faults


@dataclass(frozen=True)
class AssignableUnit:
    """One AU as the course structure declares it; `url` is absolute, or a path inside the package."""

    id: str
    title: str
    description: str
    url: str
    move_on: str = "NotApplicable"
    mastery_score: float | None = None
    launch_method: str = "AnyWindow"
    launch_parameters: str = ""
    entitlement_key: str = ""
    activity_type: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "au",
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "url": self.url,
            "moveOn": self.move_on,
            "masteryScore": self.mastery_score,
            "launchMethod": self.launch_method,
            "launchParameters": self.launch_parameters,
            "entitlementKey": self.entitlement_key,
            "activityType": self.activity_type,
        }


@dataclass(frozen=True)
class Block:
    id: str
    title: str
    description: str
    children: list[Block | AssignableUnit] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "block",
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "children": [c.to_json() for c in self.children],
        }


@dataclass(frozen=True)
class CourseStructure:
    """The course, its blocks and AUs in document order, and the language its title is in."""

    id: str
    title: str
    description: str
    language: str
    children: list[Block | AssignableUnit]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "language": self.language,
            "children": [c.to_json() for c in self.children],
        }


@dataclass(frozen=True)
class Package:
    """A checked package: its structure and the files to serve (empty for a bare cmi5.xml)."""

    structure: CourseStructure
    files: dict[str, bytes]

    @property
    def size(self) -> int:
        return sum(len(b) for b in self.files.values())


def aus_of(children: list[Any]) -> list[dict[str, Any]]:
    """The AUs of a stored structure (`CourseStructure.to_json`) in document order, as cmi5 counts them."""
    found: list[dict[str, Any]] = []
    for child in children:
        if child["type"] == "au":
            found.append(child)
        else:
            found.extend(aus_of(child["children"]))
    return found


def schema() -> etree.XMLSchema:
    global _SCHEMA
    if _SCHEMA is None:
        _SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).with_name("CourseStructure.xsd"))))
    return _SCHEMA


def read_package(content: bytes, media_type: str | None = None) -> Package:
    """The package in `content`, a zip or a bare cmi5.xml (told apart by its bytes, `media_type` aside)."""
    if content[:4] == b"PK\x03\x04" or (media_type or "").endswith("zip"):
        files = unzip(content)
        if "cmi5.xml" not in files:
            raise InvalidPackage(["the zip holds no cmi5.xml at its root"])
        xml = files.pop("cmi5.xml")
        return Package(read_structure(xml, set(files)), files)
    return Package(read_structure(content, None), {})


def unzip(content: bytes) -> dict[str, bytes]:
    """The files of a zip by their clean paths, refused whole if any entry is unsafe (see the module)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise InvalidPackage([f"not a readable zip file ({exc})"]) from None
    faults: list[str] = []
    if len(entries) > MAX_ENTRIES:
        faults.append(f"the zip has {len(entries)} entries; at most {MAX_ENTRIES} are taken")
    declared = sum(e.file_size for e in entries)
    if declared > MAX_UNPACKED:
        faults.append(f"the zip would unpack to {declared} bytes; at most {MAX_UNPACKED} are taken")
    if declared > MAX_RATIO * max(len(content), 1):
        faults.append(f"the zip would unpack to more than {MAX_RATIO} times its size (a zip bomb)")
    names: set[str] = set()
    for entry in entries:
        name = entry.filename
        mode = entry.external_attr >> 16
        if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
            faults.append(f"{name!r}: absolute paths are refused")
        elif "\\" in name or ".." in name.split("/") or posixpath.normpath(name).startswith(".."):
            faults.append(f"{name!r}: the path leaves the package's folder")
        elif stat.S_ISLNK(mode):
            faults.append(f"{name!r}: symbolic links are refused")
        elif "\x00" in name:
            faults.append(f"{name!r}: NUL in a file name")
        if posixpath.normpath(name) in names and not entry.is_dir():
            faults.append(f"{name!r}: stored twice")
        names.add(posixpath.normpath(name))
    if faults:
        raise InvalidPackage(faults)
    files: dict[str, bytes] = {}
    total = 0
    for entry in entries:
        if entry.is_dir():
            continue
        # Read in pieces and count what actually comes out: a header may lie about the sizes.
        with archive.open(entry) as stream:
            pieces = []
            while chunk := stream.read(1024 * 1024):
                total += len(chunk)
                if total > MAX_UNPACKED or total > MAX_RATIO * max(len(content), 1):
                    raise InvalidPackage(["the zip unpacks to more than it declares (a zip bomb)"])
                pieces.append(chunk)
        files[posixpath.normpath(entry.filename)] = b"".join(pieces)
    return files


def _text(element: etree._Element, name: str) -> tuple[str, str]:
    """The first langstring of a title or description, and its language."""
    strings = element.findall(f"{{{NS}}}{name}/{{{NS}}}langstring")
    if not strings:
        return "", ""
    return " ".join((strings[0].text or "").split()), strings[0].get("lang", "")


def _is_iri(value: str) -> bool:
    parts = urlsplit(value)
    return bool(parts.scheme) and (bool(parts.netloc) or parts.scheme in ("urn", "tag", "mailto"))


def read_structure(xml: bytes, package_files: set[str] | None) -> CourseStructure:
    """The checked course structure; `package_files` are the paths a zip holds (None: a bare cmi5.xml)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        document = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise InvalidPackage([f"cmi5.xml is not well-formed XML ({exc})"]) from None
    if not schema().validate(document):
        raise InvalidPackage(
            [f"cmi5.xml line {e.line}: {e.message}" for e in schema().error_log]  # type: ignore[attr-defined]
        )
    faults: list[str] = []
    seen: dict[str, str] = {}

    def identify(element: etree._Element, what: str) -> str:
        ident = element.get("id") or ""
        if not _is_iri(ident):
            faults.append(f"{what} id {ident!r} is not an IRI")
        if ident in seen:
            faults.append(f"{what} id {ident!r} is used twice (first by a {seen[ident]})")
        seen[ident] = what
        return ident

    root_course = document.find(f"{{{NS}}}course")
    assert root_course is not None  # the schema requires it
    course_id = identify(root_course, "course")
    for objective in document.iterfind(f"{{{NS}}}objectives/{{{NS}}}objective"):
        identify(objective, "objective")

    def au(element: etree._Element) -> AssignableUnit:
        ident = identify(element, "au")
        url = (element.findtext(f"{{{NS}}}url") or "").strip()
        parts = urlsplit(url)
        if not url or any(c.isspace() or c in '<>"{}|\\^`' for c in url):
            faults.append(f"au {ident}: url {url!r} is not a valid URL")
        elif parts.scheme:
            if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
                faults.append(f"au {ident}: url {url!r} must be http or https")
        elif package_files is None:
            faults.append(f"au {ident}: url {url!r} is relative, but there is no package to hold it")
        else:
            path = posixpath.normpath(parts.path)
            if path.startswith("..") or url.startswith("/"):
                faults.append(f"au {ident}: url {url!r} leaves the package")
            elif path not in package_files:
                faults.append(f"au {ident}: url {url!r} names no file in the package")
        clashing = LAUNCH_PARAMETERS & {k for k, _ in parse_qsl(parts.query, keep_blank_values=True)}
        if clashing:
            faults.append(
                f"au {ident}: url {url!r} carries launch parameter(s) {', '.join(sorted(clashing))}"
            )
        title, _ = _text(element, "title")
        description, _ = _text(element, "description")
        mastery = element.get("masteryScore")
        return AssignableUnit(
            id=ident,
            title=title,
            description=description,
            url=url,
            move_on=element.get("moveOn", "NotApplicable"),
            mastery_score=float(mastery) if mastery is not None else None,
            launch_method=element.get("launchMethod", "AnyWindow"),
            launch_parameters=(element.findtext(f"{{{NS}}}launchParameters") or "").strip(),
            entitlement_key=(element.findtext(f"{{{NS}}}entitlementKey") or "").strip(),
            activity_type=element.get("activityType", ""),
        )

    def children(parent: etree._Element) -> list[Block | AssignableUnit]:
        found: list[Block | AssignableUnit] = []
        for element in parent:
            if element.tag == f"{{{NS}}}au":
                found.append(au(element))
            elif element.tag == f"{{{NS}}}block":
                ident = identify(element, "block")
                title, _ = _text(element, "title")
                description, _ = _text(element, "description")
                found.append(Block(ident, title, description, children(element)))
        return found

    structure_children = children(document)
    if faults:
        raise InvalidPackage(faults)
    title, language = _text(root_course, "title")
    description, _ = _text(root_course, "description")
    return CourseStructure(course_id, title, description, language, structure_children)
