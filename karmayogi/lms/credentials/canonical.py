"""RDF Dataset Canonicalization (RDFC-1.0) of JSON-LD documents: what an eddsa-rdfc-2022 proof hashes.

pyld turns the JSON-LD into RDF; the canonical form is computed here rather than by pyld's URDNA2015 for
three reasons: RDFC-1.0 escapes control characters in literals differently from pyld, a bound on the
deep iterations keeps a hostile document with many look-alike blank nodes from hanging a verifier (the
limit Digital Bazaar's rdf-canonize uses), and contexts are processed once per process rather than once
per document, which is most of the time plain pyld takes.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Mapping
from typing import Any

from pyld.context_resolver import ContextResolver
from pyld.jsonld import JsonLdError, JsonLdProcessor

from karmayogi.lms.credentials.contexts import ContextNotBundled, load_document
from karmayogi.lms.errors import InvalidInput

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_PROCESSED_CONTEXTS_KEPT = 4096
_EXPANDED_IRIS_KEPT = 65536
# Relative IRIs are resolved against this base and then refused: like Digital Bazaar's "safe mode",
# nothing whose meaning depends on where the document happens to be is signed or verified.
_RELATIVE = "relative-iri:/"

_LITERAL_ESCAPES = {code: f"\\u{code:04X}" for code in [*range(0x20), 0x7F]}
_LITERAL_ESCAPES.update({ord("\b"): "\\b", ord("\t"): "\\t", ord("\n"): "\\n", ord("\f"): "\\f"})
_LITERAL_ESCAPES.update({ord("\r"): "\\r", ord('"'): '\\"', ord("\\"): "\\\\"})
_IRI_ESCAPES = {code: f"\\u{code:04X}" for code in [*range(0x21), *map(ord, '<>"{}|^`\\')]}
_LITERAL_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\]')
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')

# A term of a quad: (True, blank node label) or (False, the term written as N-Quads).
Term = tuple[bool, str]
Quad = tuple[Term, str, Term, Term | None]


class TooComplex(InvalidInput):
    """Canonicalising the document would take more work than any credential needs; it is refused."""


def _refuse_dropped_property(expanded: str | None) -> None:
    # A property the contexts do not define would vanish from the RDF, so it would not be signed.
    raise InvalidInput("document", f"the property {expanded!r} is not defined by the document's @context")


class _ContextCachingProcessor(JsonLdProcessor):
    """pyld's processor that keeps every processed context, keyed by the active context it was applied to.

    Plain pyld processes each type-scoped context (Achievement, Profile, DataIntegrityProof...) again for
    every document; the bundled contexts never change, so the result can be kept for the process.
    """

    def __init__(self) -> None:
        super().__init__(on_property_dropped=_refuse_dropped_property)
        self._processed: dict[tuple[object, ...], tuple[Any, Mapping[str, Any]]] = {}
        self._expanded: dict[tuple[object, ...], Any] = {}

    def _process_context(self, active_ctx: Any, local_ctx: Any, options: Any, **flags: Any) -> Any:
        uuid = active_ctx.get("_uuid")
        # A context being defined is checked against a half-built one (the `cycles` flag): never kept.
        if uuid is None or "cycles" in flags:
            return super()._process_context(active_ctx, local_ctx, options, **flags)
        key = (uuid, _context_key(local_ctx), options.get("base"), *sorted(flags.items()))
        kept = self._processed.get(key)
        if kept is not None and (kept[0] is local_ctx or not isinstance(key[1], int)):
            return kept[1]
        processed = super()._process_context(active_ctx, local_ctx, options, **flags)
        if type(processed) is not dict:  # only frozen contexts can be shared
            if len(self._processed) >= _PROCESSED_CONTEXTS_KEPT:
                self._processed.clear()
            self._processed[key] = (local_ctx, processed)  # holding local_ctx keeps its id unique
        return processed

    def _expand_iri(
        self,
        active_ctx: Any,
        value: Any,
        base: Any = None,
        vocab: bool = False,
        local_ctx: Any = None,
        **rest: Any,
    ) -> Any:
        # Only expansions against a finished (frozen) context, outside context processing, are kept.
        uuid = active_ctx.get("_uuid")
        if (
            uuid is None
            or type(active_ctx) is dict
            or local_ctx is not None
            or rest
            or not isinstance(value, str)
        ):
            return super()._expand_iri(active_ctx, value, base, vocab, local_ctx, **rest)
        key = (uuid, value, base, vocab)
        if key not in self._expanded:
            if len(self._expanded) >= _EXPANDED_IRIS_KEPT:
                self._expanded.clear()
            self._expanded[key] = super()._expand_iri(active_ctx, value, base, vocab)
        return self._expanded[key]


def _context_key(local_ctx: Any) -> str | int:
    """A document's own contexts are told apart by content; pyld's frozen ones, cheaper, by identity."""
    if isinstance(local_ctx, dict | list):
        return json.dumps(local_ctx, sort_keys=True, default=dict)
    if isinstance(local_ctx, str):
        return local_ctx
    return id(local_ctx)


class _BoundedCache(dict[str, Any]):
    """pyld's resolver keeps every inline context it meets; a stream of documents must not fill memory."""

    def __setitem__(self, key: str, value: Any) -> None:
        if len(self) >= _PROCESSED_CONTEXTS_KEPT:
            self.clear()
        super().__setitem__(key, value)


_processor = _ContextCachingProcessor()
_resolved_contexts = _BoundedCache()


def to_quads(document: Mapping[str, Any]) -> list[Quad]:
    """The RDF dataset a JSON-LD document expands to, with only bundled contexts."""
    options = {
        "base": _RELATIVE,
        "documentLoader": load_document,
        "contextResolver": ContextResolver(_resolved_contexts, load_document),
        "produceGeneralizedRdf": False,
    }
    try:
        dataset = _processor.to_rdf(dict(document), options)
    except JsonLdError as error:
        raise _plain_error(error) from error
    quads: list[Quad] = []
    for graph, triples in dataset.items():
        graph_term = None if graph == "@default" else _node(graph)
        for triple in triples:
            subject, predicate, obj = triple["subject"], triple["predicate"], triple["object"]
            quads.append((_node(subject["value"]), predicate["value"], _object(obj), graph_term))
    for quad in quads:
        _refuse_relative(quad)
    return quads


def _refuse_relative(quad: Quad) -> None:
    written = [quad[0][1], f"<{quad[1]}>", quad[2][1], quad[3][1] if quad[3] else ""]
    for text in written:
        start = text.find(f"<{_RELATIVE}")
        if start >= 0 and (start == 0 or text[start - 2 : start] == "^^"):
            iri = text[start + len(_RELATIVE) + 1 : text.index(">", start)]
            raise InvalidInput("document", f"{iri!r} is a relative IRI; only absolute IRIs can be signed")


def _plain_error(error: BaseException) -> InvalidInput:
    """pyld wraps the loader's refusal in layers of JsonLdError; the innermost cause says what is wrong."""
    cause: BaseException | None = error
    innermost = error
    while cause is not None:
        if isinstance(cause, ContextNotBundled):
            return cause
        innermost = cause
        cause = cause.__cause__
    return InvalidInput("document", f"not valid JSON-LD: {innermost}")


def _iri(text: str) -> str:
    return text.translate(_IRI_ESCAPES) if _IRI_UNSAFE.search(text) else text


def _literal(text: str) -> str:
    return text.translate(_LITERAL_ESCAPES) if _LITERAL_UNSAFE.search(text) else text


def _node(value: str) -> Term:
    if value.startswith("_:"):
        return (True, value)
    return (False, f"<{_iri(value)}>")


def _object(term: Mapping[str, Any]) -> Term:
    if term["type"] != "literal":
        return _node(term["value"])
    text = f'"{_literal(term["value"])}"'
    datatype = term.get("datatype", XSD_STRING)
    if datatype == RDF_LANGSTRING:
        text += f"@{term['language']}"
    elif datatype != XSD_STRING:
        text += f"^^<{_iri(datatype)}>"
    return (False, text)


def canonical_nquads(document: Mapping[str, Any]) -> str:
    """The RDFC-1.0 canonical N-Quads of a JSON-LD document."""
    return canonicalise(to_quads(document))


def canonicalise(quads: list[Quad]) -> str:
    """RDFC-1.0 (W3C Recommendation, 2024) with SHA-256, written as sorted canonical N-Quads."""
    return _Canonicalisation(quads).run()


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _write(quad: Quad, label: Any) -> str:
    """One N-Quads line, each blank node written as `label` says."""
    subject, predicate, obj, graph = quad
    line = f"{label(subject[1]) if subject[0] else subject[1]} <{_iri(predicate)}> "
    line += label(obj[1]) if obj[0] else obj[1]
    if graph is not None:
        line += " " + (label(graph[1]) if graph[0] else graph[1])
    return line + " .\n"


class _Issuer:
    """Issues identifiers with one prefix in order, remembering which blank node got which."""

    def __init__(self, prefix: str, issued: dict[str, str] | None = None) -> None:
        self.prefix = prefix
        self.issued = issued if issued is not None else {}

    def issue(self, blank_node: str) -> str:
        if blank_node not in self.issued:
            self.issued[blank_node] = f"{self.prefix}{len(self.issued)}"
        return self.issued[blank_node]

    def copy(self) -> _Issuer:
        return _Issuer(self.prefix, dict(self.issued))


class _Canonicalisation:
    def __init__(self, quads: list[Quad]) -> None:
        self.quads = quads
        self.quads_of: dict[str, list[Quad]] = {}
        for quad in quads:
            for term in (quad[0], quad[2], quad[3]):
                if term is not None and term[0]:
                    quads_here = self.quads_of.setdefault(term[1], [])
                    if not quads_here or quads_here[-1] is not quad:
                        quads_here.append(quad)
        self.canonical = _Issuer("_:c14n")
        self.first_degree: dict[str, str] = {}
        self.deep_iterations_left = 0

    def run(self) -> str:
        by_hash: dict[str, list[str]] = {}
        for blank_node in self.quads_of:
            by_hash.setdefault(self.hash_first_degree(blank_node), []).append(blank_node)
        shared = []
        for digest in sorted(by_hash):
            if len(by_hash[digest]) == 1:
                self.canonical.issue(by_hash[digest][0])
            else:
                shared.append(by_hash[digest])
        self.deep_iterations_left = sum(map(len, shared))
        for blank_nodes in shared:
            paths = []
            for blank_node in blank_nodes:
                if blank_node in self.canonical.issued:
                    continue
                issuer = _Issuer("_:b")
                issuer.issue(blank_node)
                paths.append(self.hash_n_degree(blank_node, issuer))
            for _, issuer in sorted(paths, key=lambda path: path[0]):
                for blank_node in issuer.issued:
                    self.canonical.issue(blank_node)
        issued = self.canonical.issued
        return "".join(sorted({_write(quad, issued.__getitem__) for quad in self.quads}))

    def hash_first_degree(self, blank_node: str) -> str:
        if blank_node not in self.first_degree:
            lines = sorted(
                _write(quad, lambda label: "_:a" if label == blank_node else "_:z")
                for quad in self.quads_of[blank_node]
            )
            self.first_degree[blank_node] = _sha256("".join(lines))
        return self.first_degree[blank_node]

    def hash_related(self, related: str, quad: Quad, issuer: _Issuer, position: str) -> str:
        identifier = self.canonical.issued.get(related) or issuer.issued.get(related)
        identifier = identifier or self.hash_first_degree(related)
        predicate = "" if position == "g" else f"<{quad[1]}>"
        return _sha256(position + predicate + identifier)

    def hash_n_degree(self, blank_node: str, issuer: _Issuer) -> tuple[str, _Issuer]:
        if self.deep_iterations_left == 0:
            raise TooComplex("document", "too many look-alike blank nodes to canonicalise")
        self.deep_iterations_left -= 1
        related_by_hash: dict[str, list[str]] = {}
        for quad in self.quads_of[blank_node]:
            for position, term in (("s", quad[0]), ("o", quad[2]), ("g", quad[3])):
                if term is not None and term[0] and term[1] != blank_node:
                    digest = self.hash_related(term[1], quad, issuer, position)
                    related_by_hash.setdefault(digest, []).append(term[1])
        data = ""
        for digest in sorted(related_by_hash):
            data += digest
            chosen_path, chosen_issuer = "", issuer
            for permutation in itertools.permutations(related_by_hash[digest]):
                found = self._path(permutation, issuer.copy(), chosen_path)
                if found is not None and (not chosen_path or found[0] < chosen_path):
                    chosen_path, chosen_issuer = found
            data += chosen_path
            issuer = chosen_issuer
        return _sha256(data), issuer

    def _path(
        self, permutation: tuple[str, ...], issuer: _Issuer, chosen_path: str
    ) -> tuple[str, _Issuer] | None:
        """The path one ordering of related blank nodes gives, or None once it cannot beat `chosen_path`."""

        def worse(path: str) -> bool:
            return bool(chosen_path) and len(path) >= len(chosen_path) and path > chosen_path

        path = ""
        recursion = []
        for related in permutation:
            if related in self.canonical.issued:
                path += self.canonical.issued[related]
            else:
                if related not in issuer.issued:
                    recursion.append(related)
                path += issuer.issue(related)
            if worse(path):
                return None
        for related in recursion:
            digest, result_issuer = self.hash_n_degree(related, issuer)
            path += issuer.issue(related) + f"<{digest}>"
            issuer = result_issuer
            if worse(path):
                return None
        return path, issuer
