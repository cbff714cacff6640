"""The shared vocabulary of ../shared/protocol-spec.md.

These names appear in packs, storage, CLI output and JSON, so they are spelled exactly as the
spec spells them. Everything else in the product imports them from here.
"""

from __future__ import annotations

from enum import StrEnum


class LegalStatus(StrEnum):
    LOOKED_AFTER = "looked_after"
    CHILD_PROTECTION_PLAN = "child_protection_plan"
    CHILD_IN_NEED = "child_in_need"
    EARLY_HELP = "early_help"
    NOT_KNOWN = "not_known"


# "Open to children's social care" (staffordshire §14.1, §20.5): early help and unknown are not.
OPEN_TO_SOCIAL_CARE: frozenset[LegalStatus] = frozenset(
    {LegalStatus.LOOKED_AFTER, LegalStatus.CHILD_PROTECTION_PLAN, LegalStatus.CHILD_IN_NEED}
)


class Flag(StrEnum):
    CSE_RISK = "cse_risk"
    CCE_RISK = "cce_risk"
    TRAFFICKING_RISK = "trafficking_risk"
    UASC = "uasc"
    SUBJECT_TO_RESTRICTION = "subject_to_restriction"
    LEARNING_DISABILITY = "learning_disability"
    VERY_YOUNG = "very_young"
    MENTAL_HEALTH = "mental_health"
    MEDICAL_NEEDS = "medical_needs"
    PREGNANT = "pregnant"
    SECURE_ORDER = "secure_order"
    OUT_OF_AREA = "out_of_area"
    CARE_LEAVER = "care_leaver"


class Placement(StrEnum):
    """Where a looked-after child lives; some checklist items only apply to one kind
    (staffordshire §16.3: residential homes use the Philomena Protocol)."""

    FOSTER = "foster"
    RESIDENTIAL = "residential"
    FAMILY = "family"  # at home, or with relatives
    OTHER = "other"


class Category(StrEnum):
    MISSING = "missing"
    ABSENT = "absent"
    AWAY_WITHOUT_AUTHORISATION = "away_without_authorisation"
    ABSENT_WITHOUT_AUTHORISATION = "absent_without_authorisation"
    UNAUTHORISED_ABSENCE = "unauthorised_absence"
    ABSCONDER = "absconder"


class RiskLevel(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Role(StrEnum):
    CARER = "carer"
    HOME_MANAGER = "home_manager"
    SOCIAL_WORKER = "social_worker"
    TEAM_MANAGER = "team_manager"
    SERVICE_MANAGER = "service_manager"
    HEAD_OF_SERVICE = "head_of_service"
    DISTRICT_OPERATIONAL_LEAD = "district_operational_lead"
    STRATEGIC_MANAGER = "strategic_manager"
    ASSISTANT_DIRECTOR = "assistant_director"
    DIRECTOR = "director"
    DIRECTOR_LOCAL_DELIVERY = "director_local_delivery"
    IRO = "iro"
    EMERGENCY_DUTY_TEAM = "emergency_duty_team"
    RETURN_INTERVIEW_PROVIDER = "return_interview_provider"
    MISSING_COORDINATOR = "missing_coordinator"
    # Extensions of protocol-spec.md (docs/packs-decisions.md): the chairs of missing
    # intervention meetings for children not open to social care (staffordshire §13.18-13.19).
    FAMILY_PRACTITIONER_LEAD = "family_practitioner_lead"  # staffordshire: the district's lead
    CHAD_MANAGER = "chad_manager"  # stoke: the Children's Advice and Duty team manager
    # Notified, never users.
    POLICE = "police"
    PARENTS = "parents"
    SCHOOL = "school"
    HOST_AUTHORITY = "host_authority"
    RESPONSIBLE_AUTHORITY = "responsible_authority"
    HOME_OFFICE = "home_office"
    CP_CHAIR = "cp_chair"
    CIN_REVIEWING_OFFICER = "cin_reviewing_officer"
    REGULATOR = "regulator"


EXTERNAL_ROLES: frozenset[Role] = frozenset(
    {
        Role.POLICE,
        Role.PARENTS,
        Role.SCHOOL,
        Role.HOST_AUTHORITY,
        Role.RESPONSIBLE_AUTHORITY,
        Role.HOME_OFFICE,
        Role.CP_CHAIR,
        Role.CIN_REVIEWING_OFFICER,
        Role.REGULATOR,
    }
)

# Roles that hold staff accounts, most junior first: the order escalation walks when a chain
# is not given by line management.
MANAGEMENT_LADDER: tuple[Role, ...] = (
    Role.TEAM_MANAGER,
    Role.SERVICE_MANAGER,
    Role.HEAD_OF_SERVICE,
    Role.DISTRICT_OPERATIONAL_LEAD,
    Role.STRATEGIC_MANAGER,
    Role.ASSISTANT_DIRECTOR,
    Role.DIRECTOR_LOCAL_DELIVERY,
    Role.DIRECTOR,
)


class TaskStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"
    OVERDUE = "overdue"


# Plain task codes; `notify:<role>` and `escalate:<role>` are built from Role.
PLAIN_TASK_CODES: frozenset[str] = frozenset(
    {
        "report_to_police",
        "risk_review",
        "strategy_meeting",
        "case_review_meeting",
        "missing_from_care_meeting",
        "missing_intervention_meeting",
        "safe_and_well_check",
        "meaningful_contact",
        "return_interview",
        "prevention_plan",
        "initial_assessment",
        "lac_review",
        "national_alert",
        "home_office_notification",
        "uasc_review",
        "media_strategy",
        "pnc_extension",
        # Extension of protocol-spec.md (docs/packs-decisions.md): essex §3.1.3.
        "professionals_meeting",
    }
)


def is_task_code(code: str) -> bool:
    """True for a code in the spec's vocabulary (plain, notify:<role> or escalate:<role>)."""
    if code in PLAIN_TASK_CODES:
        return True
    prefix, _, role = code.partition(":")
    return prefix in {"notify", "escalate"} and role in Role.__members__.values()


class ReturnHow(StrEnum):
    OWN_ACCORD = "own_accord"
    POLICE = "police"
    FOUND = "found"
    CARER = "carer"
    OTHER = "other"


# Risk factors as the NLU normalises them (../shared/interfaces.md).
RISK_FACTORS: frozenset[str] = frozenset(
    {
        "cse",
        "cce",
        "drugs",
        "alcohol",
        "self_harm",
        "suicide",
        "weapon",
        "older_adult",
        "unknown_adult",
        "medical",
        "online_contact",
        "trafficking",
        "crime",
        "harmed",
    }
)
