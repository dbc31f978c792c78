"""The `format` parameter of statement queries: exact, ids (identifiers only) and canonical (one language)."""

from __future__ import annotations

from typing import Any

IFIS = ("mbox", "mbox_sha1sum", "openid", "account")
LANGUAGE_MAPS = ("display", "name", "description")


def formatted(statement: dict[str, Any], fmt: str, languages: list[str]) -> dict[str, Any]:
    if fmt == "ids":
        return _ids(statement)
    if fmt == "canonical":
        return _canonical(statement, languages)
    return statement


def _agent_ids(agent: dict[str, Any]) -> dict[str, Any]:
    """An agent by its identifier (and objectType, where given); an anonymous group by its members."""
    kept = {k: v for k, v in agent.items() if k in IFIS or k == "objectType"}
    if agent.get("objectType") == "Group" and not any(k in agent for k in IFIS):
        kept["member"] = [_agent_ids(m) for m in agent.get("member", [])]
    return kept


def _ids(statement: dict[str, Any]) -> dict[str, Any]:
    out = dict(statement)
    for key in ("actor", "authority"):
        if isinstance(out.get(key), dict):
            out[key] = _agent_ids(out[key])
    out["verb"] = {"id": statement["verb"]["id"]}
    obj = statement.get("object", {})
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        out["object"] = {"id": obj["id"]}
    elif kind in ("Agent", "Group"):
        out["object"] = _agent_ids(obj)
    elif kind == "SubStatement":
        out["object"] = _ids(obj)
    if "context" in statement:
        context = dict(statement["context"])
        for key in ("instructor", "team"):
            if isinstance(context.get(key), dict):
                context[key] = _agent_ids(context[key])
        if "contextActivities" in context:
            context["contextActivities"] = {
                k: [{"id": a["id"]} for a in (v if isinstance(v, list) else [v])]
                for k, v in context["contextActivities"].items()
            }
        out["context"] = context
    return out


def _pick(language_map: dict[str, str], languages: list[str]) -> dict[str, str]:
    for wanted in [*languages, "en-US", "en"]:
        for tag, text in language_map.items():
            if tag.lower() == wanted.lower() or tag.lower().split("-")[0] == wanted.lower():
                return {tag: text}
    first = next(iter(language_map.items()), None)
    return dict([first]) if first else {}


def _canonical(value: Any, languages: list[str]) -> Any:
    """Every language map cut to the one language the caller prefers (Accept-Language), or a fallback."""
    if isinstance(value, list):
        return [_canonical(v, languages) for v in value]
    if not isinstance(value, dict):
        return value
    return {
        key: _pick(item, languages)
        if key in LANGUAGE_MAPS and isinstance(item, dict)
        else _canonical(item, languages)
        for key, item in value.items()
    }


def accepted_languages(header: str | None) -> list[str]:
    """Language tags of an Accept-Language header, most preferred first."""
    if not header:
        return []
    ranked = []
    for part in header.split(","):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and tag != "*":
            ranked.append((quality, tag))
    return [tag for _, tag in sorted(ranked, key=lambda item: -item[0])]
