"""Words for the codes the services return (standings, sources, modes, statuses), in the catalogue."""


def N_(message: str) -> str:
    """Marks a message for the catalogue (extracted like `web.N_`)."""
    return message


LABELS = {
    # passbook standings
    "verified": N_("verified"),
    "proposed": N_("proposed"),
    "self_declared": N_("self-declared"),
    # evidence sources
    "course_completion": N_("course completion"),
    "assessment_result": N_("assessment result"),
    "adaptive_test": N_("adaptive level test"),
    "certificate": N_("certificate"),
    "supervisor_rating": N_("supervisor rating"),
    "self_declaration": N_("self-declaration"),
    "peer_validation": N_("peer validation"),
    "training_institute_report": N_("training institute report"),
    "hr_confirmation": N_("HR confirmation"),
    # outcomes of an answer
    "correct": N_("right"),
    "partial": N_("partly right"),
    "incorrect": N_("wrong"),
    "blank": N_("not answered"),
    "pending_review": N_("waiting for a mark"),
    # delivery modes
    "online": N_("online"),
    "onsite": N_("on-site"),
    "blended": N_("blended"),
    # enrolment and course statuses
    "in_progress": N_("in progress"),
    "completed": N_("completed"),
    "withdrawn": N_("withdrawn"),
    # what a cmi5 AU has reached
    "passed": N_("passed"),
    "failed": N_("failed"),
    "waived": N_("waived"),
    "draft": N_("draft"),
    "in_review": N_("in review"),
    "published": N_("published"),
    "rejected": N_("rejected"),
    "retired": N_("retired"),
    "superseded": N_("superseded"),
    # FRAC review and competency kinds
    "submitted": N_("submitted"),
    "l1_approved": N_("approved at L1"),
    "behavioural": N_("behavioural"),
    "functional": N_("functional"),
    "domain": N_("domain"),
    # harmonisation decisions
    "accepted": N_("accepted"),
    "suggested": N_("suggested"),
    # content requests
    "open": N_("open"),
    "delivered": N_("delivered"),
    "declined": N_("declined"),
    # HR decisions: kinds, steps, states, outcomes, and allocation orders
    "posting": N_("posting"),
    "probation_confirmation": N_("confirmation after probation"),
    "proposal": N_("proposal"),
    "decision": N_("decision"),
    "appeal": N_("appeal"),
    "redecision": N_("re-decision"),
    "decided": N_("decided"),
    "appealed": N_("appealed"),
    "redecided": N_("re-decided"),
    # outcomes of penalty proceedings
    "impose": N_("impose"),
    "drop": N_("drop"),
    "approve": N_("approve"),
    "reject": N_("reject"),
    "confirm": N_("confirm"),
    "extend": N_("extend probation"),
    "review": N_("review closely"),
    "archived": N_("archived"),
}


def label(code: object) -> str:
    """The untranslated label of a code (the template translates it), or the code itself if unknown."""
    text = str(getattr(code, "value", code))
    return LABELS.get(text, text)
