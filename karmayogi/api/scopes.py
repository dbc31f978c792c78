"""The object a route names, resolved to the target its permission is checked against (see
`deps.require`): shared by the JSON routes and the pages, which name the same objects."""

import uuid

from karmayogi.api.deps import SessionDep
from karmayogi.lms import grants, people, positions
from karmayogi.lms.catalogue import reading
from karmayogi.lms.permissions import Target


def user_scope(user_id: uuid.UUID, session: SessionDep) -> Target:
    return people.user_target(session, user_id)


def grant_scope(grant_id: uuid.UUID, session: SessionDep) -> Target:
    return grants.grant_target(session, grant_id)


def position_scope(position_id: uuid.UUID, session: SessionDep) -> Target:
    return positions.position_target(session, position_id)


def course_scope(course_id: uuid.UUID, session: SessionDep) -> Target:
    return reading.course_target(session, course_id)
