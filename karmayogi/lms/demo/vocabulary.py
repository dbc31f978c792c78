"""Static vocabulary for the demo seed: ministries, FRAC entries, providers, course phrasing and names.

Everything here is plain data. The seed generator combines it deterministically into organisations,
competencies, roles, activities, positions, training providers, courses and officers. The content is
modelled on India's central government (Mission Karmayogi / iGOT and the FRAC), but the officers,
providers' e-mail addresses and course texts it produces are fictional.
"""

from __future__ import annotations

from dataclasses import dataclass

# ---------------------------------------------------------------------------------------------------------
# Types
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompetencySpec:
    """A competency of the FRAC dictionary, with topics a course generator can build titles from."""

    name: str
    type: str
    area: str
    theme: str
    sub_theme: str
    description: str
    topics: tuple[str, ...]


@dataclass(frozen=True)
class ActivitySpec:
    """An activity performed in a role, with the competencies (name, level, weight) it needs."""

    description: str
    requirements: tuple[tuple[str, int, float], ...]


@dataclass(frozen=True)
class RoleSpec:
    """A FRAC role: a bundle of activities plus role-level (mostly behavioural) requirements."""

    name: str
    description: str
    activities: tuple[ActivitySpec, ...]
    requirements: tuple[tuple[str, int, float], ...]


@dataclass(frozen=True)
class DesignationSpec:
    """A designation (post) with its 7th CPC pay level, group and the roles its holders perform."""

    title: str
    pay_level: int
    grade: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class DepartmentSpec:
    """A department with its field offices, services, domain competencies, roles and designations."""

    name: str
    code: str
    organisations: tuple[str, ...]
    services: tuple[str, ...]
    domain_competencies: tuple[CompetencySpec, ...]
    roles: tuple[RoleSpec, ...]
    designations: tuple[DesignationSpec, ...]


@dataclass(frozen=True)
class MinistrySpec:
    """A ministry of the Government of India and the departments under it."""

    name: str
    code: str
    departments: tuple[DepartmentSpec, ...]


@dataclass(frozen=True)
class ProviderSpec:
    """A training provider that publishes courses on the platform."""

    name: str
    type: str
    accreditation: str
    contact_email: str


# ---------------------------------------------------------------------------------------------------------
# Proficiency scale
# ---------------------------------------------------------------------------------------------------------

PROFICIENCY_LEVELS: tuple[tuple[int, str, str], ...] = (
    (1, "Basic", "Works under supervision and applies the competency to routine, well-defined tasks."),
    (2, "Proficient", "Works independently and handles the usual range of cases without guidance."),
    (3, "Advanced", "Guides and reviews the work of others and resolves complex or unusual cases."),
    (
        4,
        "Expert",
        "Is recognised as an authority on the competency across the organisation and sets its standards.",
    ),
    (
        5,
        "Master",
        "Is a national authority whose judgement shapes rules, policy and practice across government.",
    ),
)

# ---------------------------------------------------------------------------------------------------------
# Behavioural competencies (shared by every organisation)
# ---------------------------------------------------------------------------------------------------------

BEHAVIOURAL_COMPETENCIES: tuple[CompetencySpec, ...] = (
    CompetencySpec(
        name="Integrity and Ethics",
        type="behavioural",
        area="Ethics and Values",
        theme="Public Service Values",
        sub_theme="Probity in public life",
        description=(
            "Acts honestly and impartially, declares conflicts of interest and upholds the CCS (Conduct) "
            "Rules, 1964 even under pressure."
        ),
        topics=(
            "conflict of interest and the CCS (Conduct) Rules",
            "ethical dilemmas in public administration",
            "gifts, hospitality and declarations of assets",
            "public interest disclosure and protection of whistle-blowers",
            "probity in everyday decisions",
        ),
    ),
    CompetencySpec(
        name="Empathy",
        type="behavioural",
        area="Interpersonal Effectiveness",
        theme="Understanding Others",
        sub_theme="Listening and perspective taking",
        description=(
            "Understands the circumstances and feelings of citizens and colleagues, and lets that "
            "understanding shape a fair and humane response."
        ),
        topics=(
            "active listening at the public counter",
            "serving vulnerable and marginalised citizens",
            "empathy in grievance hearings",
            "gender and disability sensitivity",
            "managing difficult conversations",
        ),
    ),
    CompetencySpec(
        name="Citizen Centricity",
        type="behavioural",
        area="Service Delivery",
        theme="Citizen First",
        sub_theme="Designing services around citizens",
        description=(
            "Puts the needs of citizens at the centre of service design and delivery, keeps them informed "
            "and measures success by the outcomes they experience."
        ),
        topics=(
            "Citizen's Charter and service standards",
            "the Sevottam model of service delivery",
            "reducing the compliance burden on citizens",
            "citizen feedback and satisfaction surveys",
            "last-mile delivery of public services",
        ),
    ),
    CompetencySpec(
        name="Decision Making",
        type="behavioural",
        area="Thinking and Judgement",
        theme="Sound Judgement",
        sub_theme="Decisions under uncertainty",
        description=(
            "Takes timely, well-reasoned decisions within delegated powers, weighing evidence, rules and "
            "consequences, and records the reasons on file."
        ),
        topics=(
            "evidence-based decisions on file",
            "deciding within delegated financial powers",
            "assessing risk before a decision",
            "avoiding cognitive biases",
            "writing a speaking order",
        ),
    ),
    CompetencySpec(
        name="Team Work",
        type="behavioural",
        area="Interpersonal Effectiveness",
        theme="Working with Others",
        sub_theme="Collaboration within and across sections",
        description=(
            "Works willingly with colleagues across sections and ranks, shares information and credit, and "
            "helps the team meet shared deadlines."
        ),
        topics=(
            "building trust in a section",
            "inter-departmental coordination",
            "running effective review meetings",
            "resolving conflicts at work",
            "working in multi-disciplinary project teams",
        ),
    ),
    CompetencySpec(
        name="Communication",
        type="behavioural",
        area="Interpersonal Effectiveness",
        theme="Communicating for Impact",
        sub_theme="Written and oral communication",
        description=(
            "Conveys information clearly and concisely in writing and speech, adapting the message to "
            "citizens, colleagues, senior officers and the media."
        ),
        topics=(
            "plain-language writing for citizens",
            "presentations to senior officers",
            "public speaking and media interaction",
            "bilingual communication in Hindi and English",
            "communicating in a crisis",
        ),
    ),
    CompetencySpec(
        name="Leadership",
        type="behavioural",
        area="Leading People",
        theme="Leading Teams",
        sub_theme="Setting direction and motivating",
        description=(
            "Sets a clear direction, motivates and develops officers, and takes responsibility for the "
            "performance and well-being of the team."
        ),
        topics=(
            "leading change in a government office",
            "coaching and mentoring junior officers",
            "delegation and performance review",
            "building a learning culture under Mission Karmayogi",
            "leading in a crisis",
        ),
    ),
    CompetencySpec(
        name="Self-awareness",
        type="behavioural",
        area="Personal Effectiveness",
        theme="Self-management",
        sub_theme="Reflection and growth",
        description=(
            "Recognises own strengths, limits and emotions, seeks feedback and manages stress so that "
            "personal reactions do not cloud official judgement."
        ),
        topics=(
            "emotional intelligence for public servants",
            "stress management and well-being",
            "seeking and using 360-degree feedback",
            "personal learning plans on iGOT Karmayogi",
            "work-life balance in demanding postings",
        ),
    ),
    CompetencySpec(
        name="Accountability",
        type="behavioural",
        area="Ethics and Values",
        theme="Ownership of Outcomes",
        sub_theme="Answerability and transparency",
        description=(
            "Owns the outcomes of assigned work, meets commitments, keeps proper records and accepts "
            "answerability to superiors, Parliament and citizens."
        ),
        topics=(
            "setting and tracking work targets",
            "answerability to Parliament and audit",
            "proactive disclosure and transparency",
            "owning mistakes and taking corrective action",
            "performance dashboards for accountability",
        ),
    ),
    CompetencySpec(
        name="Innovation",
        type="behavioural",
        area="Thinking and Judgement",
        theme="Improving Public Services",
        sub_theme="Ideas and experimentation",
        description=(
            "Questions established practice, tries new ideas and technology in a controlled way, and scales "
            "what improves public services."
        ),
        topics=(
            "design thinking for public services",
            "piloting and scaling innovations",
            "lessons from award-winning e-governance initiatives",
            "using technology to simplify processes",
            "managing risk in experimentation",
        ),
    ),
    CompetencySpec(
        name="Problem Solving",
        type="behavioural",
        area="Thinking and Judgement",
        theme="Analytical Thinking",
        sub_theme="Structuring problems",
        description=(
            "Breaks down complex problems, identifies root causes and develops practical options that work "
            "within the rules and the resources available."
        ),
        topics=(
            "root cause analysis",
            "structured problem-solving frameworks",
            "options analysis for notes on file",
            "systems thinking in governance",
            "clearing inter-departmental bottlenecks",
        ),
    ),
    CompetencySpec(
        name="Adaptability",
        type="behavioural",
        area="Personal Effectiveness",
        theme="Responding to Change",
        sub_theme="Flexibility and resilience",
        description=(
            "Adjusts quickly to new postings, priorities and technology, and stays effective when conditions "
            "change or are uncertain."
        ),
        topics=(
            "settling into a new posting",
            "adapting to digital ways of working",
            "resilience under pressure",
            "managing ambiguity in policy roles",
            "learning agility",
        ),
    ),
)

# ---------------------------------------------------------------------------------------------------------
# Functional competencies (shared by every organisation)
# ---------------------------------------------------------------------------------------------------------

FUNCTIONAL_COMPETENCIES: tuple[CompetencySpec, ...] = (
    CompetencySpec(
        name="Public Procurement",
        type="functional",
        area="Financial Management",
        theme="Procurement",
        sub_theme="Procurement of goods and services",
        description=(
            "Plans and conducts procurement of goods, works and services in line with GFR 2017 and the "
            "Manuals for Procurement, using GeM and the Central Public Procurement Portal."
        ),
        topics=(
            "e-procurement on GeM",
            "bid evaluation and award",
            "procurement under GFR 2017",
            "tender documents on the Central Public Procurement Portal",
            "Make in India and MSE purchase preference",
            "contract management and performance security",
        ),
    ),
    CompetencySpec(
        name="Noting and Drafting",
        type="functional",
        area="Office Management",
        theme="Office Procedure",
        sub_theme="Noting and drafting",
        description=(
            "Writes clear, well-referenced notes and drafts letters, office memoranda and orders in "
            "accordance with the Central Secretariat Manual of Office Procedure."
        ),
        topics=(
            "writing a self-contained note",
            "drafting office memoranda and orders",
            "forms of official communication",
            "bilingual drafting under the Official Languages Act",
            "summaries for the Cabinet and the Committee of Secretaries",
        ),
    ),
    CompetencySpec(
        name="Budgeting and Expenditure Management",
        type="functional",
        area="Financial Management",
        theme="Public Finance",
        sub_theme="Budget and expenditure",
        description=(
            "Prepares budget estimates, monitors expenditure against the grant and processes "
            "re-appropriations in line with the General Financial Rules and delegated financial powers."
        ),
        topics=(
            "budget estimates and revised estimates",
            "monthly expenditure plans and expenditure control",
            "re-appropriation and supplementary demands for grants",
            "just-in-time release of funds through PFMS",
            "the output-outcome budget",
            "the Delegation of Financial Powers Rules",
        ),
    ),
    CompetencySpec(
        name="Handling RTI Applications",
        type="functional",
        area="Governance and Transparency",
        theme="Right to Information",
        sub_theme="Disposal of RTI requests",
        description=(
            "Receives, examines and disposes of requests and first appeals under the Right to Information "
            "Act, 2005 within the statutory time limits, applying exemptions correctly."
        ),
        topics=(
            "timelines and fees under the RTI Act 2005",
            "exemptions under sections 8 and 9 of the RTI Act",
            "the RTI Online portal",
            "first appeals and hearings before the Central Information Commission",
            "proactive disclosure under section 4",
        ),
    ),
    CompetencySpec(
        name="Project Management",
        type="functional",
        area="Programme and Project Management",
        theme="Project Delivery",
        sub_theme="Planning and monitoring",
        description=(
            "Plans, schedules and monitors projects against scope, time, cost and quality, and reports "
            "progress through dashboards and review meetings."
        ),
        topics=(
            "project planning and work breakdown",
            "scheduling with Gantt charts and the critical path",
            "risk registers for government projects",
            "monitoring infrastructure projects on PM GatiShakti",
            "appraisal of projects for the EFC and SFC",
        ),
    ),
    CompetencySpec(
        name="Grievance Redressal",
        type="functional",
        area="Governance and Transparency",
        theme="Public Grievances",
        sub_theme="Grievance handling",
        description=(
            "Receives, examines and resolves public grievances on CPGRAMS within the prescribed time, and "
            "uses grievance data to fix the underlying causes."
        ),
        topics=(
            "handling grievances on CPGRAMS",
            "writing reasoned replies to grievances",
            "root-cause analysis of grievance data",
            "appeals against the disposal of grievances",
            "time-bound disposal and quality of redress",
        ),
    ),
    CompetencySpec(
        name="e-Office File Management",
        type="functional",
        area="Office Management",
        theme="Digital Office",
        sub_theme="Electronic files and receipts",
        description=(
            "Creates, moves and closes electronic files and receipts in e-Office, uses the correct file "
            "heads and retention periods, and keeps digital records secure."
        ),
        topics=(
            "creating and moving e-files",
            "diarising receipts in e-Office",
            "digital signatures and e-Sign in e-Office",
            "record retention and weeding of e-files",
            "the e-Office knowledge management system",
        ),
    ),
    CompetencySpec(
        name="Data Analysis for Decision Making",
        type="functional",
        area="Data and Technology",
        theme="Data-driven Governance",
        sub_theme="Analysis and visualisation",
        description=(
            "Collects, cleans and analyses administrative data, and presents findings in tables, charts and "
            "dashboards that support decisions."
        ),
        topics=(
            "spreadsheet analysis for administrators",
            "dashboards from scheme MIS data",
            "basic statistics for policy work",
            "data quality in administrative records",
            "open government data on data.gov.in",
        ),
    ),
    CompetencySpec(
        name="Service Matters and Establishment",
        type="functional",
        area="Human Resource Management",
        theme="Establishment",
        sub_theme="Service rules",
        description=(
            "Handles appointments, pay fixation, leave, promotions and retirement benefits in line with the "
            "Fundamental Rules, the CCS (Leave) Rules and DoPT instructions."
        ),
        topics=(
            "pay fixation in the 7th CPC pay matrix",
            "the CCS (Leave) Rules 1972",
            "Fundamental and Supplementary Rules",
            "seniority, DPCs and promotion procedure",
            "APAR management on SPARROW",
            "the CCS (Pension) Rules 2021",
        ),
    ),
    CompetencySpec(
        name="Vigilance and Disciplinary Proceedings",
        type="functional",
        area="Human Resource Management",
        theme="Vigilance",
        sub_theme="Disciplinary cases",
        description=(
            "Processes complaints and disciplinary cases under the CCS (CCA) Rules, 1965 and CVC guidelines, "
            "from charge-sheet to final order, following the principles of natural justice."
        ),
        topics=(
            "procedure under the CCS (CCA) Rules 1965",
            "drafting articles of charge",
            "conducting departmental inquiries",
            "preventive vigilance",
            "CVC guidelines on complaint handling",
        ),
    ),
    CompetencySpec(
        name="Parliament Questions and Assurances",
        type="functional",
        area="Parliamentary Work",
        theme="Parliament",
        sub_theme="Questions, assurances and committees",
        description=(
            "Prepares accurate, timely replies to Parliament Questions, tracks assurances given on the floor "
            "of the House and services parliamentary committees."
        ),
        topics=(
            "replies to starred and unstarred questions",
            "tracking assurances on the Online Assurance Monitoring System",
            "material for departmentally related standing committees",
            "notes for supplementaries",
            "Calling Attention motions and Zero Hour matters",
        ),
    ),
    CompetencySpec(
        name="Cyber Hygiene",
        type="functional",
        area="Data and Technology",
        theme="Information Security",
        sub_theme="Safe computing",
        description=(
            "Follows safe practices for passwords, e-mail, devices and classified information as laid down "
            "in the Government's cyber security guidelines, and reports incidents promptly."
        ),
        topics=(
            "phishing and social engineering",
            "passwords and multi-factor authentication",
            "secure use of government e-mail",
            "handling classified information on computers",
            "reporting cyber incidents to CERT-In",
        ),
    ),
    CompetencySpec(
        name="Policy Formulation",
        type="functional",
        area="Policy and Governance",
        theme="Public Policy",
        sub_theme="Policy design",
        description=(
            "Analyses problems, develops policy options with evidence and consultation, and prepares Cabinet "
            "notes and draft legislation for approval."
        ),
        topics=(
            "problem definition and policy options",
            "drafting a Cabinet note",
            "regulatory impact assessment",
            "the Pre-Legislative Consultation Policy",
            "policy evaluation",
        ),
    ),
    CompetencySpec(
        name="Stakeholder Consultation",
        type="functional",
        area="Policy and Governance",
        theme="Public Policy",
        sub_theme="Consultation and engagement",
        description=(
            "Identifies stakeholders, runs structured consultations with states, industry and citizens, and "
            "feeds what is heard into decisions."
        ),
        topics=(
            "stakeholder mapping",
            "public consultations on MyGov",
            "Centre-State consultations",
            "handling public comments on draft rules",
            "negotiation and consensus building",
        ),
    ),
    CompetencySpec(
        name="Court Cases and Litigation Management",
        type="functional",
        area="Legal Affairs",
        theme="Litigation",
        sub_theme="Government litigation",
        description=(
            "Manages court cases involving the department, prepares parawise comments and counter "
            "affidavits, and tracks compliance with judgments."
        ),
        topics=(
            "parawise comments and counter affidavits",
            "tracking cases on LIMBS",
            "working with government counsel",
            "contempt petitions and compliance with judgments",
            "cases before the Central Administrative Tribunal",
        ),
    ),
    CompetencySpec(
        name="Monitoring and Evaluation",
        type="functional",
        area="Programme and Project Management",
        theme="Results Management",
        sub_theme="Monitoring and evaluation",
        description=(
            "Designs indicators and monitoring frameworks for schemes, reviews progress against the "
            "output-outcome framework and commissions independent evaluations."
        ),
        topics=(
            "the output-outcome monitoring framework",
            "designing key performance indicators",
            "third-party evaluation of schemes",
            "field inspections and monitoring visits",
            "using DMEO evaluation reports",
        ),
    ),
    CompetencySpec(
        name="Scheme Implementation and Direct Benefit Transfer",
        type="functional",
        area="Programme and Project Management",
        theme="Scheme Delivery",
        sub_theme="Direct benefit transfer",
        description=(
            "Implements beneficiary-oriented schemes through Aadhaar-based direct benefit transfer, ensuring "
            "correct targeting, timely payment and reconciliation."
        ),
        topics=(
            "beneficiary identification and de-duplication",
            "Aadhaar seeding and payment through PFMS",
            "PM-KISAN beneficiary validation",
            "reconciliation of failed DBT transactions",
            "reporting on the DBT Bharat portal",
        ),
    ),
)

# ---------------------------------------------------------------------------------------------------------
# Roles and designations common to every department
# ---------------------------------------------------------------------------------------------------------

COMMON_ROLES: tuple[RoleSpec, ...] = (
    RoleSpec(
        name="Procurement Officer",
        description=(
            "Plans and conducts the department's purchases of goods and services, mainly through GeM, and "
            "manages the resulting contracts."
        ),
        activities=(
            ActivitySpec(
                "Prepare the annual procurement plan and obtain the approval of the competent financial "
                "authority",
                (("Public Procurement", 3, 0.8), ("Budgeting and Expenditure Management", 2, 0.5)),
            ),
            ActivitySpec(
                "Scrutinise bids received on GeM against the evaluation criteria",
                (("Public Procurement", 3, 1.0), ("Noting and Drafting", 2, 0.4)),
            ),
            ActivitySpec(
                "Issue supply orders, monitor delivery and release payment through PFMS",
                (
                    ("Public Procurement", 2, 0.7),
                    ("Budgeting and Expenditure Management", 2, 0.5),
                    ("e-Office File Management", 2, 0.3),
                ),
            ),
        ),
        requirements=(
            ("Integrity and Ethics", 3, 1.0),
            ("Accountability", 3, 0.8),
            ("Decision Making", 2, 0.6),
        ),
    ),
    RoleSpec(
        name="Establishment and HR",
        description=(
            "Handles service matters, postings, promotions and discipline for the department's staff."
        ),
        activities=(
            ActivitySpec(
                "Fix pay and process increments, leave and pension cases",
                (("Service Matters and Establishment", 3, 1.0), ("e-Office File Management", 2, 0.4)),
            ),
            ActivitySpec(
                "Convene Departmental Promotion Committees and issue promotion orders",
                (("Service Matters and Establishment", 3, 0.9), ("Noting and Drafting", 3, 0.6)),
            ),
            ActivitySpec(
                "Process disciplinary cases under the CCS (CCA) Rules",
                (("Vigilance and Disciplinary Proceedings", 3, 0.9), ("Noting and Drafting", 2, 0.5)),
            ),
        ),
        requirements=(
            ("Integrity and Ethics", 3, 0.9),
            ("Empathy", 2, 0.6),
            ("Accountability", 3, 0.7),
            ("Team Work", 2, 0.4),
        ),
    ),
    RoleSpec(
        name="RTI Public Information Officer",
        description=(
            "Acts as the Central Public Information Officer and disposes of RTI requests within the "
            "statutory time limits."
        ),
        activities=(
            ActivitySpec(
                "Examine RTI requests received on the RTI Online portal and transfer those meant for other "
                "public authorities under section 6(3)",
                (("Handling RTI Applications", 3, 1.0), ("e-Office File Management", 2, 0.3)),
            ),
            ActivitySpec(
                "Decide whether the information sought is exempt under section 8 and record the reasons",
                (("Handling RTI Applications", 3, 0.9), ("Noting and Drafting", 2, 0.5)),
            ),
            ActivitySpec(
                "Prepare comments for first appeals and hearings before the Central Information Commission",
                (("Handling RTI Applications", 3, 0.8), ("Noting and Drafting", 3, 0.5)),
            ),
        ),
        requirements=(
            ("Citizen Centricity", 3, 0.8),
            ("Integrity and Ethics", 3, 0.8),
            ("Accountability", 3, 0.7),
            ("Communication", 2, 0.5),
        ),
    ),
    RoleSpec(
        name="Budget and Accounts",
        description=(
            "Prepares the department's budget, monitors expenditure and coordinates with the Pay and "
            "Accounts Office."
        ),
        activities=(
            ActivitySpec(
                "Prepare budget estimates and revised estimates for the department's grant",
                (
                    ("Budgeting and Expenditure Management", 3, 1.0),
                    ("Data Analysis for Decision Making", 2, 0.5),
                ),
            ),
            ActivitySpec(
                "Monitor monthly expenditure against the expenditure plan on PFMS",
                (
                    ("Budgeting and Expenditure Management", 3, 0.9),
                    ("Data Analysis for Decision Making", 2, 0.6),
                ),
            ),
            ActivitySpec(
                "Process re-appropriation proposals and replies to audit paras",
                (("Budgeting and Expenditure Management", 3, 0.8), ("Noting and Drafting", 3, 0.5)),
            ),
        ),
        requirements=(
            ("Integrity and Ethics", 3, 0.9),
            ("Accountability", 3, 0.8),
            ("Decision Making", 2, 0.5),
        ),
    ),
    RoleSpec(
        name="Grievance Officer",
        description=(
            "Oversees the redress of public grievances received on CPGRAMS and tracks their quality and "
            "timeliness."
        ),
        activities=(
            ActivitySpec(
                "Examine grievances on CPGRAMS and forward them to the responsible section or field office",
                (("Grievance Redressal", 2, 1.0), ("e-Office File Management", 2, 0.3)),
            ),
            ActivitySpec(
                "Review pending grievances and issue reasoned final replies",
                (("Grievance Redressal", 3, 0.9), ("Noting and Drafting", 2, 0.5)),
            ),
            ActivitySpec(
                "Analyse grievance trends and recommend systemic fixes",
                (("Data Analysis for Decision Making", 2, 0.7), ("Grievance Redressal", 3, 0.6)),
            ),
        ),
        requirements=(("Citizen Centricity", 3, 1.0), ("Empathy", 3, 0.8), ("Communication", 2, 0.5)),
    ),
    RoleSpec(
        name="Parliament Section",
        description=(
            "Coordinates the department's parliamentary work: questions, assurances, committee matters and "
            "bills in each session."
        ),
        activities=(
            ActivitySpec(
                "Draft replies to Parliament Questions and notes for supplementaries",
                (("Parliament Questions and Assurances", 3, 1.0), ("Noting and Drafting", 3, 0.6)),
            ),
            ActivitySpec(
                "Track assurances on the Online Assurance Monitoring System and report their fulfilment",
                (("Parliament Questions and Assurances", 2, 0.8), ("e-Office File Management", 2, 0.3)),
            ),
            ActivitySpec(
                "Compile material for the departmentally related standing committee",
                (
                    ("Parliament Questions and Assurances", 3, 0.7),
                    ("Data Analysis for Decision Making", 2, 0.4),
                ),
            ),
        ),
        requirements=(("Accountability", 3, 0.9), ("Communication", 3, 0.7), ("Team Work", 2, 0.5)),
    ),
    RoleSpec(
        name="Policy Analyst",
        description=(
            "Analyses policy problems, prepares options and Cabinet notes, and runs consultations with "
            "stakeholders."
        ),
        activities=(
            ActivitySpec(
                "Analyse data and evidence to define the policy problem",
                (("Data Analysis for Decision Making", 3, 0.8), ("Policy Formulation", 3, 0.7)),
            ),
            ActivitySpec(
                "Draft the Cabinet note and the note for the Committee of Secretaries",
                (("Policy Formulation", 3, 1.0), ("Noting and Drafting", 3, 0.6)),
            ),
            ActivitySpec(
                "Run consultations with states, industry and the public on the draft policy",
                (("Stakeholder Consultation", 3, 0.9), ("Policy Formulation", 2, 0.5)),
            ),
        ),
        requirements=(
            ("Problem Solving", 3, 0.8),
            ("Communication", 3, 0.7),
            ("Decision Making", 3, 0.6),
            ("Innovation", 2, 0.5),
        ),
    ),
    RoleSpec(
        name="Office Administration",
        description=(
            "Runs the section or office: files and records, attendance, office security and day-to-day "
            "coordination."
        ),
        activities=(
            ActivitySpec(
                "Maintain files and records in e-Office and conduct periodic record reviews",
                (("e-Office File Management", 2, 0.9), ("Noting and Drafting", 2, 0.5)),
            ),
            ActivitySpec(
                "Ensure that staff follow the cyber security instructions of the office",
                (("Cyber Hygiene", 2, 0.8),),
            ),
            ActivitySpec(
                "Keep track of court cases handled by the section and the compliance reports due",
                (("Court Cases and Litigation Management", 2, 0.6), ("Noting and Drafting", 2, 0.4)),
            ),
        ),
        requirements=(("Team Work", 2, 0.7), ("Accountability", 2, 0.7), ("Adaptability", 2, 0.4)),
    ),
)

COMMON_DESIGNATIONS: tuple[DesignationSpec, ...] = (
    DesignationSpec("Multi Tasking Staff", 1, "Group C", ("Office Administration", "Establishment and HR")),
    DesignationSpec(
        "Assistant Section Officer",
        7,
        "Group B",
        ("Office Administration", "Parliament Section", "Establishment and HR"),
    ),
    DesignationSpec(
        "Section Officer", 8, "Group B", ("Budget and Accounts", "Procurement Officer", "Grievance Officer")
    ),
    DesignationSpec(
        "Under Secretary",
        11,
        "Group A",
        ("RTI Public Information Officer", "Procurement Officer", "Establishment and HR"),
    ),
    DesignationSpec(
        "Deputy Secretary", 12, "Group A", ("Budget and Accounts", "Grievance Officer", "Policy Analyst")
    ),
    DesignationSpec(
        "Director", 13, "Group A", ("Policy Analyst", "Parliament Section", "Procurement Officer")
    ),
    DesignationSpec("Joint Secretary", 14, "Group A", ("Policy Analyst", "Grievance Officer")),
)

# ---------------------------------------------------------------------------------------------------------
# Ministry of Finance
# ---------------------------------------------------------------------------------------------------------

_DEPARTMENT_OF_EXPENDITURE = DepartmentSpec(
    name="Department of Expenditure",
    code="DOE",
    organisations=(
        "Office of the Controller General of Accounts",
        "Central Pension Accounting Office, New Delhi",
        "PFMS Directorate, New Delhi",
        "Pay and Accounts Office (Central Secretariat), New Delhi",
        "Regional Pay and Accounts Office, Mumbai",
    ),
    services=("Indian Civil Accounts Service", "Indian Cost Accounts Service", "Central Secretariat Service"),
    domain_competencies=(
        CompetencySpec(
            name="Government Accounting and PFMS",
            type="domain",
            area="Financial Management",
            theme="Government Accounts",
            sub_theme="Accounting and payments",
            description=(
                "Maintains and compiles government accounts under the Civil Accounts Manual and processes "
                "payments and receipts through the Public Financial Management System."
            ),
            topics=(
                "the Civil Accounts Manual and the List of Major and Minor Heads",
                "payments and receipts on PFMS",
                "monthly accounts and appropriation accounts",
                "Treasury Single Account and just-in-time releases",
                "reconciliation of departmental accounts",
            ),
        ),
        CompetencySpec(
            name="Pension Processing and Authorisation",
            type="domain",
            area="Financial Management",
            theme="Pensions",
            sub_theme="Pension authorisation",
            description=(
                "Examines pension cases under the CCS (Pension) Rules, 2021 and issues electronic pension "
                "payment orders through the Central Pension Accounting Office."
            ),
            topics=(
                "the CCS (Pension) Rules 2021 for accounts officers",
                "e-PPO and pension tracking on Bhavishya",
                "family pension and commutation",
                "revision of pension after a pay commission",
                "pensioners' grievances on CPENGRAMS",
            ),
        ),
        CompetencySpec(
            name="Internal Audit and Risk Assessment",
            type="domain",
            area="Financial Management",
            theme="Audit",
            sub_theme="Internal audit",
            description=(
                "Plans and conducts risk-based internal audits of ministries and schemes, and follows audit "
                "observations through to closure."
            ),
            topics=(
                "risk-based internal audit planning",
                "audit of centrally sponsored schemes",
                "the internal audit standards of the CGA",
                "writing audit observations and reports",
                "follow-up of audit paras",
            ),
        ),
        CompetencySpec(
            name="Expenditure Appraisal and Financial Advice",
            type="domain",
            area="Financial Management",
            theme="Public Finance",
            sub_theme="Integrated finance",
            description=(
                "Appraises new schemes and expenditure proposals for value for money and advises "
                "administrative ministries as Integrated Finance."
            ),
            topics=(
                "appraisal of schemes for the EFC and SFC",
                "continuation of schemes beyond a Finance Commission cycle",
                "cost-benefit analysis of public spending",
                "integrated finance advice on files",
                "financial powers delegated to ministries",
            ),
        ),
    ),
    roles=(
        RoleSpec(
            name="Pay and Accounts Officer",
            description=(
                "Heads a Pay and Accounts Office: pre-checks and makes payments, compiles accounts and "
                "reconciles them with the offices it serves."
            ),
            activities=(
                ActivitySpec(
                    "Pre-check bills and authorise payments on PFMS",
                    (
                        ("Government Accounting and PFMS", 3, 1.0),
                        ("Budgeting and Expenditure Management", 2, 0.5),
                    ),
                ),
                ActivitySpec(
                    "Compile monthly accounts and reconcile receipts and payments with the ministry",
                    (
                        ("Government Accounting and PFMS", 3, 0.9),
                        ("Data Analysis for Decision Making", 2, 0.4),
                    ),
                ),
                ActivitySpec(
                    "Examine pension cases and issue electronic pension payment orders",
                    (
                        ("Pension Processing and Authorisation", 3, 0.8),
                        ("Service Matters and Establishment", 2, 0.4),
                    ),
                ),
            ),
            requirements=(
                ("Integrity and Ethics", 3, 1.0),
                ("Accountability", 3, 0.8),
                ("Decision Making", 2, 0.5),
            ),
        ),
        RoleSpec(
            name="Internal Audit Officer",
            description="Plans and conducts risk-based internal audits of the ministry and its schemes.",
            activities=(
                ActivitySpec(
                    "Prepare the annual risk-based audit plan for the ministry",
                    (
                        ("Internal Audit and Risk Assessment", 3, 1.0),
                        ("Data Analysis for Decision Making", 2, 0.5),
                    ),
                ),
                ActivitySpec(
                    "Audit scheme implementing agencies and draft the audit report",
                    (
                        ("Internal Audit and Risk Assessment", 3, 0.9),
                        ("Noting and Drafting", 3, 0.5),
                        ("Monitoring and Evaluation", 2, 0.4),
                    ),
                ),
            ),
            requirements=(
                ("Integrity and Ethics", 4, 1.0),
                ("Communication", 3, 0.6),
                ("Problem Solving", 3, 0.5),
            ),
        ),
        RoleSpec(
            name="Integrated Finance Adviser",
            description=(
                "Examines the expenditure proposals of an administrative ministry and advises on their "
                "financial soundness."
            ),
            activities=(
                ActivitySpec(
                    "Appraise scheme proposals for the Expenditure Finance Committee",
                    (
                        ("Expenditure Appraisal and Financial Advice", 4, 1.0),
                        ("Budgeting and Expenditure Management", 3, 0.6),
                        ("Project Management", 3, 0.5),
                    ),
                ),
                ActivitySpec(
                    "Advise on procurement and contract proposals beyond the ministry's delegated powers",
                    (("Expenditure Appraisal and Financial Advice", 3, 0.8), ("Public Procurement", 3, 0.7)),
                ),
            ),
            requirements=(
                ("Decision Making", 4, 0.9),
                ("Integrity and Ethics", 3, 0.8),
                ("Communication", 3, 0.5),
            ),
        ),
    ),
    designations=(
        DesignationSpec(
            "Senior Accountant", 6, "Group C", ("Pay and Accounts Officer", "Budget and Accounts")
        ),
        DesignationSpec(
            "Assistant Accounts Officer", 8, "Group B", ("Pay and Accounts Officer", "Internal Audit Officer")
        ),
        DesignationSpec(
            "Deputy Controller of Accounts",
            11,
            "Group A",
            ("Internal Audit Officer", "Integrated Finance Adviser"),
        ),
        DesignationSpec(
            "Controller of Accounts",
            13,
            "Group A",
            ("Integrated Finance Adviser", "Pay and Accounts Officer"),
        ),
    ),
)

_CBIC = DepartmentSpec(
    name="Central Board of Indirect Taxes and Customs",
    code="CBIC",
    organisations=(
        "CBIC Delhi Zone",
        "Commissionerate of Central GST, Mumbai East",
        "Custom House, Chennai",
        "Directorate General of GST Intelligence, Bengaluru Zonal Unit",
        "Directorate General of Audit, New Delhi",
    ),
    services=("Indian Revenue Service (Customs and Indirect Taxes)", "Central Secretariat Service"),
    domain_competencies=(
        CompetencySpec(
            name="GST Administration",
            type="domain",
            area="Taxation",
            theme="Indirect Taxes",
            sub_theme="Goods and Services Tax",
            description=(
                "Administers registration, returns, refunds and assessment under the CGST Act, 2017 and the "
                "IGST Act, 2017, using the GST Network and the CBIC back-office systems."
            ),
            topics=(
                "registration and cancellation under the CGST Act",
                "scrutiny of GST returns",
                "processing GST refunds",
                "input tax credit rules",
                "e-invoicing and e-way bills",
                "back-office workflows on CBIC-GST",
            ),
        ),
        CompetencySpec(
            name="GST Audit",
            type="domain",
            area="Taxation",
            theme="Indirect Taxes",
            sub_theme="Audit of taxpayers",
            description=(
                "Plans and conducts audits of registered taxpayers under section 65 of the CGST Act, "
                "examining books and records to verify that the correct tax has been paid."
            ),
            topics=(
                "audit planning and selection of taxpayers",
                "desk review of financial statements",
                "verification of input tax credit",
                "drafting and closing audit paras",
                "the CBIC GST Audit Manual",
            ),
        ),
        CompetencySpec(
            name="Customs Valuation and Clearance",
            type="domain",
            area="Taxation",
            theme="Customs",
            sub_theme="Import and export clearance",
            description=(
                "Assesses and clears imports and exports under the Customs Act, 1962, applying the valuation "
                "rules, tariff classification and risk management on ICEGATE."
            ),
            topics=(
                "the Customs Valuation Rules 2007",
                "tariff classification under the Customs Tariff Act",
                "the risk management system and faceless assessment",
                "duty drawback and export promotion schemes",
                "the Authorised Economic Operator programme",
            ),
        ),
        CompetencySpec(
            name="Anti-evasion and Intelligence",
            type="domain",
            area="Taxation",
            theme="Enforcement",
            sub_theme="Intelligence and investigation",
            description=(
                "Develops intelligence on tax evasion and smuggling, conducts searches and seizures, and "
                "builds cases for adjudication and prosecution."
            ),
            topics=(
                "intelligence gathering and analysis",
                "search and seizure procedure",
                "detecting fake invoices and input tax credit fraud",
                "recording statements under section 70 of the CGST Act",
                "arrest and prosecution provisions",
            ),
        ),
        CompetencySpec(
            name="Indirect Tax Adjudication",
            type="domain",
            area="Taxation",
            theme="Enforcement",
            sub_theme="Adjudication and appeals",
            description=(
                "Issues show cause notices and passes reasoned adjudication orders under the CGST and "
                "Customs Acts, following the principles of natural justice."
            ),
            topics=(
                "drafting show cause notices",
                "personal hearings and natural justice",
                "writing adjudication orders",
                "limitation and demand provisions",
                "appeals before the Commissioner (Appeals) and CESTAT",
            ),
        ),
    ),
    roles=(
        RoleSpec(
            name="GST Audit Officer",
            description="Audits registered taxpayers and recovers tax that has been short-paid.",
            activities=(
                ActivitySpec(
                    "Select taxpayers for audit using risk parameters and a desk review",
                    (("GST Audit", 3, 1.0), ("Data Analysis for Decision Making", 3, 0.6)),
                ),
                ActivitySpec(
                    "Verify the returns, books of account and input tax credit claims of the auditee",
                    (("GST Audit", 3, 0.9), ("GST Administration", 3, 0.7)),
                ),
                ActivitySpec(
                    "Draft the final audit report and recommend recovery or a show cause notice",
                    (("GST Audit", 3, 0.8), ("Noting and Drafting", 3, 0.5)),
                ),
            ),
            requirements=(
                ("Integrity and Ethics", 4, 1.0),
                ("Accountability", 3, 0.6),
                ("Citizen Centricity", 2, 0.5),
            ),
        ),
        RoleSpec(
            name="Customs Appraising Officer",
            description="Assesses imported and export goods for classification, valuation and duty.",
            activities=(
                ActivitySpec(
                    "Assess bills of entry for classification, valuation and exemption claims",
                    (("Customs Valuation and Clearance", 3, 1.0),),
                ),
                ActivitySpec(
                    "Examine goods flagged by the risk management system and record the findings",
                    (("Customs Valuation and Clearance", 3, 0.8), ("Anti-evasion and Intelligence", 2, 0.5)),
                ),
            ),
            requirements=(
                ("Integrity and Ethics", 4, 1.0),
                ("Decision Making", 3, 0.7),
                ("Citizen Centricity", 2, 0.4),
            ),
        ),
        RoleSpec(
            name="Anti-evasion Officer",
            description=(
                "Detects and investigates evasion of GST and customs duty and builds cases for adjudication."
            ),
            activities=(
                ActivitySpec(
                    "Develop intelligence on fake invoicing and input tax credit fraud",
                    (
                        ("Anti-evasion and Intelligence", 3, 1.0),
                        ("Data Analysis for Decision Making", 3, 0.7),
                    ),
                ),
                ActivitySpec(
                    "Conduct searches and record statements under the CGST Act",
                    (("Anti-evasion and Intelligence", 3, 0.9), ("GST Administration", 2, 0.5)),
                ),
                ActivitySpec(
                    "Draft show cause notices for adjudication",
                    (("Indirect Tax Adjudication", 3, 0.7), ("Noting and Drafting", 3, 0.4)),
                ),
            ),
            requirements=(
                ("Integrity and Ethics", 4, 1.0),
                ("Team Work", 3, 0.6),
                ("Decision Making", 3, 0.6),
            ),
        ),
    ),
    designations=(
        DesignationSpec(
            "Inspector of Central Tax", 7, "Group B", ("GST Audit Officer", "Anti-evasion Officer")
        ),
        DesignationSpec(
            "Superintendent of Central Tax", 8, "Group B", ("GST Audit Officer", "Anti-evasion Officer")
        ),
        DesignationSpec("Appraiser of Customs", 8, "Group B", ("Customs Appraising Officer",)),
        DesignationSpec(
            "Assistant Commissioner of Central Tax",
            10,
            "Group A",
            ("GST Audit Officer", "Anti-evasion Officer", "RTI Public Information Officer"),
        ),
    ),
)

_CBDT = DepartmentSpec(
    name="Central Board of Direct Taxes",
    code="CBDT",
    organisations=(
        "Office of the Principal Chief Commissioner of Income Tax, Karnataka and Goa",
        "National Faceless Assessment Centre, Delhi",
        "Centralised Processing Centre, Bengaluru",
        "Directorate of Income Tax (Investigation), Mumbai",
        "Centralised Processing Cell (TDS), Ghaziabad",
    ),
    services=("Indian Revenue Service (Income Tax)", "Central Secretariat Service"),
    domain_competencies=(
        CompetencySpec(
            name="Income-tax Assessment",
            type="domain",
            area="Taxation",
            theme="Direct Taxes",
            sub_theme="Assessment",
            description=(
                "Conducts scrutiny and best-judgement assessments under the Income-tax Act, 1961, examining "
                "returns, evidence and case law to determine taxable income."
            ),
            topics=(
                "scrutiny assessment under section 143(3)",
                "computation of business income",
                "assessment of capital gains",
                "reassessment under section 147",
                "penalty proceedings",
                "faceless assessment on ITBA",
            ),
        ),
        CompetencySpec(
            name="TDS Administration",
            type="domain",
            area="Taxation",
            theme="Direct Taxes",
            sub_theme="Tax deducted and collected at source",
            description=(
                "Monitors deductors' compliance with the TDS and TCS provisions, processes statements and "
                "acts against defaulters."
            ),
            topics=(
                "TDS on salary and non-salary payments",
                "processing TDS statements on TRACES",
                "surveys in TDS cases",
                "default and interest computation",
                "certificates for lower deduction",
            ),
        ),
        CompetencySpec(
            name="Search, Seizure and Investigation",
            type="domain",
            area="Taxation",
            theme="Enforcement",
            sub_theme="Investigation of concealed income",
            description=(
                "Plans and executes searches under section 132 of the Income-tax Act and builds evidence for "
                "assessment and prosecution in cases of concealed income."
            ),
            topics=(
                "pre-search intelligence",
                "search and seizure under section 132",
                "appraisal of seized material",
                "benami property investigation",
                "prosecution under the Income-tax Act",
            ),
        ),
        CompetencySpec(
            name="International Taxation and Transfer Pricing",
            type="domain",
            area="Taxation",
            theme="Direct Taxes",
            sub_theme="Cross-border taxation",
            description=(
                "Applies double taxation avoidance agreements and the transfer pricing provisions to "
                "cross-border transactions of multinational enterprises."
            ),
            topics=(
                "double taxation avoidance agreements",
                "transfer pricing methods",
                "taxation of the digital economy",
                "advance pricing agreements",
                "exchange of information under tax treaties",
            ),
        ),
        CompetencySpec(
            name="Taxpayer Services",
            type="domain",
            area="Taxation",
            theme="Taxpayer Services",
            sub_theme="Service and outreach",
            description=(
                "Guides taxpayers, resolves their grievances on e-Nivaran and promotes voluntary compliance "
                "through outreach."
            ),
            topics=(
                "resolving grievances on e-Nivaran",
                "taxpayer outreach and Aaykar Seva Kendras",
                "refunds and rectification requests",
                "the Taxpayers' Charter",
            ),
        ),
    ),
    roles=(
        RoleSpec(
            name="Assessing Officer",
            description=(
                "Assesses the income of taxpayers assigned to the charge and passes assessment orders."
            ),
            activities=(
                ActivitySpec(
                    "Examine returns selected for scrutiny and issue notices through the faceless assessment "
                    "system",
                    (("Income-tax Assessment", 3, 1.0),),
                ),
                ActivitySpec(
                    "Analyse replies and evidence and draft the assessment order",
                    (("Income-tax Assessment", 3, 0.9), ("Noting and Drafting", 3, 0.5)),
                ),
                ActivitySpec(
                    "Initiate and complete penalty proceedings",
                    (("Income-tax Assessment", 3, 0.7), ("Court Cases and Litigation Management", 2, 0.3)),
                ),
            ),
            requirements=(
                ("Integrity and Ethics", 4, 1.0),
                ("Decision Making", 3, 0.8),
                ("Citizen Centricity", 2, 0.4),
            ),
        ),
        RoleSpec(
            name="TDS Officer",
            description="Enforces compliance with the provisions on tax deducted and collected at source.",
            activities=(
                ActivitySpec(
                    "Identify non-filers and short-deductors from TRACES data",
                    (("TDS Administration", 3, 1.0), ("Data Analysis for Decision Making", 3, 0.6)),
                ),
                ActivitySpec(
                    "Conduct TDS surveys and pass orders treating deductors as in default",
                    (("TDS Administration", 3, 0.8), ("Taxpayer Services", 2, 0.4)),
                ),
            ),
            requirements=(("Integrity and Ethics", 3, 0.9), ("Accountability", 3, 0.6)),
        ),
        RoleSpec(
            name="Investigation Officer",
            description="Detects concealed income and leads search and seizure actions.",
            activities=(
                ActivitySpec(
                    "Develop intelligence on concealed income from financial transaction data",
                    (
                        ("Search, Seizure and Investigation", 3, 1.0),
                        ("Data Analysis for Decision Making", 3, 0.7),
                    ),
                ),
                ActivitySpec(
                    "Lead search teams and appraise the seized material",
                    (("Search, Seizure and Investigation", 4, 0.9), ("Income-tax Assessment", 3, 0.5)),
                ),
                ActivitySpec(
                    "Prepare the appraisal report for the central charge",
                    (("Search, Seizure and Investigation", 3, 0.8), ("Noting and Drafting", 3, 0.5)),
                ),
            ),
            requirements=(("Integrity and Ethics", 4, 1.0), ("Leadership", 3, 0.7), ("Team Work", 3, 0.6)),
        ),
        RoleSpec(
            name="Transfer Pricing Officer",
            description=(
                "Determines the arm's length price of international transactions referred for scrutiny."
            ),
            activities=(
                ActivitySpec(
                    "Determine the arm's length price of international transactions referred by the "
                    "Assessing Officer",
                    (("International Taxation and Transfer Pricing", 4, 1.0),),
                ),
                ActivitySpec(
                    "Examine benchmarking studies and the comparables chosen by the taxpayer",
                    (
                        ("International Taxation and Transfer Pricing", 3, 0.8),
                        ("Data Analysis for Decision Making", 3, 0.6),
                    ),
                ),
            ),
            requirements=(("Integrity and Ethics", 4, 1.0), ("Decision Making", 4, 0.8)),
        ),
    ),
    designations=(
        DesignationSpec("Inspector of Income Tax", 7, "Group B", ("TDS Officer",)),
        DesignationSpec("Income Tax Officer", 8, "Group B", ("Assessing Officer", "TDS Officer")),
        DesignationSpec(
            "Assistant Commissioner of Income Tax",
            10,
            "Group A",
            ("Assessing Officer", "Investigation Officer"),
        ),
        DesignationSpec(
            "Deputy Commissioner of Income Tax",
            11,
            "Group A",
            ("Investigation Officer", "Transfer Pricing Officer", "Assessing Officer"),
        ),
    ),
)

# ---------------------------------------------------------------------------------------------------------
# Ministry of Health and Family Welfare
# ---------------------------------------------------------------------------------------------------------

_DEPARTMENT_OF_HEALTH = DepartmentSpec(
    name="Department of Health and Family Welfare",
    code="DOHFW",
    organisations=(
        "Directorate General of Health Services",
        "National Health Systems Resource Centre",
        "Central Drugs Standard Control Organisation",
        "National Centre for Disease Control",
        "Safdarjung Hospital, New Delhi",
        "Regional Office of Health and Family Welfare, Patna",
    ),
    services=("Central Health Service", "Indian Administrative Service", "Central Secretariat Service"),
    domain_competencies=(
        CompetencySpec(
            name="Public Health Programme Management",
            type="domain",
            area="Public Health",
            theme="Health Programmes",
            sub_theme="National Health Mission",
            description=(
                "Plans, finances and reviews public health programmes under the National Health Mission, "
                "from state programme implementation plans to delivery at health facilities."
            ),
            topics=(
                "NHM programme implementation plans",
                "comprehensive primary care at Ayushman Arogya Mandirs",
                "reviews on the Health Management Information System",
                "human resources for health under NHM",
                "supportive supervision of health facilities",
            ),
        ),
        CompetencySpec(
            name="Disease Surveillance and Outbreak Response",
            type="domain",
            area="Public Health",
            theme="Communicable Diseases",
            sub_theme="Surveillance",
            description=(
                "Detects and responds to disease outbreaks through the Integrated Disease Surveillance "
                "Programme and the Integrated Health Information Platform."
            ),
            topics=(
                "IDSP surveillance on IHIP",
                "outbreak investigation",
                "rapid response teams",
                "reporting under the International Health Regulations",
                "the One Health approach to zoonoses",
            ),
        ),
        CompetencySpec(
            name="Hospital Administration",
            type="domain",
            area="Public Health",
            theme="Health Care Delivery",
            sub_theme="Hospital management",
            description=(
                "Manages the clinical and support services of a government hospital, including patient flow, "
                "quality, infection control and bio-medical waste."
            ),
            topics=(
                "patient flow and OPD management",
                "quality assurance under NQAS",
                "infection prevention and control",
                "the Bio-medical Waste Management Rules 2016",
                "hospital stores and drug supply",
            ),
        ),
        CompetencySpec(
            name="Drug Regulation and Pharmacovigilance",
            type="domain",
            area="Public Health",
            theme="Regulation",
            sub_theme="Drugs and medical devices",
            description=(
                "Enforces the Drugs and Cosmetics Act, 1940 and the New Drugs and Clinical Trials Rules, "
                "2019, inspecting manufacturers and monitoring adverse drug reactions."
            ),
            topics=(
                "inspection of drug manufacturing units",
                "the New Drugs and Clinical Trials Rules 2019",
                "sampling and testing of drugs",
                "the Pharmacovigilance Programme of India",
                "regulation of medical devices",
            ),
        ),
        CompetencySpec(
            name="Immunisation Programme Management",
            type="domain",
            area="Public Health",
            theme="Health Programmes",
            sub_theme="Universal Immunisation Programme",
            description=(
                "Manages routine immunisation and campaigns under the Universal Immunisation Programme, "
                "including cold chain and vaccine logistics on eVIN and U-WIN."
            ),
            topics=(
                "micro-planning for routine immunisation",
                "cold chain and vaccine logistics on eVIN",
                "the U-WIN digital immunisation registry",
                "adverse events following immunisation",
                "Mission Indradhanush campaigns",
            ),
        ),
    ),
    roles=(
        RoleSpec(
            name="NHM Programme Officer",
            description=(
                "Plans and reviews National Health Mission programmes for a group of states or districts."
            ),
            activities=(
                ActivitySpec(
                    "Appraise state programme implementation plans and prepare the record of proceedings",
                    (
                        ("Public Health Programme Management", 3, 1.0),
                        ("Budgeting and Expenditure Management", 2, 0.5),
                    ),
                ),
                ActivitySpec(
                    "Review HMIS indicators and flag districts that are falling behind",
                    (
                        ("Public Health Programme Management", 3, 0.8),
                        ("Data Analysis for Decision Making", 3, 0.7),
                    ),
                ),
                ActivitySpec(
                    "Review immunisation coverage and cold chain readiness",
                    (
                        ("Immunisation Programme Management", 3, 0.8),
                        ("Data Analysis for Decision Making", 2, 0.4),
                    ),
                ),
                ActivitySpec(
                    "Make supportive supervision visits to health facilities",
                    (("Public Health Programme Management", 2, 0.6), ("Monitoring and Evaluation", 2, 0.6)),
                ),
            ),
            requirements=(
                ("Citizen Centricity", 3, 0.8),
                ("Communication", 3, 0.5),
                ("Leadership", 2, 0.5),
            ),
        ),
        RoleSpec(
            name="Surveillance Officer",
            description="Watches disease surveillance data and leads the response to outbreaks.",
            activities=(
                ActivitySpec(
                    "Analyse weekly IDSP data on IHIP and identify early warning signals",
                    (
                        ("Disease Surveillance and Outbreak Response", 3, 1.0),
                        ("Data Analysis for Decision Making", 3, 0.7),
                    ),
                ),
                ActivitySpec(
                    "Lead rapid response team investigations of outbreaks",
                    (("Disease Surveillance and Outbreak Response", 3, 0.9),),
                ),
            ),
            requirements=(("Decision Making", 3, 0.8), ("Team Work", 3, 0.6), ("Communication", 3, 0.6)),
        ),
        RoleSpec(
            name="Hospital Administrator",
            description=(
                "Runs the clinical support, quality and logistics functions of a government hospital."
            ),
            activities=(
                ActivitySpec(
                    "Plan OPD and ward services to reduce waiting time for patients",
                    (("Hospital Administration", 3, 1.0),),
                ),
                ActivitySpec(
                    "Prepare the hospital for NQAS certification",
                    (("Hospital Administration", 3, 0.8), ("Monitoring and Evaluation", 2, 0.4)),
                ),
                ActivitySpec(
                    "Procure drugs and consumables through GeM and rate contracts",
                    (("Public Procurement", 2, 0.6), ("Hospital Administration", 2, 0.4)),
                ),
            ),
            requirements=(("Empathy", 3, 0.8), ("Leadership", 3, 0.8), ("Citizen Centricity", 3, 0.7)),
        ),
        RoleSpec(
            name="Drugs Regulatory Officer",
            description="Enforces drug laws through inspections, sampling and pharmacovigilance.",
            activities=(
                ActivitySpec(
                    "Inspect drug manufacturing and sale premises under the Drugs and Cosmetics Act",
                    (("Drug Regulation and Pharmacovigilance", 3, 1.0),),
                ),
                ActivitySpec(
                    "Draw statutory samples and follow up the test reports",
                    (("Drug Regulation and Pharmacovigilance", 2, 0.7),),
                ),
                ActivitySpec(
                    "Review adverse drug reaction reports and recommend regulatory action",
                    (
                        ("Drug Regulation and Pharmacovigilance", 3, 0.6),
                        ("Data Analysis for Decision Making", 2, 0.4),
                    ),
                ),
            ),
            requirements=(("Integrity and Ethics", 4, 1.0), ("Accountability", 3, 0.6)),
        ),
    ),
    designations=(
        DesignationSpec("Medical Officer", 10, "Group A", ("Hospital Administrator", "Surveillance Officer")),
        DesignationSpec(
            "Senior Medical Officer", 11, "Group A", ("Hospital Administrator", "NHM Programme Officer")
        ),
        DesignationSpec("Drugs Inspector", 7, "Group B", ("Drugs Regulatory Officer",)),
        DesignationSpec(
            "Deputy Drugs Controller (India)", 12, "Group A", ("Drugs Regulatory Officer", "Policy Analyst")
        ),
    ),
)

# ---------------------------------------------------------------------------------------------------------
# Ministry of Rural Development
# ---------------------------------------------------------------------------------------------------------

_DEPARTMENT_OF_RURAL_DEVELOPMENT = DepartmentSpec(
    name="Department of Rural Development",
    code="DORD",
    organisations=(
        "National Rural Infrastructure Development Agency",
        "DAY-NRLM National Mission Management Unit",
        "Social Audit Unit, Andhra Pradesh",
        "District Rural Development Agency, Gaya",
        "Block Development Office, Sohna",
    ),
    services=("Indian Administrative Service", "Central Secretariat Service", "Indian Economic Service"),
    domain_competencies=(
        CompetencySpec(
            name="MGNREGA Implementation",
            type="domain",
            area="Rural Development",
            theme="Wage Employment",
            sub_theme="Mahatma Gandhi NREGA",
            description=(
                "Implements the Mahatma Gandhi National Rural Employment Guarantee Act, 2005, from labour "
                "budgets and work demand to muster rolls, wage payment and geo-tagging of assets on "
                "NREGASoft."
            ),
            topics=(
                "the labour budget and annual plan of works",
                "muster rolls and wage payment through NeFMS",
                "geo-tagging assets with GeoMGNREGA",
                "convergence with other schemes",
                "delay compensation and unemployment allowance",
                "attendance on the National Mobile Monitoring System",
            ),
        ),
        CompetencySpec(
            name="Social Audit",
            type="domain",
            area="Rural Development",
            theme="Transparency",
            sub_theme="Social audit of schemes",
            description=(
                "Facilitates social audits of MGNREGA and other schemes by gram sabhas, making sure records "
                "are disclosed and findings are acted upon."
            ),
            topics=(
                "social audit under the Audit of Schemes Rules 2011",
                "conducting gram sabha hearings",
                "disclosure of records to the public",
                "action taken on social audit findings",
            ),
        ),
        CompetencySpec(
            name="Rural Housing (PMAY-G)",
            type="domain",
            area="Rural Development",
            theme="Rural Housing",
            sub_theme="Pradhan Mantri Awaas Yojana - Gramin",
            description=(
                "Implements Pradhan Mantri Awaas Yojana - Gramin, from beneficiary selection on Awaas+ to "
                "geo-tagged, stage-wise construction and release of instalments."
            ),
            topics=(
                "beneficiary selection from SECC data and Awaas+",
                "stage-wise inspection and geo-tagging",
                "release of instalments through AwaasSoft",
                "house design typologies",
                "convergence for toilets, LPG and electricity",
            ),
        ),
        CompetencySpec(
            name="Rural Livelihoods (DAY-NRLM)",
            type="domain",
            area="Rural Development",
            theme="Livelihoods",
            sub_theme="Deendayal Antyodaya Yojana - NRLM",
            description=(
                "Builds and strengthens self-help groups and their federations, and links them to bank "
                "credit and livelihood opportunities under DAY-NRLM."
            ),
            topics=(
                "forming and grading self-help groups",
                "bank linkage and credit camps",
                "livelihood plans for Lakhpati Didis",
                "community resource persons",
                "farm and non-farm livelihoods",
            ),
        ),
        CompetencySpec(
            name="Rural Roads (PMGSY) Monitoring",
            type="domain",
            area="Rural Development",
            theme="Rural Infrastructure",
            sub_theme="Pradhan Mantri Gram Sadak Yojana",
            description=(
                "Monitors construction and maintenance of rural roads under PMGSY through OMMAS, quality "
                "monitors and field inspections."
            ),
            topics=(
                "project monitoring on OMMAS",
                "the three-tier quality control mechanism",
                "maintenance contracts for rural roads",
                "new technologies in rural road construction",
            ),
        ),
    ),
    roles=(
        RoleSpec(
            name="MGNREGA Programme Officer",
            description="Runs MGNREGA in a block: planning works, paying wages on time and checking quality.",
            activities=(
                ActivitySpec(
                    "Prepare the block labour budget and shelf of works with the gram panchayats",
                    (("MGNREGA Implementation", 3, 1.0), ("Stakeholder Consultation", 2, 0.5)),
                ),
                ActivitySpec(
                    "Verify muster rolls and generate wage lists for payment",
                    (
                        ("MGNREGA Implementation", 3, 0.9),
                        ("Scheme Implementation and Direct Benefit Transfer", 3, 0.7),
                    ),
                ),
                ActivitySpec(
                    "Inspect works and make sure that completed assets are geo-tagged",
                    (("MGNREGA Implementation", 2, 0.7), ("Monitoring and Evaluation", 2, 0.5)),
                ),
            ),
            requirements=(
                ("Citizen Centricity", 3, 0.9),
                ("Integrity and Ethics", 3, 0.8),
                ("Empathy", 2, 0.5),
            ),
        ),
        RoleSpec(
            name="Social Audit Facilitator",
            description=(
                "Helps gram sabhas audit schemes by verifying records with workers and beneficiaries."
            ),
            activities=(
                ActivitySpec(
                    "Obtain scheme records and verify them door to door with workers",
                    (("Social Audit", 3, 1.0), ("MGNREGA Implementation", 2, 0.5)),
                ),
                ActivitySpec(
                    "Present the findings at the gram sabha and record its decisions",
                    (("Social Audit", 3, 0.9),),
                ),
            ),
            requirements=(("Integrity and Ethics", 3, 0.9), ("Communication", 3, 0.8), ("Empathy", 3, 0.6)),
        ),
        RoleSpec(
            name="Rural Housing Coordinator",
            description="Sanctions houses under PMAY-G and tracks their construction to completion.",
            activities=(
                ActivitySpec(
                    "Validate beneficiaries and sanction houses on AwaasSoft",
                    (
                        ("Rural Housing (PMAY-G)", 3, 1.0),
                        ("Scheme Implementation and Direct Benefit Transfer", 2, 0.6),
                    ),
                ),
                ActivitySpec(
                    "Track stage-wise progress and release instalments",
                    (("Rural Housing (PMAY-G)", 3, 0.8), ("Data Analysis for Decision Making", 2, 0.4)),
                ),
            ),
            requirements=(("Citizen Centricity", 3, 0.8), ("Accountability", 3, 0.6)),
        ),
        RoleSpec(
            name="Livelihoods Mission Manager",
            description="Builds self-help groups and links them to credit and livelihoods under DAY-NRLM.",
            activities=(
                ActivitySpec(
                    "Plan the formation and capacity building of self-help groups in the block",
                    (("Rural Livelihoods (DAY-NRLM)", 3, 1.0), ("Project Management", 2, 0.5)),
                ),
                ActivitySpec(
                    "Organise credit linkage camps with banks",
                    (("Rural Livelihoods (DAY-NRLM)", 3, 0.8), ("Stakeholder Consultation", 3, 0.6)),
                ),
                ActivitySpec(
                    "Review rural road works taken up for market access in the block",
                    (("Rural Roads (PMGSY) Monitoring", 2, 0.4),),
                ),
            ),
            requirements=(("Empathy", 3, 0.7), ("Leadership", 3, 0.7), ("Team Work", 3, 0.6)),
        ),
    ),
    designations=(
        DesignationSpec(
            "Block Development Officer",
            9,
            "Group B",
            ("MGNREGA Programme Officer", "Rural Housing Coordinator"),
        ),
        DesignationSpec(
            "Assistant Programme Officer",
            6,
            "Group C",
            ("MGNREGA Programme Officer", "Social Audit Facilitator"),
        ),
        DesignationSpec(
            "Deputy Director (Rural Development)",
            11,
            "Group A",
            ("Livelihoods Mission Manager", "Rural Housing Coordinator"),
        ),
        DesignationSpec(
            "Project Director, DRDA",
            12,
            "Group A",
            ("Livelihoods Mission Manager", "MGNREGA Programme Officer"),
        ),
    ),
)

_DEPARTMENT_OF_LAND_RESOURCES = DepartmentSpec(
    name="Department of Land Resources",
    code="DOLR",
    organisations=(
        "DILRMP Programme Management Unit",
        "Watershed Development Component Cell (PMKSY)",
        "Survey and Settlement Office, Bhubaneswar",
        "Land Records Modernisation Cell, Ranchi",
    ),
    services=("Indian Administrative Service", "Indian Forest Service", "Central Secretariat Service"),
    domain_competencies=(
        CompetencySpec(
            name="Digital Land Records (DILRMP)",
            type="domain",
            area="Land Governance",
            theme="Land Records",
            sub_theme="Digital India Land Records Modernization Programme",
            description=(
                "Computerises and integrates records of rights, cadastral maps and registration under "
                "DILRMP, including ULPIN and the National Generic Document Registration System."
            ),
            topics=(
                "computerisation of records of rights",
                "digitisation and geo-referencing of cadastral maps",
                "the Unique Land Parcel Identification Number (ULPIN)",
                "the National Generic Document Registration System",
                "linking land records with courts and banks",
            ),
        ),
        CompetencySpec(
            name="Watershed Development",
            type="domain",
            area="Land Governance",
            theme="Natural Resource Management",
            sub_theme="Watershed Development Component of PMKSY",
            description=(
                "Plans and implements watershed projects under PMKSY to conserve soil and water and raise "
                "rural incomes."
            ),
            topics=(
                "detailed project reports for watershed projects",
                "ridge-to-valley treatment",
                "geo-spatial monitoring of watershed works",
                "springshed management",
                "watershed committees and user groups",
            ),
        ),
        CompetencySpec(
            name="Land Acquisition, Rehabilitation and Resettlement",
            type="domain",
            area="Land Governance",
            theme="Land Acquisition",
            sub_theme="RFCTLARR Act, 2013",
            description=(
                "Applies the Right to Fair Compensation and Transparency in Land Acquisition, Rehabilitation "
                "and Resettlement Act, 2013, from social impact assessment to the award and R&R entitlements."
            ),
            topics=(
                "social impact assessment",
                "determination of compensation",
                "rehabilitation and resettlement schemes",
                "consent and public hearings",
                "proceedings before the LARR Authority",
            ),
        ),
        CompetencySpec(
            name="Cadastral Survey and Re-survey",
            type="domain",
            area="Land Governance",
            theme="Land Records",
            sub_theme="Survey and mapping",
            description=(
                "Plans and supervises cadastral surveys and re-surveys using drones and CORS-based "
                "positioning."
            ),
            topics=(
                "drone-based re-survey",
                "CORS and DGPS survey methods",
                "mutation and updating of maps",
                "resolving boundary disputes during survey",
            ),
        ),
    ),
    roles=(
        RoleSpec(
            name="Land Records Modernisation Officer",
            description="Steers states' work on digitising land records and re-surveying land parcels.",
            activities=(
                ActivitySpec(
                    "Monitor state progress on computerising records of rights and maps",
                    (("Digital Land Records (DILRMP)", 3, 1.0), ("Monitoring and Evaluation", 2, 0.5)),
                ),
                ActivitySpec(
                    "Coordinate re-survey projects with state survey departments",
                    (("Cadastral Survey and Re-survey", 3, 0.8), ("Stakeholder Consultation", 2, 0.5)),
                ),
            ),
            requirements=(("Innovation", 3, 0.7), ("Accountability", 3, 0.6), ("Team Work", 2, 0.5)),
        ),
        RoleSpec(
            name="Watershed Project Officer",
            description="Appraises and monitors watershed development projects.",
            activities=(
                ActivitySpec(
                    "Appraise detailed project reports for watershed projects",
                    (("Watershed Development", 3, 1.0), ("Project Management", 2, 0.5)),
                ),
                ActivitySpec(
                    "Review physical progress using geo-spatial monitoring",
                    (("Watershed Development", 3, 0.8), ("Data Analysis for Decision Making", 2, 0.5)),
                ),
            ),
            requirements=(("Problem Solving", 3, 0.6), ("Team Work", 3, 0.6), ("Citizen Centricity", 2, 0.5)),
        ),
        RoleSpec(
            name="Land Acquisition Officer",
            description=(
                "Conducts land acquisition proceedings and settles compensation and R&R entitlements."
            ),
            activities=(
                ActivitySpec(
                    "Conduct public hearings for the social impact assessment",
                    (
                        ("Land Acquisition, Rehabilitation and Resettlement", 3, 1.0),
                        ("Stakeholder Consultation", 3, 0.6),
                    ),
                ),
                ActivitySpec(
                    "Determine compensation and pass the award",
                    (
                        ("Land Acquisition, Rehabilitation and Resettlement", 4, 0.9),
                        ("Noting and Drafting", 3, 0.4),
                    ),
                ),
            ),
            requirements=(("Integrity and Ethics", 4, 1.0), ("Empathy", 3, 0.8)),
        ),
    ),
    designations=(
        DesignationSpec(
            "Assistant Director (Land Resources)",
            10,
            "Group A",
            ("Land Records Modernisation Officer", "Watershed Project Officer"),
        ),
        DesignationSpec("Technical Officer (Watershed)", 8, "Group B", ("Watershed Project Officer",)),
        DesignationSpec("Special Land Acquisition Officer", 11, "Group A", ("Land Acquisition Officer",)),
    ),
)

# ---------------------------------------------------------------------------------------------------------
# Ministry of Home Affairs
# ---------------------------------------------------------------------------------------------------------

_DEPARTMENT_OF_INTERNAL_SECURITY = DepartmentSpec(
    name="Department of Internal Security",
    code="DIS",
    organisations=(
        "Indian Cyber Crime Coordination Centre (I4C)",
        "National Disaster Response Force Headquarters",
        "Bureau of Police Research and Development",
        "Foreigners Regional Registration Office, Kolkata",
        "Central Reserve Police Force Group Centre, Pallipuram",
    ),
    services=(
        "Indian Police Service",
        "Central Armed Police Forces (Group A)",
        "Indian Administrative Service",
        "Central Secretariat Service",
    ),
    domain_competencies=(
        CompetencySpec(
            name="Cyber Crime Investigation",
            type="domain",
            area="Internal Security",
            theme="Cyber Crime",
            sub_theme="Investigation and coordination",
            description=(
                "Coordinates and supports the investigation of cyber crime and financial fraud, using the "
                "National Cyber Crime Reporting Portal and the 1930 helpline."
            ),
            topics=(
                "workflows on the National Cyber Crime Reporting Portal",
                "digital evidence and chain of custody",
                "financial fraud and the 1930 helpline",
                "certificates for electronic records under the Bharatiya Sakshya Adhiniyam",
                "social media and dark web investigations",
            ),
        ),
        CompetencySpec(
            name="New Criminal Laws (BNS, BNSS and BSA)",
            type="domain",
            area="Internal Security",
            theme="Criminal Justice",
            sub_theme="Criminal law reform",
            description=(
                "Applies the Bharatiya Nyaya Sanhita, the Bharatiya Nagarik Suraksha Sanhita and the "
                "Bharatiya Sakshya Adhiniyam, 2023 in police and prosecution work."
            ),
            topics=(
                "key changes from the IPC to the Bharatiya Nyaya Sanhita",
                "zero FIR and e-FIR under the BNSS",
                "mandatory forensic investigation",
                "electronic evidence under the BSA",
                "timelines for investigation and trial",
            ),
        ),
        CompetencySpec(
            name="Disaster Management",
            type="domain",
            area="Internal Security",
            theme="Disaster Risk Reduction",
            sub_theme="Preparedness and response",
            description=(
                "Plans for and responds to natural and man-made disasters under the Disaster Management Act, "
                "2005, coordinating the NDRF, state agencies and volunteers."
            ),
            topics=(
                "the Disaster Management Act 2005 and the National Disaster Management Plan",
                "the incident response system",
                "search and rescue coordination",
                "early warning and the Common Alerting Protocol",
                "post-disaster needs assessment",
            ),
        ),
        CompetencySpec(
            name="Immigration and Foreigners Administration",
            type="domain",
            area="Internal Security",
            theme="Immigration",
            sub_theme="Registration and immigration control",
            description=(
                "Administers the registration, stay and exit of foreign nationals and carries out "
                "immigration checks at ports of entry."
            ),
            topics=(
                "registration of foreigners on e-FRRO",
                "visa extension and conversion",
                "immigration clearance at ports of entry",
                "overstay and deportation procedure",
                "look-out circulars",
            ),
        ),
    ),
    roles=(
        RoleSpec(
            name="Cyber Crime Coordinator",
            description="Routes cyber crime complaints to state police and coordinates action against fraud.",
            activities=(
                ActivitySpec(
                    "Triage complaints on the National Cyber Crime Reporting Portal and route them to state "
                    "police",
                    (("Cyber Crime Investigation", 3, 1.0), ("Data Analysis for Decision Making", 2, 0.5)),
                ),
                ActivitySpec(
                    "Coordinate with banks to freeze the proceeds of fraud reported on the 1930 helpline",
                    (("Cyber Crime Investigation", 3, 0.9), ("Stakeholder Consultation", 2, 0.5)),
                ),
                ActivitySpec(
                    "Issue advisories on emerging patterns of cyber fraud",
                    (("Cyber Crime Investigation", 3, 0.6), ("Cyber Hygiene", 3, 0.6)),
                ),
            ),
            requirements=(("Decision Making", 3, 0.8), ("Team Work", 3, 0.6), ("Adaptability", 3, 0.5)),
        ),
        RoleSpec(
            name="Disaster Response Coordinator",
            description="Prepares for and coordinates the national response to disasters.",
            activities=(
                ActivitySpec(
                    "Pre-position NDRF teams on the basis of early warnings",
                    (("Disaster Management", 3, 1.0),),
                ),
                ActivitySpec(
                    "Run the emergency operations centre during a disaster",
                    (("Disaster Management", 4, 0.9), ("Stakeholder Consultation", 2, 0.4)),
                ),
                ActivitySpec(
                    "Conduct mock drills with state disaster response forces",
                    (("Disaster Management", 3, 0.6), ("Project Management", 2, 0.3)),
                ),
            ),
            requirements=(("Leadership", 4, 0.9), ("Decision Making", 4, 0.9), ("Empathy", 3, 0.5)),
        ),
        RoleSpec(
            name="Immigration Officer",
            description="Clears travellers at ports of entry and handles the registration of foreigners.",
            activities=(
                ActivitySpec(
                    "Conduct immigration checks of arriving and departing passengers",
                    (("Immigration and Foreigners Administration", 3, 1.0),),
                ),
                ActivitySpec(
                    "Process registration and visa extension requests on e-FRRO",
                    (
                        ("Immigration and Foreigners Administration", 3, 0.8),
                        ("e-Office File Management", 2, 0.3),
                    ),
                ),
            ),
            requirements=(
                ("Integrity and Ethics", 4, 0.9),
                ("Citizen Centricity", 3, 0.6),
                ("Communication", 2, 0.4),
            ),
        ),
        RoleSpec(
            name="Police Training Coordinator",
            description="Designs and monitors training of police forces in the new criminal laws.",
            activities=(
                ActivitySpec(
                    "Design training modules on the new criminal laws for state police",
                    (("New Criminal Laws (BNS, BNSS and BSA)", 4, 1.0),),
                ),
                ActivitySpec(
                    "Review compliance with the forensic and e-evidence mandates",
                    (
                        ("New Criminal Laws (BNS, BNSS and BSA)", 3, 0.8),
                        ("Monitoring and Evaluation", 2, 0.5),
                    ),
                ),
            ),
            requirements=(("Communication", 3, 0.8), ("Leadership", 3, 0.6)),
        ),
    ),
    designations=(
        DesignationSpec("Assistant Commandant", 10, "Group A", ("Disaster Response Coordinator",)),
        DesignationSpec(
            "Inspector of Police", 7, "Group B", ("Immigration Officer", "Cyber Crime Coordinator")
        ),
        DesignationSpec("Sub-Inspector", 6, "Group B", ("Immigration Officer",)),
        DesignationSpec(
            "Deputy Inspector General",
            13,
            "Group A",
            ("Police Training Coordinator", "Cyber Crime Coordinator"),
        ),
    ),
)

_DEPARTMENT_OF_OFFICIAL_LANGUAGE = DepartmentSpec(
    name="Department of Official Language",
    code="DOL",
    organisations=(
        "Central Translation Bureau",
        "Central Hindi Training Institute",
        "Regional Implementation Office (Official Language), Bengaluru",
        "Regional Implementation Office (Official Language), Mumbai",
    ),
    services=("Central Secretariat Official Language Service", "Central Secretariat Service"),
    domain_competencies=(
        CompetencySpec(
            name="Official Language Implementation",
            type="domain",
            area="Official Language",
            theme="Rajbhasha Policy",
            sub_theme="Compliance",
            description=(
                "Ensures compliance with the Official Languages Act, 1963 and the Official Languages Rules, "
                "1976, including the annual programme and documents under section 3(3)."
            ),
            topics=(
                "section 3(3) of the Official Languages Act",
                "the annual programme and quarterly progress reports",
                "meetings of the Official Language Implementation Committee",
                "inspections by the Committee of Parliament on Official Language",
                "correspondence targets for regions A, B and C",
            ),
        ),
        CompetencySpec(
            name="Administrative Translation",
            type="domain",
            area="Official Language",
            theme="Translation",
            sub_theme="English-Hindi translation",
            description=(
                "Translates administrative, legal and technical documents between English and Hindi "
                "accurately and in standard terminology."
            ),
            topics=(
                "translating office memoranda and notifications",
                "legal translation",
                "the standard terminology of the CSTT",
                "machine-assisted translation with Kanthasth",
                "proof-reading and vetting translations",
            ),
        ),
        CompetencySpec(
            name="Hindi Teaching and Training",
            type="domain",
            area="Official Language",
            theme="Training",
            sub_theme="Hindi Teaching Scheme",
            description=(
                "Teaches Hindi language, typing and stenography to central government employees under the "
                "Hindi Teaching Scheme."
            ),
            topics=(
                "the Prabodh, Praveen and Pragya courses",
                "Hindi typing in Unicode",
                "Hindi stenography",
                "e-learning through LILA Rajbhasha",
            ),
        ),
        CompetencySpec(
            name="Rajbhasha Inspection and Reporting",
            type="domain",
            area="Official Language",
            theme="Rajbhasha Policy",
            sub_theme="Inspection and reporting",
            description=(
                "Inspects offices for compliance with the official language policy and compiles reports for "
                "the Department and the Committee of Parliament on Official Language."
            ),
            topics=(
                "official language inspection questionnaires",
                "quarterly progress reports online",
                "town official language implementation committees",
                "assessment for the Rajbhasha awards",
            ),
        ),
    ),
    roles=(
        RoleSpec(
            name="Official Language Officer",
            description="Promotes and monitors the use of Hindi in official work across the office.",
            activities=(
                ActivitySpec(
                    "Monitor compliance with section 3(3) and the annual programme",
                    (("Official Language Implementation", 3, 1.0), ("Monitoring and Evaluation", 2, 0.4)),
                ),
                ActivitySpec(
                    "Conduct official language inspections of subordinate offices",
                    (("Rajbhasha Inspection and Reporting", 3, 0.8), ("Noting and Drafting", 2, 0.4)),
                ),
                ActivitySpec(
                    "Organise Hindi workshops and the Hindi Pakhwada",
                    (("Hindi Teaching and Training", 2, 0.5), ("Official Language Implementation", 2, 0.4)),
                ),
            ),
            requirements=(("Communication", 3, 0.8), ("Team Work", 2, 0.5)),
        ),
        RoleSpec(
            name="Translator",
            description="Translates and vets official documents between English and Hindi.",
            activities=(
                ActivitySpec(
                    "Translate notes, orders and Parliament material into Hindi within deadlines",
                    (("Administrative Translation", 3, 1.0), ("Parliament Questions and Assurances", 2, 0.3)),
                ),
                ActivitySpec(
                    "Vet translations for accuracy and standard terminology",
                    (("Administrative Translation", 4, 0.8),),
                ),
            ),
            requirements=(("Accountability", 3, 0.7), ("Communication", 3, 0.6), ("Adaptability", 2, 0.3)),
        ),
        RoleSpec(
            name="Hindi Instructor",
            description="Teaches Hindi language, typing and stenography to central government employees.",
            activities=(
                ActivitySpec(
                    "Teach the Prabodh, Praveen and Pragya classes",
                    (("Hindi Teaching and Training", 3, 1.0),),
                ),
                ActivitySpec(
                    "Assess trainees and report the results",
                    (("Hindi Teaching and Training", 2, 0.6), ("Data Analysis for Decision Making", 1, 0.3)),
                ),
            ),
            requirements=(("Communication", 3, 0.8), ("Empathy", 2, 0.5)),
        ),
    ),
    designations=(
        DesignationSpec("Junior Translation Officer", 6, "Group B", ("Translator",)),
        DesignationSpec(
            "Senior Translation Officer", 7, "Group B", ("Translator", "Official Language Officer")
        ),
        DesignationSpec("Hindi Pradhyapak", 7, "Group B", ("Hindi Instructor",)),
        DesignationSpec(
            "Assistant Director (Official Language)",
            10,
            "Group A",
            ("Official Language Officer", "Translator"),
        ),
    ),
)

# ---------------------------------------------------------------------------------------------------------
# Ministry of Electronics and Information Technology
# ---------------------------------------------------------------------------------------------------------

_MEITY_SECRETARIAT = DepartmentSpec(
    name="MeitY Secretariat",
    code="MEITYSEC",
    organisations=(
        "National Informatics Centre",
        "Indian Computer Emergency Response Team (CERT-In)",
        "Standardisation Testing and Quality Certification Directorate",
        "Office of the Controller of Certifying Authorities",
        "National e-Governance Division",
        "NIC Uttar Pradesh State Centre, Lucknow",
    ),
    services=(
        "NIC Scientific and Technical Cadre",
        "Indian Administrative Service",
        "Central Secretariat Service",
    ),
    domain_competencies=(
        CompetencySpec(
            name="Cyber Security Incident Response",
            type="domain",
            area="Information Technology",
            theme="Cyber Security",
            sub_theme="Incident response",
            description=(
                "Detects, analyses and coordinates the response to cyber security incidents, in line with "
                "the CERT-In directions of April 2022 on reporting within six hours."
            ),
            topics=(
                "incident triage and the six-hour reporting rule",
                "log analysis and threat hunting",
                "basics of malware analysis",
                "coordinating the response with sectoral CERTs",
                "cyber crisis management plans",
            ),
        ),
        CompetencySpec(
            name="Digital Public Infrastructure",
            type="domain",
            area="Information Technology",
            theme="e-Governance",
            sub_theme="Population-scale platforms",
            description=(
                "Designs and operates population-scale digital platforms such as Aadhaar, DigiLocker and "
                "UMANG, using open standards and interoperable APIs."
            ),
            topics=(
                "the architecture of India Stack",
                "DigiLocker and verifiable documents",
                "API design for government platforms",
                "consent-based data sharing",
                "scaling citizen platforms such as UMANG",
            ),
        ),
        CompetencySpec(
            name="Data Protection and the DPDP Act",
            type="domain",
            area="Information Technology",
            theme="Data Governance",
            sub_theme="Personal data protection",
            description=(
                "Applies the Digital Personal Data Protection Act, 2023 to government processing of personal "
                "data, including notice, consent, purpose limitation and breach handling."
            ),
            topics=(
                "duties of data fiduciaries under the DPDP Act 2023",
                "legitimate uses of personal data by the State",
                "notifying personal data breaches",
                "privacy by design in e-governance",
                "retention and erasure of personal data",
            ),
        ),
        CompetencySpec(
            name="Government Cloud and Network Administration",
            type="domain",
            area="Information Technology",
            theme="Infrastructure",
            sub_theme="Cloud, data centres and networks",
            description=(
                "Manages the government cloud, data centres and the National Knowledge Network so that "
                "applications stay available and secure."
            ),
            topics=(
                "MeghRaj government cloud services",
                "data centre operations",
                "managing NICNET and the National Knowledge Network",
                "backup and disaster recovery",
                "secure configuration of servers",
            ),
        ),
        CompetencySpec(
            name="IT Act and Cyber Law",
            type="domain",
            area="Information Technology",
            theme="Data Governance",
            sub_theme="Cyber law",
            description=(
                "Applies the Information Technology Act, 2000 and its rules, including the intermediary "
                "guidelines, blocking orders and electronic signatures."
            ),
            topics=(
                "the IT (Intermediary Guidelines and Digital Media Ethics Code) Rules 2021",
                "blocking of content under section 69A",
                "electronic signatures and certifying authorities",
                "adjudication under the IT Act",
            ),
        ),
    ),
    roles=(
        RoleSpec(
            name="Cyber Security Analyst",
            description="Monitors security alerts, triages incidents and issues advisories.",
            activities=(
                ActivitySpec(
                    "Monitor security alerts and triage reported incidents",
                    (("Cyber Security Incident Response", 3, 1.0), ("Cyber Hygiene", 3, 0.5)),
                ),
                ActivitySpec(
                    "Analyse logs and indicators of compromise and issue advisories",
                    (
                        ("Cyber Security Incident Response", 3, 0.9),
                        ("Data Analysis for Decision Making", 3, 0.5),
                    ),
                ),
            ),
            requirements=(("Decision Making", 3, 0.7), ("Adaptability", 3, 0.6), ("Accountability", 3, 0.6)),
        ),
        RoleSpec(
            name="Chief Information Security Officer",
            description="Owns the information security and data protection posture of a ministry.",
            activities=(
                ActivitySpec(
                    "Approve the ministry's cyber crisis management plan and commission security audits",
                    (("Cyber Security Incident Response", 4, 1.0), ("Project Management", 3, 0.4)),
                ),
                ActivitySpec(
                    "Make sure that personal data handled by the ministry is processed as the DPDP Act "
                    "requires",
                    (("Data Protection and the DPDP Act", 3, 0.8), ("Policy Formulation", 2, 0.4)),
                ),
                ActivitySpec(
                    "Oversee the secure configuration of hosted applications",
                    (("Government Cloud and Network Administration", 3, 0.7), ("Cyber Hygiene", 4, 0.6)),
                ),
            ),
            requirements=(
                ("Integrity and Ethics", 4, 0.9),
                ("Leadership", 3, 0.8),
                ("Decision Making", 4, 0.8),
            ),
        ),
        RoleSpec(
            name="Digital Platform Manager",
            description="Owns a citizen-facing digital platform, its roadmap and the departments using it.",
            activities=(
                ActivitySpec(
                    "Define the roadmap and APIs of a citizen-facing platform",
                    (("Digital Public Infrastructure", 3, 1.0), ("Project Management", 3, 0.7)),
                ),
                ActivitySpec(
                    "Bring departments and their services onto the platform",
                    (("Digital Public Infrastructure", 3, 0.8), ("Stakeholder Consultation", 3, 0.6)),
                ),
                ActivitySpec(
                    "Track platform uptime and usage on dashboards",
                    (
                        ("Government Cloud and Network Administration", 2, 0.5),
                        ("Data Analysis for Decision Making", 3, 0.5),
                    ),
                ),
            ),
            requirements=(("Innovation", 4, 0.9), ("Citizen Centricity", 3, 0.8), ("Team Work", 3, 0.5)),
        ),
        RoleSpec(
            name="Cyber Law Officer",
            description=(
                "Handles the ministry's work under the Information Technology Act, 2000 and its rules."
            ),
            activities=(
                ActivitySpec(
                    "Examine blocking requests under section 69A and put them up to the committee",
                    (("IT Act and Cyber Law", 3, 1.0), ("Noting and Drafting", 3, 0.5)),
                ),
                ActivitySpec(
                    "Draft amendments to rules under the IT Act",
                    (("IT Act and Cyber Law", 4, 0.8), ("Policy Formulation", 3, 0.7)),
                ),
            ),
            requirements=(("Integrity and Ethics", 3, 0.8), ("Decision Making", 3, 0.7)),
        ),
    ),
    designations=(
        DesignationSpec("Scientific/Technical Assistant-A", 6, "Group B", ("Cyber Security Analyst",)),
        DesignationSpec("Scientist-B", 10, "Group A", ("Cyber Security Analyst", "Digital Platform Manager")),
        DesignationSpec("Scientist-C", 11, "Group A", ("Cyber Law Officer", "Digital Platform Manager")),
        DesignationSpec(
            "Scientist-D", 12, "Group A", ("Chief Information Security Officer", "Digital Platform Manager")
        ),
    ),
)

# ---------------------------------------------------------------------------------------------------------
# Ministry of Railways
# ---------------------------------------------------------------------------------------------------------

_RAILWAY_BOARD = DepartmentSpec(
    name="Railway Board",
    code="RB",
    organisations=(
        "Northern Railway, Delhi Division",
        "South Central Railway, Secunderabad Division",
        "Research Designs and Standards Organisation, Lucknow",
        "Centre for Railway Information Systems",
        "Central Organisation for Railway Electrification, Prayagraj",
    ),
    services=(
        "Indian Railway Management Service",
        "Railway Board Secretariat Service",
        "Indian Railway Protection Force Service",
    ),
    domain_competencies=(
        CompetencySpec(
            name="Railway Signalling and Safety",
            type="domain",
            area="Railway Operations",
            theme="Safety",
            sub_theme="Signalling and interlocking",
            description=(
                "Installs, maintains and audits signalling and interlocking systems, and applies the General "
                "and Subsidiary Rules so that trains run safely."
            ),
            topics=(
                "electronic interlocking",
                "Kavach automatic train protection",
                "the General and Subsidiary Rules",
                "disconnection and reconnection of signal gear",
                "safety audits and accident inquiries",
            ),
        ),
        CompetencySpec(
            name="Train Operations and Traffic Control",
            type="domain",
            area="Railway Operations",
            theme="Operations",
            sub_theme="Train running and control",
            description=(
                "Plans and controls train movements on a division to maximise punctuality and line capacity "
                "while observing the safety rules."
            ),
            topics=(
                "working of the control office",
                "punctuality monitoring through the Integrated Coaching Management System",
                "freight operations and rake management",
                "block working and line capacity",
                "handling unusual occurrences",
            ),
        ),
        CompetencySpec(
            name="Permanent Way and Track Maintenance",
            type="domain",
            area="Railway Operations",
            theme="Civil Engineering",
            sub_theme="Track maintenance",
            description=(
                "Maintains track geometry and structures through planned inspections, mechanised maintenance "
                "and ultrasonic flaw detection."
            ),
            topics=(
                "the Indian Railways Permanent Way Manual",
                "track geometry and track recording results",
                "ultrasonic flaw detection of rails",
                "mechanised track maintenance",
                "monsoon precautions and patrolling",
            ),
        ),
        CompetencySpec(
            name="Rolling Stock Maintenance",
            type="domain",
            area="Railway Operations",
            theme="Mechanical and Electrical Engineering",
            sub_theme="Coaches, wagons and locomotives",
            description=(
                "Maintains coaches, wagons and locomotives through scheduled examinations so that stock is "
                "fit to run safely and reliably."
            ),
            topics=(
                "maintenance of LHB coaches",
                "wagon examination and brake power certificates",
                "maintenance schedules for electric locomotives",
                "Vande Bharat train sets",
                "failure analysis of rolling stock",
            ),
        ),
        CompetencySpec(
            name="Passenger Reservation and Commercial Services",
            type="domain",
            area="Railway Operations",
            theme="Commercial",
            sub_theme="Passenger services",
            description=(
                "Manages ticketing, reservation, refunds and passenger amenities through the PRS and UTS "
                "systems and handles complaints received on RailMadad."
            ),
            topics=(
                "operations of the Passenger Reservation System",
                "refund rules and ticket checking",
                "station amenities under the Amrit Bharat Station Scheme",
                "handling passenger complaints on RailMadad",
                "parcel and freight commercial rules",
            ),
        ),
    ),
    roles=(
        RoleSpec(
            name="Signal Maintenance Supervisor",
            description="Keeps signalling and interlocking gear in a section safe and working.",
            activities=(
                ActivitySpec(
                    "Carry out scheduled maintenance of signalling and interlocking gear",
                    (("Railway Signalling and Safety", 3, 1.0),),
                ),
                ActivitySpec(
                    "Restore failed signals following the disconnection and reconnection procedure",
                    (
                        ("Railway Signalling and Safety", 3, 0.9),
                        ("Train Operations and Traffic Control", 2, 0.4),
                    ),
                ),
                ActivitySpec(
                    "Record maintenance and failure data in the signal failure monitoring system",
                    (
                        ("Railway Signalling and Safety", 2, 0.5),
                        ("Data Analysis for Decision Making", 2, 0.3),
                    ),
                ),
            ),
            requirements=(("Accountability", 4, 1.0), ("Team Work", 3, 0.7), ("Decision Making", 3, 0.6)),
        ),
        RoleSpec(
            name="Divisional Safety Officer",
            description="Audits safety on a division, inquires into accidents and runs safety drives.",
            activities=(
                ActivitySpec(
                    "Conduct safety audits of stations, yards and level crossings",
                    (
                        ("Railway Signalling and Safety", 3, 0.9),
                        ("Train Operations and Traffic Control", 3, 0.7),
                        ("Permanent Way and Track Maintenance", 2, 0.4),
                    ),
                ),
                ActivitySpec(
                    "Inquire into accidents and unusual occurrences and recommend remedial measures",
                    (
                        ("Railway Signalling and Safety", 3, 0.8),
                        ("Rolling Stock Maintenance", 2, 0.5),
                        ("Noting and Drafting", 3, 0.4),
                    ),
                ),
                ActivitySpec(
                    "Run safety drives and counselling sessions for running staff",
                    (("Train Operations and Traffic Control", 2, 0.5),),
                ),
            ),
            requirements=(
                ("Accountability", 4, 0.9),
                ("Integrity and Ethics", 3, 0.8),
                ("Leadership", 3, 0.7),
            ),
        ),
        RoleSpec(
            name="Station Operations Manager",
            description="Runs train operations and passenger services at a station.",
            activities=(
                ActivitySpec(
                    "Manage the reception and despatch of trains in line with the station working rules",
                    (
                        ("Train Operations and Traffic Control", 3, 1.0),
                        ("Railway Signalling and Safety", 2, 0.5),
                    ),
                ),
                ActivitySpec(
                    "Resolve passenger complaints received on RailMadad",
                    (
                        ("Passenger Reservation and Commercial Services", 3, 0.7),
                        ("Grievance Redressal", 2, 0.5),
                    ),
                ),
            ),
            requirements=(
                ("Citizen Centricity", 3, 0.8),
                ("Decision Making", 3, 0.7),
                ("Communication", 2, 0.5),
            ),
        ),
        RoleSpec(
            name="Track Maintenance Engineer",
            description="Plans and supervises track maintenance on a sub-division.",
            activities=(
                ActivitySpec(
                    "Plan and supervise blocks for mechanised track maintenance",
                    (("Permanent Way and Track Maintenance", 3, 1.0), ("Project Management", 2, 0.4)),
                ),
                ActivitySpec(
                    "Review ultrasonic flaw detection results and order rail renewals",
                    (
                        ("Permanent Way and Track Maintenance", 3, 0.8),
                        ("Data Analysis for Decision Making", 2, 0.4),
                    ),
                ),
            ),
            requirements=(("Accountability", 3, 0.8), ("Team Work", 3, 0.6)),
        ),
    ),
    designations=(
        DesignationSpec("Station Master", 6, "Group C", ("Station Operations Manager",)),
        DesignationSpec(
            "Senior Section Engineer",
            7,
            "Group C",
            ("Signal Maintenance Supervisor", "Track Maintenance Engineer"),
        ),
        DesignationSpec(
            "Assistant Divisional Engineer",
            10,
            "Group A",
            ("Track Maintenance Engineer", "Divisional Safety Officer"),
        ),
        DesignationSpec("Senior Divisional Safety Officer", 12, "Group A", ("Divisional Safety Officer",)),
    ),
)

# ---------------------------------------------------------------------------------------------------------
# Ministry of Personnel, Public Grievances and Pensions
# ---------------------------------------------------------------------------------------------------------

_DOPT = DepartmentSpec(
    name="Department of Personnel and Training",
    code="DOPT",
    organisations=(
        "Staff Selection Commission (Headquarters)",
        "Capacity Building Commission",
        "Karmayogi Bharat",
        "Office of the Establishment Officer",
        "Central Administrative Tribunal, Principal Bench",
    ),
    services=(
        "Indian Administrative Service",
        "Central Secretariat Service",
        "Central Secretariat Stenographers' Service",
    ),
    domain_competencies=(
        CompetencySpec(
            name="Cadre Management",
            type="domain",
            area="Human Resource Management",
            theme="Civil Service Management",
            sub_theme="Cadre management",
            description=(
                "Manages the strength, structure and career progression of organised services through cadre "
                "reviews, allocation and deputation."
            ),
            topics=(
                "cadre review proposals",
                "cadre allocation for the All India Services",
                "the Central Staffing Scheme and deputation",
                "succession planning",
                "forecasting vacancies",
            ),
        ),
        CompetencySpec(
            name="Recruitment Rules Framing",
            type="domain",
            area="Human Resource Management",
            theme="Recruitment",
            sub_theme="Recruitment rules",
            description=(
                "Frames and amends recruitment rules for posts and services in line with DoPT's model rules, "
                "in consultation with the UPSC."
            ),
            topics=(
                "model recruitment rules",
                "methods of recruitment and eligibility",
                "consultation with the UPSC and the Ministry of Law",
                "relaxation of recruitment rules",
                "notification in the Gazette of India",
            ),
        ),
        CompetencySpec(
            name="Competency Framework Design (FRAC)",
            type="domain",
            area="Human Resource Management",
            theme="Mission Karmayogi",
            sub_theme="Framework of Roles, Activities and Competencies",
            description=(
                "Maps the roles, activities and competencies of positions using the Framework of Roles, "
                "Activities and Competencies under Mission Karmayogi."
            ),
            topics=(
                "mapping roles and activities",
                "writing competency descriptors",
                "proficiency levels and their assessment",
                "validating the FRAC with line managers",
                "linking the FRAC to iGOT Karmayogi",
            ),
        ),
        CompetencySpec(
            name="Capacity Building Planning",
            type="domain",
            area="Human Resource Management",
            theme="Mission Karmayogi",
            sub_theme="Annual capacity building plans",
            description=(
                "Prepares annual capacity building plans for ministries from a training needs analysis and "
                "tracks them with the Capacity Building Commission."
            ),
            topics=(
                "training needs analysis",
                "annual capacity building plans",
                "the National Standards for Civil Service Training Institutions",
                "measuring the outcomes of training",
                "the Karmayogi competency model",
            ),
        ),
        CompetencySpec(
            name="Performance Appraisal (SPARROW)",
            type="domain",
            area="Human Resource Management",
            theme="Performance Management",
            sub_theme="Annual performance appraisal",
            description=(
                "Administers APARs on SPARROW, from timelines and disclosure to representations, and uses "
                "them in promotion and empanelment."
            ),
            topics=(
                "APAR timelines on SPARROW",
                "writing fair, evidence-based appraisals",
                "disclosure of APARs and representations",
                "multi-source feedback for empanelment",
            ),
        ),
    ),
    roles=(
        RoleSpec(
            name="Cadre Controlling Officer",
            description=(
                "Manages the cadre of an organised service: strength, rules, appraisal and promotions."
            ),
            activities=(
                ActivitySpec(
                    "Prepare the cadre review proposal and vacancy forecast for the service",
                    (("Cadre Management", 4, 1.0), ("Data Analysis for Decision Making", 3, 0.5)),
                ),
                ActivitySpec(
                    "Amend recruitment rules after consulting the UPSC",
                    (("Recruitment Rules Framing", 3, 0.8), ("Noting and Drafting", 3, 0.5)),
                ),
                ActivitySpec(
                    "Dispose of APAR representations and hold DPCs",
                    (
                        ("Performance Appraisal (SPARROW)", 3, 0.7),
                        ("Service Matters and Establishment", 3, 0.6),
                    ),
                ),
            ),
            requirements=(
                ("Integrity and Ethics", 4, 0.9),
                ("Decision Making", 3, 0.7),
                ("Accountability", 3, 0.6),
            ),
        ),
        RoleSpec(
            name="Capacity Building Unit Officer",
            description="Runs a ministry's capacity building unit under Mission Karmayogi.",
            activities=(
                ActivitySpec(
                    "Map the roles and competencies of positions in the ministry using the FRAC",
                    (("Competency Framework Design (FRAC)", 3, 1.0), ("Stakeholder Consultation", 2, 0.4)),
                ),
                ActivitySpec(
                    "Prepare the ministry's annual capacity building plan",
                    (("Capacity Building Planning", 3, 0.9), ("Data Analysis for Decision Making", 2, 0.4)),
                ),
                ActivitySpec(
                    "Track course completions and competency gains on iGOT Karmayogi",
                    (("Capacity Building Planning", 2, 0.6), ("Monitoring and Evaluation", 2, 0.5)),
                ),
            ),
            requirements=(("Leadership", 3, 0.7), ("Innovation", 3, 0.6), ("Communication", 3, 0.6)),
        ),
    ),
    designations=(
        DesignationSpec("Assistant Director (Training)", 10, "Group A", ("Capacity Building Unit Officer",)),
        DesignationSpec(
            "Deputy Establishment Officer",
            12,
            "Group A",
            ("Cadre Controlling Officer", "Establishment and HR"),
        ),
    ),
)

_DARPG = DepartmentSpec(
    name="Department of Administrative Reforms and Public Grievances",
    code="DARPG",
    organisations=(
        "Public Grievances Division",
        "Administrative Reforms and O&M Division",
        "e-Governance Division",
        "Secretariat for the Prime Minister's Awards for Excellence in Public Administration",
    ),
    services=("Central Secretariat Service", "Indian Administrative Service"),
    domain_competencies=(
        CompetencySpec(
            name="CPGRAMS Grievance Analytics",
            type="domain",
            area="Governance Reform",
            theme="Public Grievances",
            sub_theme="Grievance analytics",
            description=(
                "Analyses grievance data on CPGRAMS to find systemic causes, rate the quality of redress and "
                "rank the performance of ministries."
            ),
            topics=(
                "grievance categories and category trees",
                "AI-assisted analysis of grievances",
                "feedback call centre ratings",
                "the Grievance Redressal Assessment and Index",
                "monthly CPGRAMS reports",
            ),
        ),
        CompetencySpec(
            name="Administrative Reforms and Process Re-engineering",
            type="domain",
            area="Governance Reform",
            theme="Administrative Reforms",
            sub_theme="Process simplification",
            description=(
                "Simplifies government processes, reduces the compliance burden and keeps the Central "
                "Secretariat Manual of Office Procedure up to date."
            ),
            topics=(
                "business process re-engineering",
                "decluttering and the Special Campaigns",
                "revising the Manual of Office Procedure",
                "delegation and de-layering",
                "reducing the compliance burden",
            ),
        ),
        CompetencySpec(
            name="e-Governance Service Assessment",
            type="domain",
            area="Governance Reform",
            theme="e-Governance",
            sub_theme="Service delivery assessment",
            description=(
                "Assesses e-governance services against the National e-Governance Service Delivery "
                "Assessment framework and promotes the replication of good practices."
            ),
            topics=(
                "the NeSDA framework",
                "assessing service delivery portals",
                "case studies from the National Conference on e-Governance",
                "replicating award-winning practices",
            ),
        ),
        CompetencySpec(
            name="Good Governance Index",
            type="domain",
            area="Governance Reform",
            theme="Governance Measurement",
            sub_theme="Governance indices",
            description=(
                "Builds and updates the Good Governance Index and district-level governance indices from "
                "sectoral indicators."
            ),
            topics=(
                "selecting governance indicators",
                "collecting data from states",
                "constructing and weighting an index",
                "district good governance indices",
            ),
        ),
    ),
    roles=(
        RoleSpec(
            name="Grievance Analytics Officer",
            description="Analyses grievance data across ministries and drives systemic reforms.",
            activities=(
                ActivitySpec(
                    "Analyse grievance trends and prepare ministry-wise performance reports",
                    (("CPGRAMS Grievance Analytics", 3, 1.0), ("Data Analysis for Decision Making", 3, 0.7)),
                ),
                ActivitySpec(
                    "Hold review meetings with the nodal grievance officers of ministries",
                    (("CPGRAMS Grievance Analytics", 3, 0.7), ("Grievance Redressal", 3, 0.6)),
                ),
            ),
            requirements=(("Citizen Centricity", 4, 0.9), ("Problem Solving", 3, 0.7)),
        ),
        RoleSpec(
            name="Administrative Reforms Consultant",
            description="Redesigns government processes and assesses the quality of e-governance services.",
            activities=(
                ActivitySpec(
                    "Map and simplify high-volume service processes",
                    (
                        ("Administrative Reforms and Process Re-engineering", 3, 1.0),
                        ("Project Management", 2, 0.4),
                    ),
                ),
                ActivitySpec(
                    "Assess e-governance portals against the NeSDA framework",
                    (
                        ("e-Governance Service Assessment", 3, 0.8),
                        ("Data Analysis for Decision Making", 2, 0.4),
                    ),
                ),
                ActivitySpec(
                    "Compile good governance indicators from states",
                    (("Good Governance Index", 3, 0.7), ("Stakeholder Consultation", 2, 0.5)),
                ),
            ),
            requirements=(("Innovation", 4, 0.9), ("Communication", 3, 0.6), ("Team Work", 2, 0.4)),
        ),
    ),
    designations=(
        DesignationSpec(
            "Assistant Director (Administrative Reforms)",
            10,
            "Group A",
            ("Administrative Reforms Consultant", "Grievance Analytics Officer"),
        ),
        DesignationSpec(
            "Deputy Director (Public Grievances)",
            11,
            "Group A",
            ("Grievance Analytics Officer", "Grievance Officer"),
        ),
    ),
)

# ---------------------------------------------------------------------------------------------------------
# Ministry of External Affairs
# ---------------------------------------------------------------------------------------------------------

_CONSULAR_PASSPORT_VISA = DepartmentSpec(
    name="Consular, Passport and Visa Division",
    code="CPV",
    organisations=(
        "Regional Passport Office, Bengaluru",
        "Regional Passport Office, Lucknow",
        "Passport Seva Kendra, Kochi",
        "Office of the Protector of Emigrants, Chennai",
        "Branch Secretariat, Kolkata",
    ),
    services=("Indian Foreign Service", "Indian Foreign Service (Branch B)", "Central Passport Organisation"),
    domain_competencies=(
        CompetencySpec(
            name="Passport and Consular Services",
            type="domain",
            area="Consular Affairs",
            theme="Passports",
            sub_theme="Issue of passports",
            description=(
                "Issues passports and related services under the Passports Act, 1967 through Passport Seva, "
                "including police verification and Tatkaal cases."
            ),
            topics=(
                "the Passports Act 1967 and the Passports Rules 1980",
                "the Passport Seva workflow and appointments",
                "police verification through mPassport Police",
                "Tatkaal and out-of-turn cases",
                "impounding and revocation of passports",
            ),
        ),
        CompetencySpec(
            name="Visa and OCI Administration",
            type="domain",
            area="Consular Affairs",
            theme="Visas",
            sub_theme="Visas and Overseas Citizenship of India",
            description=(
                "Processes visas and Overseas Citizen of India cards under current policy, including e-Visas "
                "and security clearances."
            ),
            topics=(
                "e-Visa categories",
                "registration and re-issue of OCI cards",
                "security clearance of visa applications",
                "visa on arrival and reciprocal arrangements",
            ),
        ),
        CompetencySpec(
            name="Emigration and Overseas Workers' Protection",
            type="domain",
            area="Consular Affairs",
            theme="Emigration",
            sub_theme="Emigration Act, 1983",
            description=(
                "Protects Indian workers going abroad under the Emigration Act, 1983 through clearance on "
                "eMigrate, regulation of recruiting agents and welfare support."
            ),
            topics=(
                "emigration clearance on eMigrate",
                "registration of recruiting agents",
                "the Pravasi Bharatiya Bima Yojana",
                "complaints against recruiting agents",
            ),
        ),
        CompetencySpec(
            name="Document Attestation and Apostille",
            type="domain",
            area="Consular Affairs",
            theme="Attestation",
            sub_theme="Apostille and legalisation",
            description=(
                "Attests and apostilles Indian public documents for use abroad under the Hague Apostille "
                "Convention, using the e-Sanad system."
            ),
            topics=(
                "apostille under the Hague Convention",
                "online verification through e-Sanad",
                "verification of educational documents",
                "detecting fraudulent documents",
            ),
        ),
        CompetencySpec(
            name="Diaspora Welfare (MADAD)",
            type="domain",
            area="Consular Affairs",
            theme="Overseas Indians",
            sub_theme="Consular assistance",
            description=(
                "Responds to consular grievances of Indians abroad on the MADAD portal, including "
                "repatriation, legal aid and support from the Indian Community Welfare Fund."
            ),
            topics=(
                "consular grievances on MADAD",
                "the Indian Community Welfare Fund",
                "repatriation of mortal remains",
                "legal aid to Indians in distress abroad",
            ),
        ),
    ),
    roles=(
        RoleSpec(
            name="Passport Granting Officer",
            description="Decides passport applications and handles the cases that need closer scrutiny.",
            activities=(
                ActivitySpec(
                    "Examine passport applications and decide on grant after police verification",
                    (("Passport and Consular Services", 3, 1.0),),
                ),
                ActivitySpec(
                    "Dispose of adverse police reports and references involving pending court cases",
                    (
                        ("Passport and Consular Services", 3, 0.8),
                        ("Court Cases and Litigation Management", 2, 0.4),
                    ),
                ),
                ActivitySpec(
                    "Resolve grievances of applicants at the Passport Seva Kendra",
                    (("Passport and Consular Services", 2, 0.6), ("Grievance Redressal", 3, 0.6)),
                ),
            ),
            requirements=(
                ("Citizen Centricity", 4, 1.0),
                ("Integrity and Ethics", 3, 0.8),
                ("Decision Making", 3, 0.6),
            ),
        ),
        RoleSpec(
            name="Consular Officer",
            description=(
                "Provides visa, attestation and welfare services to foreign nationals and Indians abroad."
            ),
            activities=(
                ActivitySpec(
                    "Process visa and OCI applications and their security clearances",
                    (("Visa and OCI Administration", 3, 1.0),),
                ),
                ActivitySpec(
                    "Handle cases of Indians in distress abroad received on MADAD",
                    (("Diaspora Welfare (MADAD)", 3, 0.9), ("Grievance Redressal", 2, 0.4)),
                ),
                ActivitySpec(
                    "Attest and apostille documents for use abroad",
                    (("Document Attestation and Apostille", 2, 0.6),),
                ),
            ),
            requirements=(("Empathy", 3, 0.9), ("Communication", 3, 0.7), ("Citizen Centricity", 3, 0.7)),
        ),
        RoleSpec(
            name="Protector of Emigrants",
            description=(
                "Grants emigration clearance and regulates recruiting agents to protect workers going abroad."
            ),
            activities=(
                ActivitySpec(
                    "Grant emigration clearance on eMigrate",
                    (("Emigration and Overseas Workers' Protection", 3, 1.0),),
                ),
                ActivitySpec(
                    "Inspect recruiting agents and act on complaints against them",
                    (
                        ("Emigration and Overseas Workers' Protection", 3, 0.8),
                        ("Grievance Redressal", 2, 0.4),
                    ),
                ),
            ),
            requirements=(("Integrity and Ethics", 4, 0.9), ("Empathy", 3, 0.7)),
        ),
    ),
    designations=(
        DesignationSpec("Superintendent (Passport)", 7, "Group B", ("Passport Granting Officer",)),
        DesignationSpec(
            "Assistant Passport Officer",
            10,
            "Group A",
            ("Passport Granting Officer", "Protector of Emigrants"),
        ),
        DesignationSpec("Second Secretary (Consular)", 10, "Group A", ("Consular Officer",)),
        DesignationSpec(
            "Regional Passport Officer", 12, "Group A", ("Passport Granting Officer", "Grievance Officer")
        ),
    ),
)

# ---------------------------------------------------------------------------------------------------------
# Ministries
# ---------------------------------------------------------------------------------------------------------

MINISTRIES: tuple[MinistrySpec, ...] = (
    MinistrySpec(
        name="Ministry of Finance",
        code="MOF",
        departments=(_DEPARTMENT_OF_EXPENDITURE, _CBIC, _CBDT),
    ),
    MinistrySpec(
        name="Ministry of Health and Family Welfare",
        code="MOHFW",
        departments=(_DEPARTMENT_OF_HEALTH,),
    ),
    MinistrySpec(
        name="Ministry of Rural Development",
        code="MORD",
        departments=(_DEPARTMENT_OF_RURAL_DEVELOPMENT, _DEPARTMENT_OF_LAND_RESOURCES),
    ),
    MinistrySpec(
        name="Ministry of Home Affairs",
        code="MHA",
        departments=(_DEPARTMENT_OF_INTERNAL_SECURITY, _DEPARTMENT_OF_OFFICIAL_LANGUAGE),
    ),
    MinistrySpec(
        name="Ministry of Electronics and Information Technology",
        code="MEITY",
        departments=(_MEITY_SECRETARIAT,),
    ),
    MinistrySpec(
        name="Ministry of Railways",
        code="MOR",
        departments=(_RAILWAY_BOARD,),
    ),
    MinistrySpec(
        name="Ministry of Personnel, Public Grievances and Pensions",
        code="MOPPGP",
        departments=(_DOPT, _DARPG),
    ),
    MinistrySpec(
        name="Ministry of External Affairs",
        code="MEA",
        departments=(_CONSULAR_PASSPORT_VISA,),
    ),
)

# ---------------------------------------------------------------------------------------------------------
# Training providers (contact addresses use reserved example domains, so nothing is ever sent to a real inbox)
# ---------------------------------------------------------------------------------------------------------

PROVIDERS: tuple[ProviderSpec, ...] = (
    ProviderSpec(
        "Lal Bahadur Shastri National Academy of Administration, Mussoorie",
        "public_institute",
        "NSCSTI accredited (Excellent)",
        "lbsnaa.courses@example.org",
    ),
    ProviderSpec(
        "Institute of Secretariat Training and Management, New Delhi",
        "public_institute",
        "NSCSTI accredited (Excellent)",
        "istm.training@example.org",
    ),
    ProviderSpec(
        "National Academy of Customs, Indirect Taxes and Narcotics, Palasamudram",
        "public_institute",
        "NSCSTI accredited (Excellent)",
        "nacin.academy@example.org",
    ),
    ProviderSpec(
        "National Academy of Direct Taxes, Nagpur",
        "public_institute",
        "NSCSTI accredited (Very Good)",
        "nadt.training@example.org",
    ),
    ProviderSpec(
        "National Institute of Financial Management, Faridabad",
        "public_institute",
        "NSCSTI accredited (Very Good)",
        "nifm.programmes@example.org",
    ),
    ProviderSpec(
        "Indian Institute of Public Administration, New Delhi",
        "public_institute",
        "NSCSTI accredited (Very Good)",
        "iipa.courses@example.org",
    ),
    ProviderSpec(
        "National Institute of Health and Family Welfare, New Delhi",
        "public_institute",
        "NSCSTI accredited (Good)",
        "nihfw.training@example.org",
    ),
    ProviderSpec(
        "National Institute of Rural Development and Panchayati Raj, Hyderabad",
        "public_institute",
        "NSCSTI accredited (Excellent)",
        "nirdpr.training@example.org",
    ),
    ProviderSpec(
        "National Centre for Good Governance, Mussoorie",
        "public_institute",
        "NSCSTI accredited (Very Good)",
        "ncgg.programmes@example.org",
    ),
    ProviderSpec(
        "Indian Railways Institute of Signal Engineering and Telecommunications, Secunderabad",
        "public_institute",
        "NSCSTI accredited (Good)",
        "iriset.courses@example.org",
    ),
    ProviderSpec(
        "National Institute of Disaster Management, New Delhi",
        "public_institute",
        "NSCSTI accredited (Good)",
        "nidm.training@example.org",
    ),
    ProviderSpec(
        "Indian Institute of Management Ahmedabad",
        "university",
        "EQUIS accredited",
        "iima.exec-ed@example.org",
    ),
    ProviderSpec(
        "Indian Institute of Technology Madras",
        "university",
        "Institute of National Importance",
        "iitm.continuing-ed@example.org",
    ),
    ProviderSpec(
        "Indira Gandhi National Open University",
        "university",
        "NAAC accredited (A++)",
        "ignou.programmes@example.org",
    ),
    ProviderSpec(
        "Sankalp Civic Learning Pvt Ltd, Bengaluru",
        "startup",
        "Content partner on iGOT Karmayogi",
        "hello@sankalp-civic.example.com",
    ),
    ProviderSpec(
        "Nagrik Tech Labs, Pune",
        "startup",
        "",
        "courses@nagrik-tech.example.com",
    ),
    ProviderSpec(
        "Shasan Analytics Academy, Jaipur",
        "startup",
        "",
        "learn@shasan-analytics.example.com",
    ),
    ProviderSpec(
        "Dr Meenakshi Raghavan (former Additional Secretary, Government of India)",
        "individual_expert",
        "",
        "meenakshi.raghavan@example.net",
    ),
    ProviderSpec(
        "Harpreet Singh Bedi (retired Chief Commissioner of Income Tax)",
        "individual_expert",
        "",
        "hs.bedi@example.net",
    ),
)

# ---------------------------------------------------------------------------------------------------------
# Course phrasing. Placeholders: {topic}, {competency}, {level_name}, {audience}, {provider}
# ---------------------------------------------------------------------------------------------------------

COURSE_FORMATS: tuple[tuple[str, str, str], ...] = (
    (
        "{competency}: {topic}",
        "A focused course on {topic} for {audience}, pitched at the {level_name} level of {competency}.",
        "online",
    ),
    (
        "Practitioner's course on {topic} for {audience}",
        "Worked examples and exercises on {topic} that build {competency} to the {level_name} level.",
        "online",
    ),
    (
        "Foundation course in {competency}",
        "Covers {topic} and the other essentials of {competency} for {audience} who are new to the subject.",
        "online",
    ),
    (
        "Certificate programme in {competency}: {topic}",
        "Self-paced modules and live sessions on {topic} for {audience}, assessed at the {level_name} level.",
        "blended",
    ),
    (
        "Residential workshop on {topic}",
        "A hands-on workshop in which {audience} apply {competency} to real cases at the {level_name} level.",
        "onsite",
    ),
    (
        "Case clinic: {topic}",
        "Small-group clinic for {audience} on difficult cases in {topic}, pitched at the {level_name} level "
        "of {competency}.",
        "onsite",
    ),
    (
        "Masterclass on {topic}",
        "Senior practitioners explain how they handle {topic}; meant for {audience} working towards the "
        "{level_name} level in {competency}.",
        "online",
    ),
    (
        "Refresher on {topic} for {audience}",
        "A short refresher on the latest rules and practice in {competency}, centred on {topic}.",
        "online",
    ),
    (
        "Blended learning path in {competency}",
        "Self-paced lessons on {topic} followed by a classroom simulation, aimed at the {level_name} level.",
        "blended",
    ),
    (
        "Field immersion in {competency}: {topic}",
        "Field visits and classroom sessions let {audience} see {competency} in practice, with a focus on "
        "{topic}.",
        "onsite",
    ),
    (
        "Micro-learning series on {topic}",
        "Ten-minute lessons on {competency} for {audience}, designed for learning on the iGOT Karmayogi app.",
        "online",
    ),
    (
        "{competency} in practice: a programme for {audience}",
        "A programme at the {level_name} level that uses {topic} as its running case.",
        "blended",
    ),
    (
        "Simulation lab on {topic}",
        "A simulation-based lab in which {audience} practise {competency} at the {level_name} level.",
        "onsite",
    ),
)

DESCRIPTION_SENTENCES: tuple[str, ...] = (
    "Participants work through case files drawn from the day-to-day work of {audience}.",
    "The course explains {topic} step by step, with reference to the rules and instructions now in force.",
    "Each module ends with a short quiz, and the course closes with an assessment aligned to the "
    "{level_name} level of {competency}.",
    "The course is delivered by {provider}, drawing on long experience of advising ministries and field "
    "offices.",
    "Sessions use anonymised notes, orders and correspondence to show what good practice in {competency} "
    "looks like.",
    "Learners practise {topic} on a sandbox copy of the relevant government system before doing it at work.",
    "Common audit objections and court observations on {topic} are discussed so that participants learn to "
    "avoid them.",
    "The course is mapped to the FRAC competency {competency} and counts towards the annual learning target "
    "under Mission Karmayogi.",
    "Participants prepare a short action plan for applying what they learn about {topic} in their own "
    "office.",
    "A moderated discussion forum lets {audience} raise the problems they face and get answers from faculty.",
    "Guest speakers from ministries that have done well in {competency} describe what worked and what did "
    "not.",
    "All video lectures carry subtitles in English and Hindi.",
    "Checklists and templates on {topic} are provided for use after the course.",
    "Role plays help participants practise the difficult conversations that arise in {topic}.",
    "Group work pairs officers from different departments so that they learn from each other's practice.",
    "The course assumes no prior training in {competency}, though some experience of office work helps.",
    "By the end, participants should be able to handle routine cases on {topic} independently and know when "
    "to seek advice.",
    "Learning outcomes are written against the {level_name} descriptor of the FRAC proficiency scale.",
    "Recent amendments, office memoranda and clarifications on {topic} are covered.",
    "A capstone exercise asks participants to apply {competency} to a realistic problem from their own work.",
    "{provider} issues a certificate on successful completion, which is recorded on the learner's iGOT "
    "Karmayogi profile.",
    "Short video lectures are combined with readings from the relevant manuals and government orders.",
    "The course was designed with practitioners who have handled {topic} in the field.",
    "Live sessions are scheduled outside peak office hours so that {audience} can attend without disrupting "
    "their work.",
    "Participants who complete the course may take an optional proficiency assessment in {competency}.",
    "Examples are drawn from central ministries as well as their attached and subordinate offices.",
    "The final session covers common mistakes in {topic} and how supervisors can catch them early.",
)

AUDIENCES: tuple[str, ...] = (
    "Section Officers",
    "newly recruited Assistant Section Officers",
    "Under Secretaries and Deputy Secretaries",
    "Directors and Joint Secretaries",
    "officers of the Central Secretariat Service",
    "Multi Tasking Staff",
    "Group B officers in attached and subordinate offices",
    "field officers of the Department of Revenue",
    "district and block-level programme officers",
    "officers newly posted to the Centre on deputation",
    "Central Public Information Officers and First Appellate Authorities",
    "nodal grievance officers",
    "accounts officers in Pay and Accounts Offices",
    "medical officers in central government hospitals",
    "Inspectors and Superintendents of Central Tax",
    "Assessing Officers of the Income Tax Department",
    "supervisors on the Indian Railways",
    "officer trainees in the Foundation Course",
    "scientists and technical officers of NIC",
    "passport and consular staff",
    "members of ministries' Capacity Building Units",
)

# ---------------------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------------------

FIRST_NAMES: tuple[str, ...] = (
    # Women
    "Aishwarya",
    "Ananya",
    "Anjali",
    "Bhavana",
    "Bidisha",
    "Chitra",
    "Debjani",
    "Deepika",
    "Divya",
    "Fatima",
    "Gayatri",
    "Harini",
    "Ishita",
    "Jyoti",
    "Kavya",
    "Lakshmi",
    "Lalremsiami",
    "Madhuri",
    "Meenakshi",
    "Mridula",
    "Nandini",
    "Neha",
    "Nirmala",
    "Pallavi",
    "Pooja",
    "Priya",
    "Rashmi",
    "Roshni",
    "Sakshi",
    "Sangeeta",
    "Shabnam",
    "Shreya",
    "Simran",
    "Sneha",
    "Sunita",
    "Swati",
    "Tanvi",
    "Temsula",
    "Vandana",
    "Zoya",
    # Men
    "Abhishek",
    "Aditya",
    "Ajay",
    "Amit",
    "Arjun",
    "Arvind",
    "Bhupen",
    "Biswajit",
    "Chandan",
    "Deepak",
    "Dinesh",
    "Farhan",
    "Gaurav",
    "Gurdeep",
    "Imran",
    "Jayant",
    "Joseph",
    "Karthik",
    "Lalit",
    "Manoj",
    "Mohammed",
    "Naveen",
    "Nikhil",
    "Pranav",
    "Prasanth",
    "Rahul",
    "Rajesh",
    "Ravi",
    "Rohit",
    "Sanjay",
    "Santosh",
    "Saurabh",
    "Siddharth",
    "Suresh",
    "Tarun",
    "Tenzing",
    "Vikram",
    "Vinod",
    "Yash",
    "Zubin",
)

LAST_NAMES: tuple[str, ...] = (
    "Agarwal",
    "Ahmed",
    "Bajaj",
    "Banerjee",
    "Bhat",
    "Bhattacharya",
    "Bora",
    "Chatterjee",
    "Chauhan",
    "Choudhary",
    "D'Souza",
    "Das",
    "Desai",
    "Deshmukh",
    "Dubey",
    "Fernandes",
    "Gill",
    "Gogoi",
    "Gupta",
    "Hegde",
    "Iyer",
    "Jain",
    "Joshi",
    "Kamath",
    "Kapoor",
    "Khan",
    "Kulkarni",
    "Kumar",
    "Lepcha",
    "Lyngdoh",
    "Mehta",
    "Menon",
    "Mishra",
    "Mohanty",
    "Mukherjee",
    "Naidu",
    "Nair",
    "Pandey",
    "Patel",
    "Pillai",
    "Qureshi",
    "Rao",
    "Rathore",
    "Reddy",
    "Sahu",
    "Sangma",
    "Saxena",
    "Sen",
    "Shah",
    "Sharma",
    "Shetty",
    "Singh",
    "Sinha",
    "Srinivasan",
    "Subramanian",
    "Thakur",
    "Tiwari",
    "Verma",
    "Yadav",
    "Zaidi",
)

ALL_INDIA_SERVICE_CADRES: tuple[str, ...] = (
    "AGMUT",
    "Andhra Pradesh",
    "Assam-Meghalaya",
    "Bihar",
    "Gujarat",
    "Karnataka",
    "Kerala",
    "Madhya Pradesh",
    "Maharashtra",
    "Manipur",
    "Odisha",
    "Punjab",
    "Rajasthan",
    "Tamil Nadu",
    "Telangana",
    "Uttar Pradesh",
    "West Bengal",
)

LANGUAGES: tuple[str, ...] = ("en", "hi", "ta", "bn", "mr", "te")

# What learners write when they rate a course they finished.
REVIEWS: tuple[str, ...] = (
    "",
    "",
    "Useful for day-to-day work in the section.",
    "Good case studies from field offices; the assessment was fair.",
    "Too theoretical in places, but the rules and procedures part was clear.",
    "Helped me prepare for my new posting.",
    "The trainer explained the GFR provisions well.",
    "Content is dated; some circulars have since been revised.",
    "Well paced, and the checklists are handy.",
    "Would recommend to colleagues on probation.",
)
