"""Scopes are organisation paths: a grant covers its organisation and everything beneath it."""

import uuid

from hypothesis import given
from hypothesis import strategies as st

from karmayogi.lms.paging import decode_cursor, encode_cursor
from karmayogi.lms.permissions import PLATFORM_PATH, ROLE_PERMISSIONS, Permission, Principal, Role, ScopedRole

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
