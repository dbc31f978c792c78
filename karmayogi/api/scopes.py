"""The object a route names, resolved to the target its permission is checked against (see
`deps.require`): shared by the JSON routes and the pages, which name the same objects."""

import uuid

from karmayogi.api.deps import SessionDep
from karmayogi.lms import allocations, grants, people, positions, vacancies
from karmayogi.lms.assessment import assessment_store, level_tests, sittings
from karmayogi.lms.catalogue import reading
from karmayogi.lms.credentials import issuing
from karmayogi.lms.decisions import workflow
from karmayogi.lms.frac import drafting, review
from karmayogi.lms.permissions import Target


def user_scope(user_id: uuid.UUID, session: SessionDep) -> Target:
    return people.user_target(session, user_id)


def grant_scope(grant_id: uuid.UUID, session: SessionDep) -> Target:
    return grants.grant_target(session, grant_id)


def position_scope(position_id: uuid.UUID, session: SessionDep) -> Target:
    return positions.position_target(session, position_id)


def course_scope(course_id: uuid.UUID, session: SessionDep) -> Target:
    return reading.course_target(session, course_id)


def order_scope(order_id: uuid.UUID, session: SessionDep) -> Target:
    return allocations.order_target(session, order_id)


def case_scope(decision_id: uuid.UUID, session: SessionDep) -> Target:
    return workflow.case_target(session, decision_id)


def vacancy_scope(vacancy_id: uuid.UUID, session: SessionDep) -> Target:
    return vacancies.vacancy_target(session, vacancy_id)


def assessment_scope(assessment_id: uuid.UUID, session: SessionDep) -> Target:
    return assessment_store.assessment_target(session, assessment_id)


def attempt_scope(attempt_id: uuid.UUID, session: SessionDep) -> Target:
    return sittings.attempt_target(session, attempt_id)


def level_test_scope(test_id: uuid.UUID, session: SessionDep) -> Target:
    return level_tests.level_test_target(session, test_id)


def competency_node(competency_id: uuid.UUID, session: SessionDep) -> Target:
    return review.node_target(session, "competency", competency_id)


def role_node(role_id: uuid.UUID, session: SessionDep) -> Target:
    return review.node_target(session, "role", role_id)


def suggestion_scope(suggestion_id: uuid.UUID, session: SessionDep) -> Target:
    return drafting.suggestion_target(session, suggestion_id)


def credential_scope(credential_id: uuid.UUID, session: SessionDep) -> Target:
    return issuing.credential_target(session, credential_id)
