"""Scopes are organisation paths: a grant covers its organisation and everything beneath it."""

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from karmayogi.lms import people
from karmayogi.lms.db import Database
from karmayogi.lms.errors import InvalidInput
from karmayogi.lms.orm import Organisation, User
from karmayogi.lms.paging import decode_cursor, encode_cursor
from karmayogi.lms.permissions import (
    PLATFORM_PATH,
    ROLE_PERMISSIONS,
    Permission,
    Principal,
    Role,
    ScopedRole,
    role_powers,
)

segment = st.uuids().map(lambda u: f"{u}/")
path = st.lists(segment, min_size=1, max_size=4).map(lambda parts: "/" + "".join(parts))


def _principal(*roles: ScopedRole) -> Principal:
    return Principal("user", uuid.uuid4(), uuid.uuid4(), roles)


@given(scope=path, below=st.lists(segment, max_size=3))
def test_a_grant_covers_its_subtree(scope, below):
    p = _principal(ScopedRole(Role.HR_CELL, scope))
    assert p.can(Permission.PEOPLE_MANAGE, scope + "".join(below))


@given(scope=path, other=path)
def test_a_grant_never_covers_a_sibling_or_a_parent(scope, other):
    p = _principal(ScopedRole(Role.HR_CELL, scope))
    assert p.can(Permission.PEOPLE_MANAGE, other) == other.startswith(scope)


@given(scope=path)
def test_a_role_grants_only_its_own_permissions(scope):
    p = _principal(ScopedRole(Role.LEARNER, scope))
    for permission in Permission:
        assert p.can(permission, scope) == (permission in ROLE_PERMISSIONS[Role.LEARNER])


@given(scopes=st.lists(path, min_size=1, max_size=5))
def test_scopes_drop_paths_nested_in_another(scopes):
    p = _principal(*(ScopedRole(Role.LEARNER, s) for s in scopes))
    kept = p.scopes(Permission.PEOPLE_READ)
    assert all(any(s.startswith(k) for k in kept) for s in scopes)
    assert not any(a != b and a.startswith(b) for a in kept for b in kept)


def test_platform_scope_covers_everything():
    p = _principal(ScopedRole(Role.PLATFORM_ADMIN, PLATFORM_PATH))
    assert p.can(Permission.GRANTS_MANAGE, f"/{uuid.uuid4()}/")


def test_platform_admin_holds_every_permission_and_api_clients_hold_no_management():
    assert ROLE_PERMISSIONS[Role.PLATFORM_ADMIN] == frozenset(Permission)
    assert not {p for p in ROLE_PERMISSIONS[Role.API_CLIENT] if p.value.endswith(":manage")}


@given(st.uuids())
def test_cursors_round_trip(u):
    assert decode_cursor(encode_cursor(u)) == u


@given(scope=path)
def test_a_supervisor_reads_records_over_reportees_only_not_over_the_scope(scope):
    p = _principal(ScopedRole(Role.SUPERVISOR, scope))
    for permission in (Permission.SERVICE_RECORDS_READ, Permission.LEARNING_RECORDS_READ):
        assert not p.can(permission, scope)
        assert p.reportee_scopes(permission) == [scope]
    assert p.can(Permission.PEOPLE_READ, scope)  # the directory stays organisation-wide
    assert role_powers(Role.SUPERVISOR) >= {Permission.SERVICE_RECORDS_READ, Permission.LEARNING_RECORDS_READ}


OFFICIALS = 6


@pytest.fixture
def office(db: Database) -> tuple[Database, list[uuid.UUID], Principal]:
    """Six officials in one office, and a platform admin acting on them."""
    org_id = uuid.uuid4()
    people = [uuid.uuid4() for _ in range(OFFICIALS + 1)]
    with db.transaction() as session:
        session.add(Organisation(id=org_id, kind="ministry", name="Office", path=f"/{org_id}/"))
        session.flush()
        session.add_all(
            User(id=i, organisation_id=org_id, email=f"{i}@example.com", full_name="Official") for i in people
        )
    admin = Principal("user", people[-1], org_id, (ScopedRole(Role.PLATFORM_ADMIN, PLATFORM_PATH),))
    return db, people[:-1], admin


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moves=st.lists(st.tuples(st.integers(0, OFFICIALS - 1), st.integers(0, OFFICIALS - 1)), max_size=12))
def test_no_sequence_of_supervisor_changes_forms_a_loop(office, moves):
    db, officials, admin = office
    with db.transaction() as session:
        session.execute(update(User).where(User.id.in_(officials)).values(supervisor_id=None))
        for official, supervisor in moves:
            try:
                people.update_service_record(
                    session, admin, officials[official], {"supervisor_id": officials[supervisor]}
                )
            except InvalidInput as refused:
                assert refused.field == "supervisor_id"
        chains = dict(
            session.execute(select(User.id, User.supervisor_id).where(User.id.in_(officials))).all()
        )
    for start in officials:
        seen, current = set(), chains[start]
        while current is not None:
            assert current not in seen and current != start, "a supervisor chain loops"
            seen.add(current)
            current = chains[current]
