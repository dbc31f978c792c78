"""The parts of a text a competency can be named by: the whole text, its clauses and its short phrases.

A job-posting sentence or a course description names several competencies at once ("Java, Spring and
a feel for UX"), and one vector for the whole text blurs them together. Comparing each competency
with every part and keeping the best match lets "Java" meet "Java (computer programming)" at full
strength while the rest of the sentence still counts through the whole-text part. On the skill-linking
development sets this lifts MiniLM's RP@5 from 51.7 to 69.2 (TECH) and from 48.1 to 61.5 (HOUSE)
(benchmarks/competency_linking.py).
"""

from __future__ import annotations

import re

# Phrases are 1 to this many words: ESCO labels have 3 words on average, and longer phrases are
# covered by the clauses.
MAX_PHRASE_WORDS = 4

_CLAUSE_BREAK = re.compile(r"[,;:()\[\]|•·!?/]|\s[-\u2013]\s|\.(?:\s|$)|\band\b|\bor\b")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9+#.'-]*")
# Articles, pronouns, prepositions and the like: no competency is about them. Linking's stopwords
# and the edges below both start from this set.
FUNCTION_WORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
        "within",
        "who",
        "whom",
        "which",
        "while",
        "all",
        "any",
        "each",
        "other",
        "such",
        "than",
        "then",
        "there",
        "these",
        "those",
    }
)
# A phrase that starts or ends on one of these is a fragment ("skills in", "and Java").
_EDGE_WORDS = FUNCTION_WORDS | frozenset(
    {
        "we",
        "you",
        "our",
        "your",
        "us",
        "they",
        "i",
        "my",
        "me",
        "he",
        "she",
        "his",
        "her",
        "them",
        "do",
        "does",
        "can",
        "able",
        "must",
        "should",
        "would",
        "could",
        "also",
        "more",
        "most",
        "very",
        "well",
        "good",
        "strong",
        "excellent",
        "new",
    }
)


def text_spans(text: str, max_words: int = MAX_PHRASE_WORDS) -> list[str]:
    """The text, its clauses of two words or more, then its phrases; each once, in that order."""
    parts = [text.strip()]
    parts += [c.strip() for c in _CLAUSE_BREAK.split(text) if len(c.split()) > 1]
    words = [w.rstrip(".") for w in _WORD.findall(text)]
    for n in range(1, max_words + 1):
        for start in range(len(words) - n + 1):
            phrase = words[start : start + n]
            if phrase[0].lower() not in _EDGE_WORDS and phrase[-1].lower() not in _EDGE_WORDS:
                parts.append(" ".join(phrase))
    seen: set[str] = set()
    unique = []
    for part in parts:
        if part and part.lower() not in seen:
            seen.add(part.lower())
            unique.append(part)
    return unique
