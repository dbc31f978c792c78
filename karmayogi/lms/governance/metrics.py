"""The metrics registry: every KPI the Commission monitors, with its definition, in one place.

Each metric names its subject (a learner, a supervisor, a department, a peer group, a provider or
the platform), its unit, and what it counts, and is computed for a calendar year by set-based SQL
(aggregates and joins over enrolments, the evidence log, plans and the LRS's statements; the same
statements run on SQLite and PostgreSQL). Values roll up to a department through the organisation
tree: an official's organisation belongs to the department above it.

Definitions (year Y = 1 January to 31 December UTC):
- learner.enrolments: enrolments begun in Y.
- learner.completions: enrolments completed in Y.
- learner.hours: learning hours of the courses completed in Y (the course's stated hours).
- learner.level_gain: over competencies, the highest level the evidence log records by the end of
  Y less the highest recorded before Y (never below 0), summed.
- learner.plan_items / learner.plan_items_on_time: assignments of the live plan for Y (of the
  official's department or above) that apply to the official, and those completed by their due date.
- supervisor.team_compliance: their direct reportees' plan items on time / plan items.
- supervisor.team_level_gain: their direct reportees' level gain, per reportee.
- department.headcount: active officials in the department and beneath it.
- department.plan_compliance: its officials' plan items on time / plan items.
- department.coverage_at_level: of (official, competency required by their position's FRAC) pairs,
  the share where the official's passbook level reaches the required level.
- department.hours_per_official, department.completions_per_official: learner hours and
  completions of its officials / headcount.
- department.certificates: credentials issued to its officials in Y and not revoked.
- peer_group.*: the same per designation across departments (hours and completions per official,
  coverage at level, plan compliance).
- provider.enrolments, provider.completion_rate (completed / enrolled, of enrolments begun in Y),
  provider.mean_rating (stars, of ratings given in Y), provider.nps (% 5-star less % of 1-3 stars),
  provider.gap_closure (of completions in Y, the share of courses building a competency the
  learner's position requires).
- platform.active_users (officials with an enrolment begun or completed in Y),
  platform.statements_per_day (statements stored in Y / days of Y so far), platform.median_days_to_complete.
"""

from __future__ import annotations

import statistics
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from karmayogi.lms.orm import (
    CapacityBuildingPlan,
    Course,
    CourseCompetency,
    CourseRating,
    Enrolment,
    EvidenceRecord,
    IssuedCredential,
    Organisation,
    PlanAssignment,
    Position,
    PositionRole,
    ProfileLine,
    Provider,
    Requirement,
    User,
    XapiStatement,
)

REGISTRY_VERSION = "1"
SUBJECTS = ("learner", "supervisor", "department", "peer_group", "provider", "platform")

Value = tuple[str, uuid.UUID | None, float]  # subject id, the department it belongs to (None: shared), value


@dataclass
class Context:
    """One computation: the session, the year, and what several metrics share (computed once)."""

    session: Session
    year: int
    memo: dict[str, object] = field(default_factory=dict)

    @property
    def start(self) -> datetime:
        return datetime(self.year, 1, 1, tzinfo=UTC)

    @property
    def end(self) -> datetime:
        return datetime(self.year + 1, 1, 1, tzinfo=UTC)

    def shared(self, key: str, make: Callable[[], object]) -> object:
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]


@dataclass(frozen=True)
class Metric:
    name: str
    subject: str
    unit: str
    definition: str
    compute: Callable[[Context], Iterable[Value]]


def _departments(ctx: Context) -> dict[uuid.UUID, uuid.UUID]:
    """Each organisation's department: itself if a department, else the nearest department above."""

    def make() -> dict[uuid.UUID, uuid.UUID]:
        rows = ctx.session.execute(select(Organisation.id, Organisation.kind, Organisation.path)).all()
        kinds = {r.id: r.kind for r in rows}
        found = {}
        for r in rows:
            chain = [uuid.UUID(p) for p in r.path.strip("/").split("/")]
            departments = [o for o in chain if kinds.get(o) == "department"]
            found[r.id] = departments[-1] if departments else chain[-1]
        return found

    return ctx.shared("departments", make)  # type: ignore[return-value]


def _officials(ctx: Context) -> dict[uuid.UUID, tuple[uuid.UUID, str, uuid.UUID | None]]:
    """Active officials: (department, designation or "", supervisor)."""

    def make() -> dict[uuid.UUID, tuple[uuid.UUID, str, uuid.UUID | None]]:
        departments = _departments(ctx)
        rows = ctx.session.execute(
            select(User.id, User.organisation_id, User.supervisor_id, Position.designation)
            .outerjoin(Position, Position.id == User.position_id)
            .where(User.is_active.is_(True))
        )
        return {r.id: (departments[r.organisation_id], r.designation or "", r.supervisor_id) for r in rows}

    return ctx.shared("officials", make)  # type: ignore[return-value]


def _per_user(ctx: Context, key: str, query: object) -> dict[uuid.UUID, float]:
    def make() -> dict[uuid.UUID, float]:
        return {user_id: float(value or 0) for user_id, value in ctx.session.execute(query)}  # type: ignore[arg-type]

    return ctx.shared(key, make)  # type: ignore[return-value]


def _enrolments(ctx: Context) -> dict[uuid.UUID, float]:
    return _per_user(
        ctx,
        "enrolments",
        select(Enrolment.user_id, func.count())
        .where(Enrolment.enrolled_at >= ctx.start, Enrolment.enrolled_at < ctx.end)
        .group_by(Enrolment.user_id),
    )


def _completed(ctx: Context) -> Iterable[object]:
    return (
        Enrolment.status == "completed",
        Enrolment.completed_at >= ctx.start,
        Enrolment.completed_at < ctx.end,
    )


def _completions(ctx: Context) -> dict[uuid.UUID, float]:
    return _per_user(
        ctx,
        "completions",
        select(Enrolment.user_id, func.count()).where(*_completed(ctx)).group_by(Enrolment.user_id),
    )


def _hours(ctx: Context) -> dict[uuid.UUID, float]:
    return _per_user(
        ctx,
        "hours",
        select(Enrolment.user_id, func.sum(Course.learning_hours))
        .join(Course, Course.id == Enrolment.course_id)
        .where(*_completed(ctx))
        .group_by(Enrolment.user_id),
    )


def _level_gain(ctx: Context) -> dict[uuid.UUID, float]:
    before = (
        select(
            EvidenceRecord.user_id,
            EvidenceRecord.competency_id,
            func.max(EvidenceRecord.level).label("level"),
        )
        .where(EvidenceRecord.recorded_at < ctx.start)
        .group_by(EvidenceRecord.user_id, EvidenceRecord.competency_id)
        .subquery()
    )
    after = (
        select(
            EvidenceRecord.user_id,
            EvidenceRecord.competency_id,
            func.max(EvidenceRecord.level).label("level"),
        )
        .where(EvidenceRecord.recorded_at < ctx.end)
        .group_by(EvidenceRecord.user_id, EvidenceRecord.competency_id)
        .subquery()
    )
    gain = after.c.level - func.coalesce(before.c.level, 0)
    return _per_user(
        ctx,
        "level_gain",
        select(after.c.user_id, func.sum(case((gain > 0, gain), else_=0)))
        .outerjoin(
            before, and_(before.c.user_id == after.c.user_id, before.c.competency_id == after.c.competency_id)
        )
        .group_by(after.c.user_id),
    )


def _plan_items(ctx: Context) -> dict[uuid.UUID, tuple[int, int]]:
    """Per official: (plan items that apply to them, those completed by the due date)."""

    def make() -> dict[uuid.UUID, tuple[int, int]]:
        s = ctx.session
        dept = aliased(Organisation)
        home = aliased(Organisation)
        live = (CapacityBuildingPlan.year == ctx.year, CapacityBuildingPlan.state == "live")
        by_target = (
            select(User.id.label("user_id"), PlanAssignment.course_id, PlanAssignment.due_on)
            .select_from(PlanAssignment)
            .join(CapacityBuildingPlan, CapacityBuildingPlan.id == PlanAssignment.plan_id)
            .join(dept, dept.id == CapacityBuildingPlan.organisation_id)
            .join(home, home.path.like(dept.path + literal("%")))
            .join(User, User.organisation_id == home.id)
            .outerjoin(Position, Position.id == User.position_id)
            .where(
                *live,
                User.is_active.is_(True),
                or_(
                    PlanAssignment.target_kind == "everyone",
                    and_(
                        PlanAssignment.target_kind == "designation",
                        Position.designation == PlanAssignment.designation,
                    ),
                ),
            )
        )
        items: dict[tuple[uuid.UUID, uuid.UUID], object] = {}
        for user_id, course_id, due in s.execute(by_target):
            items[(user_id, course_id)] = min(due, items.get((user_id, course_id), due))  # type: ignore[type-var]
        named = s.execute(
            select(PlanAssignment.member_ids, PlanAssignment.course_id, PlanAssignment.due_on)
            .join(CapacityBuildingPlan, CapacityBuildingPlan.id == PlanAssignment.plan_id)
            .where(*live, PlanAssignment.target_kind.in_(("official", "group")))
        )
        officials = _officials(ctx)
        for members, course_id, due in named:
            for m in members:
                user_id = uuid.UUID(m)
                if user_id in officials:
                    items[(user_id, course_id)] = min(due, items.get((user_id, course_id), due))  # type: ignore[type-var]
        done: dict[tuple[uuid.UUID, uuid.UUID], datetime] = {}
        users = list({u for u, _ in items})
        for start in range(0, len(users), 5_000):
            for user_id, course_id, completed_at in s.execute(
                select(Enrolment.user_id, Enrolment.course_id, Enrolment.completed_at).where(
                    Enrolment.user_id.in_(users[start : start + 5_000]), Enrolment.status == "completed"
                )
            ):
                done[(user_id, course_id)] = completed_at
        counts: dict[uuid.UUID, list[int]] = defaultdict(lambda: [0, 0])
        for (user_id, course_id), due in items.items():
            counts[user_id][0] += 1
            finished = done.get((user_id, course_id))
            if finished is not None and finished.date() <= due:  # type: ignore[operator]
                counts[user_id][1] += 1
        return {u: (c[0], c[1]) for u, c in counts.items()}

    return ctx.shared("plan_items", make)  # type: ignore[return-value]


def _coverage(ctx: Context) -> dict[uuid.UUID, tuple[int, int]]:
    """Per official: (required competencies, those at the required level)."""

    def make() -> dict[uuid.UUID, tuple[int, int]]:
        required = (
            select(
                User.id.label("user_id"),
                Requirement.competency_id,
                func.max(Requirement.level).label("level"),
            )
            .join(PositionRole, PositionRole.position_id == User.position_id)
            .join(Requirement, Requirement.role_id == PositionRole.role_id)
            .where(User.is_active.is_(True))
            .group_by(User.id, Requirement.competency_id)
            .subquery()
        )
        rows = ctx.session.execute(
            select(
                required.c.user_id,
                func.count(),
                func.sum(case((func.coalesce(ProfileLine.level, 0) >= required.c.level, 1), else_=0)),
            )
            .outerjoin(
                ProfileLine,
                and_(
                    ProfileLine.user_id == required.c.user_id,
                    ProfileLine.competency_id == required.c.competency_id,
                ),
            )
            .group_by(required.c.user_id)
        )
        return {u: (int(n), int(met or 0)) for u, n, met in rows}

    return ctx.shared("coverage", make)  # type: ignore[return-value]


def _certificates(ctx: Context) -> dict[uuid.UUID, float]:
    return _per_user(
        ctx,
        "certificates",
        select(IssuedCredential.holder_id, func.count())
        .where(
            IssuedCredential.issued_at >= ctx.start,
            IssuedCredential.issued_at < ctx.end,
            IssuedCredential.revoked_at.is_(None),
        )
        .group_by(IssuedCredential.holder_id),
    )


def _learner(source: Callable[[Context], dict[uuid.UUID, float]]) -> Callable[[Context], Iterable[Value]]:
    def compute(ctx: Context) -> Iterable[Value]:
        officials = _officials(ctx)
        return [(str(u), officials[u][0], v) for u, v in source(ctx).items() if u in officials]

    return compute


def _items(index: int) -> Callable[[Context], dict[uuid.UUID, float]]:
    return lambda ctx: {u: float(pair[index]) for u, pair in _plan_items(ctx).items()}


def _group(
    ctx: Context, by: Callable[[tuple[uuid.UUID, str, uuid.UUID | None]], object]
) -> dict[object, list[uuid.UUID]]:
    groups: dict[object, list[uuid.UUID]] = defaultdict(list)
    for user_id, official in _officials(ctx).items():
        key = by(official)
        if key:
            groups[key].append(user_id)
    return groups


def _ratio(pairs: Iterable[tuple[int, int]]) -> float | None:
    total = done = 0
    for n, met in pairs:
        total, done = total + n, done + met
    return done / total if total else None


def _rollup(
    by: Callable[[tuple[uuid.UUID, str, uuid.UUID | None]], object],
    measure: Callable[[Context, list[uuid.UUID]], float | None],
    department_of: Callable[[object], uuid.UUID | None],
) -> Callable[[Context], Iterable[Value]]:
    def compute(ctx: Context) -> Iterable[Value]:
        out = []
        for key, members in sorted(_group(ctx, by).items(), key=lambda kv: str(kv[0])):
            value = measure(ctx, members)
            if value is not None:
                out.append((str(key), department_of(key), value))
        return out

    return compute


def _per_official(
    source: Callable[[Context], dict[uuid.UUID, float]],
) -> Callable[[Context, list[uuid.UUID]], float]:
    def measure(ctx: Context, members: list[uuid.UUID]) -> float:
        values = source(ctx)
        return sum(values.get(u, 0.0) for u in members) / len(members)

    return measure


def _compliance(ctx: Context, members: list[uuid.UUID]) -> float | None:
    items = _plan_items(ctx)
    return _ratio(items[u] for u in members if u in items)


def _coverage_of(ctx: Context, members: list[uuid.UUID]) -> float | None:
    cov = _coverage(ctx)
    return _ratio(cov[u] for u in members if u in cov)


def _count(ctx: Context, members: list[uuid.UUID]) -> float:
    return float(len(members))


def _total(
    source: Callable[[Context], dict[uuid.UUID, float]],
) -> Callable[[Context, list[uuid.UUID]], float]:
    def measure(ctx: Context, members: list[uuid.UUID]) -> float:
        values = source(ctx)
        return float(sum(values.get(u, 0.0) for u in members))

    return measure


def _department(official: tuple[uuid.UUID, str, uuid.UUID | None]) -> object:
    return official[0]


def _designation(official: tuple[uuid.UUID, str, uuid.UUID | None]) -> object:
    return official[1]


def _supervisor(official: tuple[uuid.UUID, str, uuid.UUID | None]) -> object:
    return official[2]


def _own(key: object) -> uuid.UUID | None:
    return key if isinstance(key, uuid.UUID) else None


def _none(key: object) -> None:
    return None


def _supervisor_department(ctx: Context) -> Callable[[object], uuid.UUID | None]:
    return lambda key: _officials(ctx).get(key, (None,))[0]  # type: ignore[arg-type,return-value]


def _supervised(
    measure: Callable[[Context, list[uuid.UUID]], float | None],
) -> Callable[[Context], Iterable[Value]]:
    def compute(ctx: Context) -> Iterable[Value]:
        return _rollup(_supervisor, measure, _supervisor_department(ctx))(ctx)

    return compute


def _providers(ctx: Context) -> dict[uuid.UUID, dict[str, float]]:
    def make() -> dict[uuid.UUID, dict[str, float]]:
        s = ctx.session
        found: dict[uuid.UUID, dict[str, float]] = defaultdict(dict)
        for provider, enrolled, completed in s.execute(
            select(
                Provider.id,
                func.count(),
                func.sum(case((Enrolment.status == "completed", 1), else_=0)),
            )
            .join(Course, Course.provider_id == Provider.id)
            .join(Enrolment, Enrolment.course_id == Course.id)
            .where(Enrolment.enrolled_at >= ctx.start, Enrolment.enrolled_at < ctx.end)
            .group_by(Provider.id)
        ):
            found[provider].update(enrolments=enrolled, completion_rate=(completed or 0) / enrolled)
        for provider, n, stars, promoters, detractors in s.execute(
            select(
                Course.provider_id,
                func.count(),
                func.avg(CourseRating.stars),
                func.sum(case((CourseRating.stars == 5, 1), else_=0)),
                func.sum(case((CourseRating.stars <= 3, 1), else_=0)),
            )
            .join(Course, Course.id == CourseRating.course_id)
            .where(CourseRating.rated_at >= ctx.start, CourseRating.rated_at < ctx.end)
            .group_by(Course.provider_id)
        ):
            found[provider].update(
                mean_rating=float(stars), nps=100.0 * ((promoters or 0) - (detractors or 0)) / n
            )
        # (course, position) pairs where the course builds a competency the position requires: a
        # completion closes a gap when its pair is among them (a hash join, not a per-row probe).
        closing = (
            select(CourseCompetency.course_id, PositionRole.position_id)
            .join(Requirement, Requirement.competency_id == CourseCompetency.competency_id)
            .join(PositionRole, PositionRole.role_id == Requirement.role_id)
            .distinct()
            .subquery()
        )
        for provider, completed, closed in s.execute(
            select(Course.provider_id, func.count(), func.count(closing.c.course_id))
            .select_from(Enrolment)
            .join(Course, Course.id == Enrolment.course_id)
            .join(User, User.id == Enrolment.user_id)
            .outerjoin(
                closing,
                and_(closing.c.course_id == Enrolment.course_id, closing.c.position_id == User.position_id),
            )
            .where(*_completed(ctx))
            .group_by(Course.provider_id)
        ):
            found[provider]["gap_closure"] = (closed or 0) / completed
        orgs = dict(s.execute(select(Provider.id, Provider.organisation_id)).all())
        for provider in found:
            found[provider]["organisation_id"] = orgs[provider]  # type: ignore[assignment]
        return found

    return ctx.shared("providers", make)  # type: ignore[return-value]


def _provider(key: str) -> Callable[[Context], Iterable[Value]]:
    def compute(ctx: Context) -> Iterable[Value]:
        return [
            (str(p), values["organisation_id"], values[key])  # type: ignore[misc]
            for p, values in sorted(_providers(ctx).items(), key=lambda kv: str(kv[0]))
            if key in values
        ]

    return compute


def _active_users(ctx: Context) -> Iterable[Value]:
    n = ctx.session.scalar(
        select(func.count(func.distinct(Enrolment.user_id))).where(
            or_(
                and_(Enrolment.enrolled_at >= ctx.start, Enrolment.enrolled_at < ctx.end),
                and_(Enrolment.completed_at >= ctx.start, Enrolment.completed_at < ctx.end),
            )
        )
    )
    return [("platform", None, float(n or 0))]


def _statements_per_day(ctx: Context) -> Iterable[Value]:
    n = ctx.session.scalar(
        select(func.count())
        .select_from(XapiStatement)
        .where(XapiStatement.stored >= ctx.start, XapiStatement.stored < ctx.end)
    )
    today = datetime.now(UTC).date()
    last = min(today, date(ctx.year, 12, 31))
    days = max(1, (last - date(ctx.year, 1, 1)).days + 1)
    return [("platform", None, float(n or 0) / days)]


def _days_to_complete(ctx: Context) -> Iterable[Value]:
    if ctx.session.get_bind().dialect.name == "postgresql":  # the median in the database, not 10^5 rows out
        seconds = func.extract("epoch", Enrolment.completed_at - Enrolment.enrolled_at)
        median = ctx.session.scalar(
            select(func.percentile_cont(0.5).within_group(seconds)).where(*_completed(ctx))
        )
        return [("platform", None, float(median) / 86_400)] if median is not None else []
    rows = ctx.session.execute(select(Enrolment.enrolled_at, Enrolment.completed_at).where(*_completed(ctx)))
    days = [(done - began).total_seconds() / 86_400 for began, done in rows]
    return [("platform", None, statistics.median(days))] if days else []


def _m(
    name: str, subject: str, unit: str, definition: str, compute: Callable[[Context], Iterable[Value]]
) -> Metric:
    return Metric(name, subject, unit, definition, compute)


REGISTRY: dict[str, Metric] = {
    m.name: m
    for m in (
        _m("learner.enrolments", "learner", "count", "enrolments begun in the year", _learner(_enrolments)),
        _m(
            "learner.completions",
            "learner",
            "count",
            "enrolments completed in the year",
            _learner(_completions),
        ),
        _m(
            "learner.hours",
            "learner",
            "hours",
            "stated hours of the courses completed in the year",
            _learner(_hours),
        ),
        _m(
            "learner.level_gain",
            "learner",
            "levels",
            "levels gained over competencies in the year",
            _learner(_level_gain),
        ),
        _m(
            "learner.plan_items",
            "learner",
            "count",
            "live-plan assignments that apply to the official",
            _learner(_items(0)),
        ),
        _m(
            "learner.plan_items_on_time",
            "learner",
            "count",
            "plan assignments completed by their due date",
            _learner(_items(1)),
        ),
        _m(
            "supervisor.team_compliance",
            "supervisor",
            "ratio",
            "reportees' plan items on time / plan items",
            _supervised(_compliance),
        ),
        _m(
            "supervisor.team_level_gain",
            "supervisor",
            "levels",
            "reportees' level gain per reportee",
            _supervised(_per_official(_level_gain)),
        ),
        _m(
            "department.headcount",
            "department",
            "count",
            "active officials in the department and beneath",
            _rollup(_department, _count, _own),
        ),
        _m(
            "department.plan_compliance",
            "department",
            "ratio",
            "plan items on time / plan items",
            _rollup(_department, _compliance, _own),
        ),
        _m(
            "department.coverage_at_level",
            "department",
            "ratio",
            "required competencies held at the required level",
            _rollup(_department, _coverage_of, _own),
        ),
        _m(
            "department.hours_per_official",
            "department",
            "hours",
            "learning hours per official",
            _rollup(_department, _per_official(_hours), _own),
        ),
        _m(
            "department.completions_per_official",
            "department",
            "count",
            "completions per official",
            _rollup(_department, _per_official(_completions), _own),
        ),
        _m(
            "department.certificates",
            "department",
            "count",
            "credentials issued in the year, not revoked",
            _rollup(_department, _total(_certificates), _own),
        ),
        _m(
            "peer_group.hours_per_official",
            "peer_group",
            "hours",
            "learning hours per official of the designation",
            _rollup(_designation, _per_official(_hours), _none),
        ),
        _m(
            "peer_group.completions_per_official",
            "peer_group",
            "count",
            "completions per official of the designation",
            _rollup(_designation, _per_official(_completions), _none),
        ),
        _m(
            "peer_group.coverage_at_level",
            "peer_group",
            "ratio",
            "required competencies at level, by designation",
            _rollup(_designation, _coverage_of, _none),
        ),
        _m(
            "peer_group.plan_compliance",
            "peer_group",
            "ratio",
            "plan items on time, by designation",
            _rollup(_designation, _compliance, _none),
        ),
        _m(
            "provider.enrolments",
            "provider",
            "count",
            "enrolments begun in the year in its courses",
            _provider("enrolments"),
        ),
        _m(
            "provider.completion_rate",
            "provider",
            "ratio",
            "of those enrolments, the share completed",
            _provider("completion_rate"),
        ),
        _m(
            "provider.mean_rating",
            "provider",
            "stars",
            "mean stars of ratings given in the year",
            _provider("mean_rating"),
        ),
        _m(
            "provider.nps",
            "provider",
            "score",
            "% of 5-star ratings less % of 1-3 star ratings",
            _provider("nps"),
        ),
        _m(
            "provider.gap_closure",
            "provider",
            "ratio",
            "completions of courses building a competency the learner's position requires",
            _provider("gap_closure"),
        ),
        _m(
            "platform.active_users",
            "platform",
            "count",
            "officials with an enrolment begun or completed in the year",
            _active_users,
        ),
        _m(
            "platform.statements_per_day",
            "platform",
            "count",
            "xAPI statements stored in the year per day so far",
            _statements_per_day,
        ),
        _m(
            "platform.median_days_to_complete",
            "platform",
            "days",
            "median days from enrolment to completion",
            _days_to_complete,
        ),
    )
}


def evaluate(
    session: Session, year: int, names: Iterable[str], ctx: Context | None = None
) -> list[tuple[str, Value]]:
    ctx = ctx or Context(session, year)
    return [(name, value) for name in names for value in REGISTRY[name].compute(ctx)]
