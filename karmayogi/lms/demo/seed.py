"""`karmayogi demo seed`: a whole civil service in miniature, the same for the same seed.

Every id, date and choice comes from one `random.Random(seed)` and a fixed anchor date, so two
runs with one seed write identical rows. Rows go in with bulk inserts in chunks, which keeps the
`large` scale (100,000 officials, 10,000 courses) within minutes on SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from karmayogi.content.linking import LexicalLinker
from karmayogi.frac import model as frac
from karmayogi.lms.authentication import hash_password
from karmayogi.lms.catalogue.embeddings import changed
from karmayogi.lms.demo import vocabulary as v
from karmayogi.lms.frac.versions import publish
from karmayogi.lms.orm import (
    Activity,
    Competency,
    Course,
    CourseCompetency,
    CourseRating,
    CourseVersion,
    DesignationMandate,
    Enrolment,
    Grant,
    Organisation,
    Position,
    PositionRole,
    ProbationRuleSet,
    Provider,
    Requirement,
    Role,
    User,
    Vacancy,
)
from karmayogi.lms.orm.catalogue import CONTENT_FIELDS
from karmayogi.lms.permissions import Role as AccessRole

ANCHOR = datetime(2026, 10, 1, tzinfo=UTC)
DEMO_PASSWORD = "karmayogi-demo"
DEMO_DOMAIN = "karmayogi.example"
CHUNK = 5_000


@dataclass(frozen=True)
class Scale:
    learners: int
    courses: int
    organisations_per_department: int
    max_enrolments: int


SCALES = {
    "small": Scale(learners=400, courses=240, organisations_per_department=2, max_enrolments=6),
    "medium": Scale(learners=10_000, courses=2_000, organisations_per_department=4, max_enrolments=8),
    "large": Scale(learners=100_000, courses=10_000, organisations_per_department=6, max_enrolments=8),
}

# Suggestions the linker makes for each demo course.
SUGGESTIONS = 3

Progress = Callable[[str, int], Callable[[int], None]]
"""Called with a stage name and its row count; returns a function to call with rows written."""


def _no_progress(_stage: str, _total: int) -> Callable[[int], None]:
    return lambda _n: None


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: str
    organisation: str


@dataclass
class SeedReport:
    counts: dict[str, int] = field(default_factory=dict)
    accounts: list[DemoAccount] = field(default_factory=list)
    # Courses whose own competency was among the linker's suggestions, so the reviewer confirmed it.
    suggestions_confirmed: int = 0


class DatabaseNotEmpty(Exception):
    """Seeding adds a whole service; it is refused on a database that already holds organisations."""


def is_empty(session: Session) -> bool:
    return session.scalar(select(Organisation.id).limit(1)) is None


def seed(
    session: Session, scale: str = "small", seed: int = 7, progress: Progress = _no_progress
) -> SeedReport:
    if not is_empty(session):
        raise DatabaseNotEmpty("the database already holds organisations; seed an empty database")
    return _Seeder(session, SCALES[scale], seed, progress).run()


@dataclass(frozen=True)
class CourseText:
    title: str
    summary: str
    description: str
    mode: str
    level: int
    hours: int


def write_course(rng: random.Random, spec: v.CompetencySpec, provider: str) -> CourseText:
    """A course on `spec` as a provider would describe it; also used to make benchmark catalogues."""
    title_pattern, summary_pattern, mode = rng.choice(v.COURSE_FORMATS)
    level = rng.choices([1, 2, 3, 4], weights=[4, 4, 2, 1])[0]
    words = {
        "topic": rng.choice(spec.topics),
        "competency": spec.name,
        "level_name": frac.DEFAULT_SCALE.levels[level - 1].name.lower(),
        "audience": rng.choice(v.AUDIENCES),
        "provider": provider,
    }
    hours = rng.choice(
        {"online": [1, 2, 3, 4, 6, 8], "onsite": [12, 18, 24, 30], "blended": [10, 16, 20, 40]}[mode]
    )
    return CourseText(
        title=title_pattern.format(**words)[:300],
        summary=summary_pattern.format(**words),
        description=" ".join(s.format(**words) for s in rng.sample(v.DESCRIPTION_SENTENCES, 4)),
        mode=mode,
        level=level,
        hours=hours,
    )


class _Seeder:
    def __init__(self, session: Session, scale: Scale, seed: int, progress: Progress) -> None:
        self.session = session
        self.scale = scale
        self.rng = random.Random(seed)
        self.progress = progress
        self.report = SeedReport()
        salt = hashlib.sha256(f"karmayogi-demo:{seed}".encode()).digest()[:16]
        self.password_hash = hash_password(DEMO_PASSWORD, salt=salt)
        self.rows: dict[type[Any], list[dict[str, Any]]] = {}

    # -- helpers -------------------------------------------------------------------------------

    def uid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def add(self, table: type[Any], **row: Any) -> uuid.UUID:
        row.setdefault("id", self.uid())
        self.rows.setdefault(table, []).append(row)
        return row["id"]  # type: ignore[no-any-return]

    def days_ago(self, low: int, high: int) -> datetime:
        return ANCHOR - timedelta(days=self.rng.randint(low, high), minutes=self.rng.randint(0, 1439))

    def flush(self, tables: Iterable[type[Any]]) -> None:
        """Bulk-insert the collected rows of `tables`, parents first, in chunks."""
        for table in tables:
            rows = self.rows.pop(table, [])
            name = table.__tablename__
            self.report.counts[name] = self.report.counts.get(name, 0) + len(rows)
            advance = self.progress(name, len(rows))
            for start in range(0, len(rows), CHUNK):
                chunk = rows[start : start + CHUNK]
                self.session.execute(insert(table), chunk)
                advance(len(chunk))

    # -- the service ---------------------------------------------------------------------------

    def run(self) -> SeedReport:
        self.organisations()
        self.frac()
        self.flush([Organisation, Competency, Role, Activity, Requirement, Position, PositionRole])
        # The demo FRAC arrives verified and published; course tags name the version they were made against.
        version = publish(self.session, None, "National FRAC (demo)")
        version.published_at = ANCHOR - timedelta(days=750)
        self.frac_version = version.number
        self.catalogue()
        self.flush([Organisation, Provider, Course, CourseVersion])
        self.mandates()
        self.flush([DesignationMandate])
        self.officials()
        self.flush([User, Grant])
        for tag in self.rows.get(CourseCompetency, []):  # confirmed by the provider's reviewer
            if tag["status"] == "confirmed":
                tag["confirmed_by"] = self.reviewers[tag.pop("provider_organisation")]
            else:
                tag.pop("provider_organisation")
        self.flush([CourseCompetency])
        changed(self.session)  # a running server's warm indexes see the new catalogue
        self.histories()
        self.hr_work()
        self.flush([Enrolment, CourseRating, ProbationRuleSet, Vacancy])
        return self.report

    def organisation(
        self, kind: str, name: str, code: str | None, parent: dict[str, Any] | None
    ) -> dict[str, Any]:
        org_id = self.uid()
        path = f"{parent['path'] if parent else '/'}{org_id}/"
        self.add(
            Organisation,
            id=org_id,
            kind=kind,
            name=name,
            code=code,
            parent_id=parent["id"] if parent else None,
            path=path,
            created_at=ANCHOR - timedelta(days=900),
        )
        return {"id": org_id, "path": path, "name": name}

    def organisations(self) -> None:
        self.departments: list[tuple[v.DepartmentSpec, dict[str, Any], list[dict[str, Any]]]] = []
        for ministry in v.MINISTRIES:
            m = self.organisation("ministry", ministry.name, ministry.code, None)
            for dept in ministry.departments:
                d = self.organisation("department", dept.name, dept.code, m)
                offices = [
                    self.organisation("organisation", name, None, d)
                    for name in dept.organisations[: self.scale.organisations_per_department]
                ]
                self.departments.append((dept, d, offices))
        # Karmayogi Bharat, the platform's operator, sits under DoPT; providers are registered beneath it.
        self.host = next(
            (d for spec, d, _ in self.departments if spec.code == "DOPT"), self.departments[0][1]
        )
        self.marketplace = self.organisation(
            "organisation", "Karmayogi Bharat Content Marketplace", "KBM", self.host
        )

    def competency(self, spec: v.CompetencySpec, organisation_id: uuid.UUID | None) -> uuid.UUID:
        return self.add(
            Competency,
            organisation_id=organisation_id,
            name=spec.name,
            type=spec.type,
            area=spec.area,
            theme=spec.theme,
            sub_theme=spec.sub_theme,
            description=spec.description,
            status="verified",
            created_at=ANCHOR - timedelta(days=800),
        )

    def role(
        self, spec: v.RoleSpec, organisation_id: uuid.UUID | None, competencies: dict[str, uuid.UUID]
    ) -> uuid.UUID:
        role_id = self.add(
            Role,
            organisation_id=organisation_id,
            name=spec.name,
            description=spec.description,
            status="verified",
        )
        for name, level, weight in spec.requirements:
            self.requirement(competencies[name], level, weight, role_id=role_id)
        for activity in spec.activities:
            activity_id = self.add(Activity, role_id=role_id, description=activity.description)
            for name, level, weight in activity.requirements:
                self.requirement(competencies[name], level, weight, activity_id=activity_id)
        return role_id

    def requirement(
        self,
        competency_id: uuid.UUID,
        level: int,
        weight: float,
        role_id: uuid.UUID | None = None,
        activity_id: uuid.UUID | None = None,
    ) -> None:
        self.add(
            Requirement,
            role_id=role_id,
            activity_id=activity_id,
            competency_id=competency_id,
            level=level,
            weight=weight,
        )

    def frac(self) -> None:
        shared = {
            c.name: self.competency(c, None) for c in v.BEHAVIOURAL_COMPETENCIES + v.FUNCTIONAL_COMPETENCIES
        }
        common_roles = {r.name: self.role(r, None, shared) for r in v.COMMON_ROLES}
        # (competency id, spec) pairs that courses can be written for, and positions officials can hold
        self.course_subjects: list[tuple[uuid.UUID, v.CompetencySpec]] = [
            (shared[c.name], c) for c in v.BEHAVIOURAL_COMPETENCIES + v.FUNCTIONAL_COMPETENCIES
        ]
        self.positions: dict[uuid.UUID, list[tuple[uuid.UUID, v.DesignationSpec]]] = {}
        for dept, d, offices in self.departments:
            domain = {c.name: self.competency(c, d["id"]) for c in dept.domain_competencies}
            self.course_subjects += [(domain[c.name], c) for c in dept.domain_competencies]
            roles = dict(common_roles)
            roles.update({r.name: self.role(r, d["id"], shared | domain) for r in dept.roles})
            for office in offices:
                self.positions[office["id"]] = []
                for designation in v.COMMON_DESIGNATIONS + dept.designations:
                    position_id = self.add(
                        Position,
                        organisation_id=office["id"],
                        designation=designation.title,
                        grade=designation.grade,
                        pay_level=designation.pay_level,
                        description=f"{designation.title}, {office['name']}",
                        status="verified",
                    )
                    for role_name in designation.roles:
                        self.rows.setdefault(PositionRole, []).append(
                            {"position_id": position_id, "role_id": roles[role_name]}
                        )
                    self.positions[office["id"]].append((position_id, designation))

    def catalogue(self) -> None:
        self.providers: list[tuple[uuid.UUID, uuid.UUID, v.ProviderSpec]] = []
        self.reviewers: dict[uuid.UUID, uuid.UUID] = {}  # provider organisation → its demo reviewer
        for spec in v.PROVIDERS:
            org = self.organisation("organisation", spec.name, None, self.marketplace)
            provider_id = self.add(
                Provider,
                organisation_id=org["id"],
                name=spec.name,
                type=spec.type,
                accreditation=spec.accreditation,
                contact_email=spec.contact_email,
            )
            self.providers.append((provider_id, org["id"], spec))
        self.published: list[uuid.UUID] = []
        self.linker = LexicalLinker(
            [
                frac.Competency(ident, c.name, frac.CompetencyType(c.type), c.description)
                for ident, c in self.course_subjects
            ]
        )
        for _ in range(self.scale.courses):
            self.course(self.rng.choice(self.course_subjects))

    def course(self, subject: tuple[uuid.UUID, v.CompetencySpec]) -> None:
        rng = self.rng
        competency_id, spec = subject
        provider_id, provider_org, provider = rng.choice(self.providers)
        text = write_course(rng, spec, provider.name)
        level, mode = text.level, text.mode
        status = rng.choices(["published", "draft", "in_review", "retired"], weights=[88, 5, 4, 3])[0]
        created = self.days_ago(60, 900)
        paid = provider.type in ("startup", "individual_expert") and rng.random() < 0.6
        course_id = self.add(
            Course,
            provider_id=provider_id,
            organisation_id=provider_org,
            title=text.title,
            summary=text.summary,
            description=text.description,
            learning_hours=float(text.hours),
            language=rng.choices(v.LANGUAGES, weights=[70, 20] + [2] * (len(v.LANGUAGES) - 2))[0],
            mode=mode,
            status=status,
            price_paise=rng.choice([49_900, 99_900, 2_49_900]) if paid else 0,
            created_at=created,
            published_at=created + timedelta(days=rng.randint(5, 40))
            if status in ("published", "retired")
            else None,
        )
        row = self.rows[Course][-1]
        self.rows.setdefault(CourseVersion, []).append(
            {
                "course_id": course_id,
                "number": 1,
                "status": "published" if status == "retired" else status,
                "created_at": created,
                "published_at": row["published_at"],
                **{field: row[field] for field in CONTENT_FIELDS if field in row},
            }
        )
        # Tagged through the suggestion flow: the linker suggests, the provider's reviewer confirms
        # the competency the course was written on, adding it by hand when the linker missed it.
        links = self.linker.rank(f"{text.title}. {text.summary} {text.description}", SUGGESTIONS)
        self.report.suggestions_confirmed += any(link.competency_id == competency_id for link in links)
        tags = {link.competency_id: link.score for link in links}
        tags.setdefault(competency_id, None)
        for tagged, score in tags.items():
            confirmed = tagged == competency_id
            self.rows.setdefault(CourseCompetency, []).append(
                {
                    "course_id": course_id,
                    "competency_id": tagged,
                    "level": level,
                    "status": "confirmed" if confirmed else "suggested",
                    "score": score,
                    "frac_version": self.frac_version,
                    "confirmed_by": None,
                    "confirmed_at": created + timedelta(days=2) if confirmed else None,
                    "provider_organisation": provider_org,
                }
            )
        if status == "published":
            self.published.append(course_id)

    def mandates(self) -> None:
        """Each department mandates two published courses for three of the common designations."""
        rng = self.rng
        designations = [d.title for d in v.COMMON_DESIGNATIONS[:3]]
        for _spec, department, _offices in self.departments:
            for designation in designations:
                for course_id in rng.sample(self.published, min(2, len(self.published))):
                    self.add(
                        DesignationMandate,
                        organisation_id=department["id"],
                        designation=designation,
                        course_id=course_id,
                        due_on=(ANCHOR + timedelta(days=rng.randint(60, 240))).date(),
                    )

    def person(self, used: set[str]) -> tuple[str, str]:
        """A name and an email that no one else in the seed has."""
        while True:
            first, last = self.rng.choice(v.FIRST_NAMES), self.rng.choice(v.LAST_NAMES)
            stem = f"{first}.{last}".lower().replace(" ", "")
            email = f"{stem}@{DEMO_DOMAIN}"
            n = 1
            while email in used:
                n += 1
                email = f"{stem}{n}@{DEMO_DOMAIN}"
            used.add(email)
            return f"{first} {last}", email

    def official(self, **fields: Any) -> uuid.UUID:
        fields.setdefault("password_hash", self.password_hash)
        fields.setdefault("is_active", True)
        fields.setdefault("position_id", None)
        fields.setdefault("service", None)
        fields.setdefault("cadre", None)
        fields.setdefault("supervisor_id", None)
        fields.setdefault("date_of_joining", None)
        fields.setdefault("probation_status", "not_applicable")
        fields.setdefault("probation_end_date", None)
        fields.setdefault("created_at", ANCHOR - timedelta(days=700))
        return self.add(User, **fields)

    def grant(self, user_id: uuid.UUID, role: AccessRole, organisation_id: uuid.UUID | None) -> None:
        self.add(
            Grant,
            user_id=user_id,
            role=role.value,
            organisation_id=organisation_id,
            granted_by=None,
            created_at=ANCHOR - timedelta(days=650),
        )

    def account(
        self, organisation: dict[str, Any], role: AccessRole, email: str, name: str, scope: uuid.UUID | None
    ) -> uuid.UUID:
        """A named demo account, listed at the end of the seed so a newcomer can sign in."""
        user_id = self.official(organisation_id=organisation["id"], email=email, full_name=name)
        self.grant(user_id, role, scope)
        self.report.accounts.append(DemoAccount(email, role.value, organisation["name"]))
        return user_id

    def officials(self) -> None:
        rng = self.rng
        used: set[str] = set()
        host = self.host
        self.account(host, AccessRole.PLATFORM_ADMIN, f"admin@{DEMO_DOMAIN}", "Platform Administrator", None)
        self.account(
            host, AccessRole.COMMISSION_ADMIN, f"commission@{DEMO_DOMAIN}", "Commission Member", None
        )
        self.hr_cells: dict[uuid.UUID, uuid.UUID] = {}  # department → its demo HR cell
        for dept, d, _offices in self.departments:
            code = dept.code.lower()
            self.hr_cells[d["id"]] = self.account(
                d, AccessRole.HR_CELL, f"hr.{code}@{DEMO_DOMAIN}", f"HR Cell, {dept.code}", d["id"]
            )
            self.account(
                d,
                AccessRole.FRAC_REVIEWER_L1,
                f"frac1.{code}@{DEMO_DOMAIN}",
                f"FRAC Reviewer L1, {dept.code}",
                d["id"],
            )
            self.account(
                d,
                AccessRole.FRAC_REVIEWER_L2,
                f"frac2.{code}@{DEMO_DOMAIN}",
                f"FRAC Reviewer L2, {dept.code}",
                d["id"],
            )
        for i, (_, org_id, spec) in enumerate(self.providers):
            org = {"id": org_id, "name": spec.name}
            self.account(
                org,
                AccessRole.CONTENT_CREATOR,
                f"creator{i + 1}@{DEMO_DOMAIN}",
                f"Content Creator, {spec.name}",
                org_id,
            )
            self.reviewers[org_id] = self.account(
                org,
                AccessRole.CONTENT_REVIEWER,
                f"reviewer{i + 1}@{DEMO_DOMAIN}",
                f"Content Reviewer, {spec.name}",
                org_id,
            )

        offices = [(dept, office) for dept, _d, offs in self.departments for office in offs]
        learners: list[dict[str, Any]] = []
        for n in range(self.scale.learners):
            dept, office = offices[n % len(offices)]
            position_id, designation = rng.choice(self.positions[office["id"]])
            joined = (ANCHOR - timedelta(days=rng.randint(30, 33 * 365))).date()
            status, probation_end = self.probation(joined)
            service = rng.choice(dept.services)
            all_india = service.startswith(("Indian Administrative", "Indian Police", "Indian Forest"))
            name, email = self.person(used)
            if n < len(offices):  # one easy-to-remember learner in each office
                email = f"learner{n + 1}@{DEMO_DOMAIN}"
                self.report.accounts.append(DemoAccount(email, "learner", office["name"]))
            learners.append(
                {
                    "id": self.uid(),
                    "organisation_id": office["id"],
                    "email": email,
                    "full_name": name,
                    "position_id": position_id,
                    "service": service,
                    "cadre": rng.choice(v.ALL_INDIA_SERVICE_CADRES) if all_india else None,
                    "date_of_joining": joined,
                    "probation_status": status,
                    "probation_end_date": probation_end,
                    "pay_level": designation.pay_level,
                    "created_at": max(datetime.combine(joined, time(), UTC), ANCHOR - timedelta(days=700)),
                }
            )
        self.assign_supervisors(learners)
        # Supervisors (higher pay level) are written before the officials they supervise.
        learners.sort(key=lambda row: -row["pay_level"])
        for row in learners:
            row.pop("pay_level")
            self.official(**row)
            self.grant(row["id"], AccessRole.LEARNER, row["organisation_id"])
        self.learners = learners

    def hr_work(self) -> None:
        """Per department: confirmation rules for each service of its officials on probation (the
        onboarding course some of them finished, so some meet the rules and some do not), and one open
        vacancy, so an HR cell can run every flow on the demo."""
        completed: dict[uuid.UUID, set[uuid.UUID]] = {}
        for row in self.rows.get(Enrolment, []):
            if row["status"] == "completed":
                completed.setdefault(row["user_id"], set()).add(row["course_id"])
        for _spec, d, offices in self.departments:
            hr = self.hr_cells[d["id"]]
            office_ids = {office["id"] for office in offices}
            waiting = [
                r
                for r in self.learners
                if r["organisation_id"] in office_ids
                and r["probation_status"] in ("on_probation", "extended")
            ]
            counts: dict[uuid.UUID, int] = {}
            for r in waiting:
                for course_id in completed.get(r["id"], ()):
                    counts[course_id] = counts.get(course_id, 0) + 1
            onboarding = sorted(counts, key=lambda c: (-counts[c], str(c)))[:1]
            for service in sorted({r["service"] for r in waiting}):
                self.add(
                    ProbationRuleSet,
                    organisation_id=d["id"],
                    service=service,
                    cadre="",
                    version=1,
                    rules={
                        "onboarding_course_ids": [str(c) for c in onboarding],
                        "mandatory_course_ids": [],
                        "competencies": [],
                        "supervisor_assessment": False,
                        "minimum_months": 12,
                        "extension_months": 6,
                    },
                    created_by=hr,
                    created_at=ANCHOR - timedelta(days=60),
                )
            office = offices[0]
            position_id, _designation = self.rng.choice(self.positions[office["id"]])
            self.add(
                Vacancy,
                position_id=position_id,
                organisation_id=office["id"],
                pay_levels=[],
                services=[],
                not_on_probation=True,
                min_tenure_months=None,
                max_tenure_months=None,
                status="open",
                opened_by=hr,
                opened_at=ANCHOR - timedelta(days=5),
            )

    def probation(self, joined: date) -> tuple[str, date | None]:
        end = joined + timedelta(days=730)
        if end > ANCHOR.date():
            return "on_probation", end
        if end > ANCHOR.date() - timedelta(days=180) and self.rng.random() < 0.15:
            return "extended", end + timedelta(days=365)
        return "confirmed", end

    def assign_supervisors(self, learners: list[dict[str, Any]]) -> None:
        """Each official reports to someone in the same office at a higher pay level, where there is one."""
        by_office: dict[uuid.UUID, list[dict[str, Any]]] = {}
        for row in learners:
            by_office.setdefault(row["organisation_id"], []).append(row)
        supervisors: set[tuple[uuid.UUID, uuid.UUID]] = set()
        for office_id, rows in by_office.items():
            levels = sorted({r["pay_level"] for r in rows})
            at_level = {lvl: [r for r in rows if r["pay_level"] == lvl] for lvl in levels}
            for row in rows:
                higher = [lvl for lvl in levels if lvl > row["pay_level"]]
                if higher:
                    boss = self.rng.choice(at_level[higher[0]])
                    row["supervisor_id"] = boss["id"]
                    supervisors.add((boss["id"], office_id))
        for boss_id, office_id in sorted(supervisors):
            self.grant(boss_id, AccessRole.SUPERVISOR, office_id)

    def histories(self) -> None:
        rng = self.rng
        for learner in self.learners:
            k = rng.randint(0, self.scale.max_enrolments)
            for course_id in rng.sample(self.published, min(k, len(self.published))):
                enrolled = max(self.days_ago(1, 720), learner["created_at"])
                status = rng.choices(["completed", "in_progress", "withdrawn"], weights=[60, 35, 5])[0]
                completed = enrolled + timedelta(days=rng.randint(1, 90)) if status == "completed" else None
                if completed and completed > ANCHOR:
                    status, completed = "in_progress", None
                self.add(
                    Enrolment,
                    user_id=learner["id"],
                    course_id=course_id,
                    organisation_id=learner["organisation_id"],
                    status=status,
                    progress=100 if status == "completed" else rng.randint(0, 95),
                    enrolled_at=enrolled,
                    completed_at=completed,
                )
                if completed and rng.random() < 0.3:
                    self.rows.setdefault(CourseRating, []).append(
                        {
                            "course_id": course_id,
                            "user_id": learner["id"],
                            "stars": rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 5, 9, 6])[0],
                            "review": rng.choice(v.REVIEWS),
                            "rated_at": completed + timedelta(days=rng.randint(0, 10)),
                        }
                    )
