"""Every version of every question, so new papers draw current questions and old attempts stay scorable."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from karmayogi.lms.errors import Conflict, NotFound

from .items import BloomLevel, Question, QuestionStatus


class QuestionBank:
    """Versions are added in order (1, 2, ...); retiring marks the latest version and keeps every one."""

    def __init__(self, questions: Iterable[Question] = ()) -> None:
        self._versions: dict[str, list[Question]] = {}
        for question in questions:
            self.add(question)

    def add(self, question: Question) -> None:
        versions = self._versions.setdefault(question.id, [])
        expected = len(versions) + 1
        if question.version != expected:
            raise Conflict(
                "version", f"question {question.id} expects version {expected}, got {question.version}"
            )
        versions.append(question)

    def retire(self, question_id: str) -> Question:
        versions = self._versions_of(question_id)
        versions[-1] = versions[-1].retired()
        return versions[-1]

    def get(self, question_id: str, version: int) -> Question:
        """That exact version, retired or not: how a past attempt is scored again."""
        versions = self._versions_of(question_id)
        if not 1 <= version <= len(versions):
            raise NotFound("question version", f"{question_id} v{version}")
        return versions[version - 1]

    def current(self, question_id: str) -> Question:
        return self._versions_of(question_id)[-1]

    def drawable(
        self,
        competency_id: uuid.UUID | None = None,
        level: int | None = None,
        bloom: BloomLevel | None = None,
    ) -> list[Question]:
        """Latest active versions matching the filters, in id order so a seeded draw is reproducible."""
        return [
            q
            for q in (versions[-1] for _, versions in sorted(self._versions.items()))
            if q.status is QuestionStatus.ACTIVE
            and (competency_id is None or q.competency_id == competency_id)
            and (level is None or q.level == level)
            and (bloom is None or q.bloom is bloom)
        ]

    def _versions_of(self, question_id: str) -> list[Question]:
        if question_id not in self._versions:
            raise NotFound("question", question_id)
        return self._versions[question_id]
