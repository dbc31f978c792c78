"""Sevottam in the demo: four offices with services and standards, charters in English and Hindi, a year of
service transactions, grievances written from the labelled sample (some disposed, some overdue and
escalated, one appealed), a self-assessment with one external rating, and the people who work them.

Runs after the main seed, through the same `lms.sevottam` services the portal uses; dates are set back
into the year before the anchor so the dashboards show a year's history.
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.content.linking import CompetencyLinker
from karmayogi.frac.model import Competency as CompetencyModel
from karmayogi.frac.model import CompetencyType
from karmayogi.lms.authentication import user_principal
from karmayogi.lms.demo import vocabulary as v
from karmayogi.lms.frac import linkers
from karmayogi.lms.orm import Grant, GrievanceEvent, Organisation, ServiceTransaction, User
from karmayogi.lms.permissions import Role
from karmayogi.lms.sevottam import assessment, charters, escalation, grievances, linking, services

DOMAIN = "karmayogi.example"
# The accounts a visitor tries first, as shown by `karmayogi demo`.
ACCOUNTS = (
    (f"gro.cpao@{DOMAIN}", "grievance_officer", "Central Pension Accounting Office, New Delhi"),
    (f"pgrc1@{DOMAIN}", "grievance_commission", "Public Grievance Redressal Commission"),
    (f"assessor@{DOMAIN}", "sevottam_assessor", "Department of Administrative Reforms and Public Grievances"),
)


@dataclass(frozen=True)
class Office:
    department: str
    name: str
    code: str
    services: tuple[
        tuple[str, str, str, int, int, tuple[str, ...], str], ...
    ]  # code, en, hi, days, fee, docs, designation


OFFICES = (
    Office(
        "DOE",
        "Central Pension Accounting Office, New Delhi",
        "CPAO",
        (
            (
                "PPO",
                "Issue of pension payment order",
                "पेंशन भुगतान आदेश जारी करना",
                30,
                0,
                ("Form 6", "Service book"),
                "Senior Accountant",
            ),
            ("BILL", "Payment of bills", "बिलों का भुगतान", 7, 0, ("Bill with sanction",), "Senior Accountant"),
        ),
    ),
    Office(
        "CPV",
        "Regional Passport Office, Bengaluru",
        "RPOBLR",
        (
            (
                "PASSPORT",
                "Issue of passport",
                "पासपोर्ट जारी करना",
                21,
                150_000,
                ("Proof of address", "Proof of birth"),
                "Superintendent (Passport)",
            ),
        ),
    ),
    Office(
        "DORD",
        "National Rural Infrastructure Development Agency",
        "NRIDA",
        (
            (
                "WAGES",
                "Wage payment under MGNREGA",
                "मनरेगा के अंतर्गत मजदूरी भुगतान",
                15,
                0,
                ("Job card",),
                "Block Development Officer",
            ),
            (
                "PMAYG",
                "Release of PMAY-G instalment",
                "पीएमएवाई-जी किस्त जारी करना",
                10,
                0,
                ("Geo-tagged photo",),
                "Block Development Officer",
            ),
        ),
    ),
    Office(
        "DOLR",
        "DILRMP Programme Management Unit",
        "DILRMP",
        (
            (
                "MUTATION",
                "Mutation of land records",
                "भूमि अभिलेखों का नामांतरण",
                30,
                2_500,
                ("Death certificate", "Heirship"),
                "Assistant Director (Land Resources)",
            ),
        ),
    ),
)
HOLIDAYS = (
    (date(2025, 10, 2), "Gandhi Jayanti"),
    (date(2025, 10, 20), "Diwali"),
    (date(2025, 12, 25), "Christmas"),
    (date(2026, 1, 26), "Republic Day"),
    (date(2026, 3, 4), "Holi"),
    (date(2026, 8, 15), "Independence Day"),
    (date(2026, 10, 2), "Gandhi Jayanti"),
    (date(2026, 11, 8), "Diwali"),
    (date(2026, 12, 25), "Christmas"),
    (date(2027, 1, 26), "Republic Day"),
)


def _account(
    session: Session,
    org: Organisation,
    email: str,
    name: str,
    role: Role,
    scope: uuid.UUID | None,
    password_hash: str,
) -> User:
    user = User(
        id=uuid.uuid4(), organisation_id=org.id, email=email, full_name=name, password_hash=password_hash
    )
    session.add(user)
    session.flush()
    session.add(Grant(user_id=user.id, role=role.value, organisation_id=scope))
    session.flush()
    return user


def seed(session: Session, rng: random.Random, anchor: datetime, password_hash: str) -> dict[str, int]:
    today = anchor.date()
    sample = json.loads(linking.SAMPLE.read_text(encoding="utf-8"))["items"]
    host = session.scalar(
        select(Organisation).where(Organisation.parent_id.is_(None)).order_by(Organisation.name)
    )
    assert host is not None
    counts = {"services": 0, "transactions": 0, "grievances": 0}
    admin = session.scalar(select(User).where(User.email == f"admin@{DOMAIN}"))
    assert admin is not None
    root = user_principal(session, admin)
    commissioners = [
        _account(
            session,
            host,
            f"pgrc{n}@{DOMAIN}",
            f"Commission Member {n}",
            Role.GRIEVANCE_COMMISSION,
            None,
            password_hash,
        )
        for n in (1, 2, 3)
    ]
    offices: list[tuple[Office, Organisation, User]] = []
    for office in OFFICES:
        org = session.scalar(select(Organisation).where(Organisation.name == office.name))
        if org is None:  # a smaller scale may leave the office out
            continue
        org.code = office.code
        officer = _account(
            session,
            org,
            f"gro.{office.code.lower()}@{DOMAIN}",
            f"Grievance Officer, {office.code}",
            Role.GRIEVANCE_OFFICER,
            org.id,
            password_hash,
        )
        services.configure(
            session,
            root,
            org.id,
            commencement_date=today - timedelta(days=420),
            redressal_days=30,
            appeal_days=30,
        )
        for day, name in HOLIDAYS:
            services.add_holiday(session, root, org.id, day, name)
        for code, name, name_hi, days, fee, docs, designation in office.services:
            standard = services.checked_standard(code, name, days, designation, fee, list(docs), name_hi)
            services.define_service(session, root, org.id, standard)
            counts["services"] += 1
        version = charters.publish(
            session,
            root,
            org.id,
            vision=f"{office.name} delivers its services on time, courteously and transparently.",
            vision_hi=f"{office.name} अपनी सेवाएँ समय पर, शिष्टता और पारदर्शिता के साथ प्रदान करता है।",
            commitments="Every application is acknowledged; every grievance is answered with a reason.",
            commitments_hi="हर आवेदन की पावती दी जाती है; हर शिकायत का उत्तर कारण सहित दिया जाता है।",
        )
        version.published_at = anchor - timedelta(days=300)
        offices.append((office, org, officer))
    for _office, org, _ in offices:
        calendar = services.calendar_of(session, org.id)
        for service in services.services_of(session, org.id):
            for n in range(240):
                applied = today - timedelta(days=rng.randint(1, 365))
                taken = max(1, int(rng.gauss(service.time_limit_days * 0.8, service.time_limit_days * 0.4)))
                delivered = calendar.add_working_days(applied, taken)
                if delivered > today:
                    delivered = None
                in_days = calendar.working_days_between(applied, delivered) if delivered else None
                session.add(
                    ServiceTransaction(
                        service_id=service.id,
                        reference=f"{service.code}-{n:05d}",
                        applied_on=applied,
                        delivered_on=delivered,
                        working_days=in_days,
                        in_time=None if in_days is None else in_days <= service.time_limit_days,
                    )
                )
                counts["transactions"] += 1
    session.flush()
    by_service = {}
    for office, org, officer in offices:
        for service in services.services_of(session, org.id):
            by_service[(office.department, service.name)] = (org, service, officer)
    for n, item in enumerate(sample):
        found = by_service.get((item["department"], item["service"]))
        if found is None:
            continue
        org, service, officer = found
        lodged = grievances.lodge(
            session,
            ground="charter" if n % 3 else "functioning",
            organisation_id=org.id,
            service_id=service.id,
            subject=item["text"].split(",")[0].split(";")[0][:80],
            text=item["text"],
            citizen_name=f"Citizen {n + 1}",
            email=f"citizen{n + 1}@{DOMAIN}",
        )
        g = lodged.grievance
        days_ago = 20 + (n * 11) % 300
        g.lodged_at = anchor - timedelta(days=days_ago)
        g.due_on = grievances.due_date(session, org.id, g.lodged_at.date())
        g.contact_confirmed_at = g.lodged_at + timedelta(hours=1)
        for event in session.scalars(select(GrievanceEvent).where(GrievanceEvent.grievance_id == g.id)):
            event.at = g.lodged_at
        counts["grievances"] += 1
        if n % 4 != 3:  # three in four are disposed of; the rest stay open, some overdue
            principal = user_principal(session, officer)
            grievances.dispose(
                session,
                principal,
                g.id,
                "redressed" if n % 5 else "rejected",
                "Examined the records and the applicant's papers.",
                "The pending case was processed and the citizen informed."
                if n % 5
                else "Outside the office's remit; citizen advised.",
            )
            g.disposed_at = g.lodged_at + timedelta(days=rng.randint(5, 40))
            g.rating = rng.randint(2, 5)
            if n == 5:
                grievances.appeal(session, lodged.token, "The arrears have still not been paid.")
    session.flush()
    escalation.escalate(session, today)
    _assess(session, offices, password_hash, commissioners)
    # Linked as `karmayogi sevottam link` would, so plan drafts and recommendations show the signals.
    counts["grievance_links"] = linking.link_pending(session, linkers.dense(session))
    return counts


def _assess(
    session: Session, offices: list[tuple[Office, Organisation, User]], password_hash: str, _: list[User]
) -> None:
    """The pension office self-assesses; an assessor from the DARPG rates it (below the top band)."""
    darpg = session.scalar(select(Organisation).where(Organisation.code == "DARPG"))
    home = darpg or session.scalar(select(Organisation).where(Organisation.parent_id.is_(None)))
    assert home is not None
    assessor = _account(
        session,
        home,
        f"assessor@{DOMAIN}",
        "Sevottam Assessor",
        Role.SEVOTTAM_ASSESSOR,
        home.id,
        password_hash,
    )
    if not offices:
        return
    _, org, _ = offices[0]
    hr = session.scalar(
        select(User)
        .join(Grant, Grant.user_id == User.id)
        .where(Grant.role == Role.HR_CELL.value, Grant.organisation_id == org.parent_id)
    )
    if hr is None:
        return
    fw = assessment.framework()
    answers = {
        c.id: {"score": 3, "evidence": f"Registers and reports for {c.id} ({c.text[:40]}…)"}
        for c in fw.criteria
    }
    row = assessment.self_assess(session, user_principal(session, hr), org.id, answers)
    scores = {c.id: 3 if i % 3 else 2 for i, c in enumerate(fw.criteria)}
    assessment.rate(
        session,
        None,
        user_principal(session, assessor),
        row.id,
        scores,
        "Visited the office; redressal registers match the portal; charter reviews are irregular.",
    )  # type: ignore[arg-type]


# The labelled sample of grievances (lms/demo/sevottam_sample.json), scored against the demo's FRAC.


def sample_dictionary() -> tuple[list[CompetencyModel], dict[tuple[str, str], set[str]]]:
    """The demo's competency dictionary and, per (department code, designation), the names its roles need."""
    specs = {s.name: s for s in (*v.BEHAVIOURAL_COMPETENCIES, *v.FUNCTIONAL_COMPETENCIES)}
    needs: dict[tuple[str, str], set[str]] = {}
    common = {r.name: r for r in v.COMMON_ROLES}
    for ministry in v.MINISTRIES:
        for dept in ministry.departments:
            specs.update({s.name: s for s in dept.domain_competencies})
            roles = common | {r.name: r for r in dept.roles}
            for designation in (*v.COMMON_DESIGNATIONS, *dept.designations):
                names: set[str] = set()
                for role_name in designation.roles:
                    role = roles.get(role_name)
                    if role is None:
                        continue
                    names |= {n for n, _, _ in role.requirements}
                    names |= {n for a in role.activities for n, _, _ in a.requirements}
                needs[(dept.code, designation.title)] = names
    dictionary = [
        CompetencyModel(
            uuid.uuid5(uuid.NAMESPACE_URL, f"karmayogi:demo:{s.name}"),
            s.name,
            CompetencyType(s.type),
            description=s.description,
        )
        for s in specs.values()
    ]
    return dictionary, needs


@dataclass(frozen=True)
class SampleResult:
    items: int
    precision_at_3: float
    hit_at_3: float
    precision_at_3_unrestricted: float
    hit_at_3_unrestricted: float


def evaluate_sample(linker: CompetencyLinker, needs: dict[tuple[str, str], set[str]]) -> SampleResult:
    """Precision@3 and hit@3 on the labelled sample, through the designation's roles and without them."""
    items = json.loads(linking.SAMPLE.read_text(encoding="utf-8"))["items"]
    names = {c.id: c.name for c in linker.competencies}
    by_name = {c.name: c.id for c in linker.competencies}
    texts = [i["text"] for i in items]
    allowed = [
        {by_name[n] for n in needs[(i["department"], i["designation"])] if n in by_name} for i in items
    ]
    result = {}
    for label, candidates in (("roles", allowed), ("all", [None] * len(items))):
        found = linking.ranked(linker, texts, candidates)
        top = [[names[c] for c, _ in row] for row in found]
        relevant = [set(i["relevant"]) for i in items]
        result[label] = (
            sum(linking.precision_at(t, r) for t, r in zip(top, relevant, strict=True)) / len(items),
            sum(linking.hit_at(t, r) for t, r in zip(top, relevant, strict=True)) / len(items),
        )
    return SampleResult(len(items), *result["roles"], *result["all"])
