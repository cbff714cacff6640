"""Risk factors and protocol tasks, normalised to the shared vocabulary.

These are closed vocabularies with many spellings (S&W, RHI, "county lines"), so a lexicon of
patterns beats a learned extractor: it is exact, explainable and cannot invent a code. Every
code here is checked against protocols.vocabulary at import.
"""

from __future__ import annotations

import re

from nlu.entities.spans import Span, longest_non_overlapping
from protocols.vocabulary import RISK_FACTORS, is_task_code

_RISK_PATTERNS: dict[str, tuple[str, ...]] = {
    "cse": (
        r"cse",
        r"sexual(?:ly)?\s+exploit\w*",
        r"groom(?:ed|ing)",
        r"sexting",
        r"sending\s+(?:nudes|pics|pictures)",
        r"nudes",
    ),
    "cce": (
        r"cce",
        r"county\s+lines?",
        r"criminal(?:ly)?\s+exploit\w*",
        r"(?:run|runs|running|ran|selling|dealing)\s+(?:drugs|lines)",
        r"(?:drug\s+)?runner",
        r"plugging",
        r"cuckoo(?:ed|ing)?",
        r"trap\s+house",
        r"gang\w*",
    ),
    "drugs": (
        r"drugs?",
        r"weed",
        r"cannabis",
        r"skunk",
        r"coke",
        r"cocaine",
        r"ket(?:amine)?",
        r"spice",
        r"mdma",
        r"pills",
        r"stoned",
        r"high\s+as",
        r"off\s+(?:his|her|their)\s+face",
        r"smoking\s+(?:weed|a\s+spliff)",
        r"spliffs?",
        r"nitrous",
        r"balloons",
        r"vapes?\s+with\s+thc",
    ),
    "alcohol": (
        r"alcohol",
        r"drunk",
        r"drinking",
        r"booze",
        r"vodka",
        r"cider",
        r"pissed",
        r"smelt\s+of\s+(?:drink|alcohol)",
        r"wasted",
        r"hammered",
        r"steaming",
    ),
    "self_harm": (
        r"self[\s-]?harm\w*",
        r"sh",
        r"cutting",
        r"cut\s+(?:her|him|them)sel(?:f|ves)",
        r"cuts\s+on\s+(?:her|his|their)\s+(?:arms?|legs?|wrists?)",
        r"overdos\w*",
        r"od'?d",
        r"hurt(?:ing)?\s+(?:her|him|them)sel(?:f|ves)",
        r"ligature",
    ),
    "suicide": (
        r"suicid\w*",
        r"want(?:s|ed|ing)?\s+to\s+die",
        r"kill\s+(?:her|him|them|my)sel(?:f|ves)",
        r"end(?:ing)?\s+(?:it\s+all|(?:her|his)\s+life)",
        r"take\s+(?:her|his|their)\s+own\s+life",
        r"(?:doesn'?t|does\s+not)\s+want\s+to\s+(?:be\s+here|live)",
        r"not\s+(?:be\s+)?around\s+anymore",
    ),
    "weapon": (
        r"knife",
        r"knives",
        r"blade",
        r"machete",
        r"weapons?",
        r"shank",
        r"armed",
        r"gun",
        r"bladed\s+article",
    ),
    "older_adult": (
        r"older\s+(?:man|men|male|males|guy|guys|lad|lads|bloke|boyfriend|girlfriend|woman|adult|adults)",
        r"much\s+older",
        r"grown\s+(?:man|men|adult)",
        r"(?:[2-5]\d)\s*(?:yr|year)s?\s*old\s+(?:man|guy|bloke|male|boyfriend|woman)",
        r"man\s+in\s+his\s+(?:20s|30s|40s|twenties|thirties|forties)",
    ),
    "unknown_adult": (
        r"unknown\s+(?:adult|adults|male|males|man|men|female|woman|person|car|vehicle)",
        r"strangers?",
        r"(?:a\s+)?man\s+(?:we|she|he|i)\s+(?:don'?t|do\s+not)\s+know",
        r"random\s+(?:bloke|man|guy|blokes|men|adults?)",
        r"(?:people|adults|men|lads|males)\s+(?:we|nobody|she|he)\s+(?:(?:don'?t|do\s+not)\s+)?know",
    ),
    "medical": (
        r"inhaler",
        r"insulin",
        r"diabet\w*",
        r"epilep\w*",
        r"asthma\w*",
        r"meds",
        r"medication",
        r"seizures?",
        r"prescription",
        r"pregnan\w*",
        r"medical\s+needs?",
        r"tablets",
    ),
    "online_contact": (
        r"online",
        r"snap(?:chat)?",
        r"insta(?:gram)?",
        r"tik\s?tok",
        r"whatsapp",
        r"discord",
        r"facebook",
        r"social\s+media",
        r"dating\s+apps?",
        r"messaging\s+(?:someone|a\s+man|a\s+guy)",
    ),
    "trafficking": (r"traffick\w*", r"modern\s+slavery", r"nrm", r"moved\s+between\s+cities"),
    "crime": (
        r"arrested",
        r"shoplift\w*",
        r"stealing",
        r"stole",
        r"robbery",
        r"robbed\s+someone",
        r"in\s+custody",
        r"criminal\s+damage",
        r"burglary",
    ),
    "harmed": (
        r"injur\w*",
        r"bruis\w*",
        r"assaulted",
        r"beaten\s+up",
        r"battered",
        r"attacked",
        r"bleeding",
        r"black\s+eye",
        r"stab(?:bed|\s+wound)",
        r"been\s+hurt",
        r"hurt\s+(?:her|his)\s+\w+",
        r"raped",
    ),
}

# Role spellings for notify:/escalate: tasks, keyed by the vocabulary's role value.
_ROLE_PATTERNS: dict[str, str] = {
    "iro": r"iro|independent\s+reviewing\s+officer",
    "emergency_duty_team": (
        r"edt|eds|emergency\s+duty(?:\s+(?:team|service))?|out\s+of\s+hours(?:\s+team)?|ooh"
    ),
    "social_worker": r"sw|social\s+worker|allocated\s+worker|duty\s+social\s+worker|duty\s+sw",
    "team_manager": r"tm|team\s+manager|line\s+manager|team\s+leader",
    "home_manager": (
        r"manager\s+on\s+duty|mod|registered\s+manager|home\s+manager|on[\s-]call\s+manager"
    ),
    "parents": r"parents|mum|dad|mother|father|mom|nan|family",
    "school": r"school|head\s?teacher|dsl",
    "police": r"police|missing\s+person(?:s)?\s+team|misper\s+team",
    "host_authority": r"host\s+(?:authority|la)",
    "responsible_authority": r"(?:placing|responsible)\s+(?:authority|la)",
    "missing_coordinator": r"missing\s+(?:co-?ordinator|team)",
    "service_manager": r"service\s+manager",
    "head_of_service": r"head\s+of\s+service|hos",
    "assistant_director": r"ad|assistant\s+director",
    "director": r"dcs|director(?:\s+of\s+children'?s\s+services)?",
    "district_operational_lead": r"dol|district\s+(?:operational\s+)?lead",
    "strategic_manager": r"strategic\s+manager",
    "cp_chair": r"cp\s+chair|conference\s+chair",
    "cin_reviewing_officer": r"cinro|cin\s+reviewing\s+officer",
    "regulator": r"ofsted|regulator",
    "return_interview_provider": (
        r"rhi\s+(?:provider|worker|service)|return\s+interview\s+(?:provider|worker|service)"
    ),
}
_NOTIFY_VERBS = (
    r"(?:told|tell|telling|informed|inform|notified|notify|emailed|e-mailed|texted|messaged"
    r"|updated|update|contacted|rang|rung|phoned|called|spoke\s+to|spoken\s+to|let|made"
    r"|spoke\s+with|spoken\s+with|left\s+(?:a\s+)?(?:message|voicemail|vm)\s+(?:for|with)"
    r"|sent\s+(?:an\s+)?(?:email|e-mail|message|text)\s+to)"
)
_ESCALATE_VERBS = r"(?:escalated(?:\s+(?:it|this))?\s+to|briefed|brief|escalate\s+to)"
_SENIOR = {
    "team_manager",
    "service_manager",
    "head_of_service",
    "assistant_director",
    "director",
    "district_operational_lead",
    "strategic_manager",
}
_DETERMINER = r"(?:(?:the|our|his|her|their|my|a)\s+)?"

_TASK_PATTERNS: dict[str, tuple[str, ...]] = {
    "safe_and_well_check": (
        # "home safe and well" describes the child; the check is named as one.
        r"safe\s*(?:and|&|n|\+)\s*well(?:\s+check|(?=\s+(?:done|completed|visit|chat|debrief)))",
        r"(?<=the\s)safe\s*(?:and|&|n|\+)\s*well",
        r"(?<=a\s)safe\s*(?:and|&|n|\+)\s*well",
        r"s\s*&\s*w",
        r"s\+w",
        r"s\s*n\s*w",
        r"swc",
        r"found\s+debrief",
        r"prevention\s+interview",
    ),
    "return_interview": (
        r"(?:return\s+home|return|rtn)\s+interview",
        r"rhi",
        r"missing\s+chat",
        r"return\s+(?:home\s+)?conversation",
    ),
    "strategy_meeting": (r"strat(?:egy)?\s+(?:meeting|discussion|mtg|meet)",),
    "risk_review": (
        r"risk\s+(?:review|assessment|reassessment|ra)",
        r"re-?assess(?:ed)?\s+(?:the\s+)?risk",
        r"updated\s+(?:the\s+)?risk\s+assessment",
    ),
    "case_review_meeting": (
        r"(?:urgent\s+)?(?:care|case)\s+review(?:\s+(?:meeting|mtg))?",
        r"crm",
    ),
    "missing_from_care_meeting": (
        r"missing\s+from\s+care\s+(?:meeting|mtg)",
        r"mfc\s+(?:meeting|mtg)",
    ),
    "missing_intervention_meeting": (r"missing\s+intervention\s+(?:meeting|mtg)", r"mim"),
    "meaningful_contact": (r"meaningful\s+contact",),
    "prevention_plan": (r"(?:missing\s+)?prevention\s+plan", r"mpp", r"safety\s+plan"),
    "initial_assessment": (r"initial\s+assessment",),
    "lac_review": (r"lac\s+review", r"cla\s+review", r"looked[\s-]after\s+review"),
    "national_alert": (r"national\s+alert",),
    "home_office_notification": (r"home\s+office",),
    "uasc_review": (r"uasc\s+review",),
    "media_strategy": (r"media\s+(?:strategy|appeal)", r"press\s+appeal"),
    "pnc_extension": (r"pnc\s+extension",),
    "report_to_police": (
        r"report(?:ed|ing)?\s+(?:(?:him|her|them|it|this)\s+)?(?:missing\s+)?to\s+(?:the\s+)?"
        r"(?:(?:local|staffs|met|west\s+mids|thames\s+valley)\s+)?(?:police|101)",
        r"misper\s+report",
        r"missing\s+person(?:s)?\s+report",
    ),
}


def _compile(patterns: dict[str, tuple[str, ...]]) -> list[tuple[str, re.Pattern[str]]]:
    return [
        (code, re.compile(rf"(?<![\w&])(?:{'|'.join(pats)})(?![\w&])", re.I))
        for code, pats in patterns.items()
    ]


_RISKS = _compile(_RISK_PATTERNS)
_TASKS = _compile(_TASK_PATTERNS)
_ROLE_ANY = re.compile(
    _DETERMINER
    + "(?:"
    + "|".join(f"(?P<{role}>{pattern})" for role, pattern in _ROLE_PATTERNS.items())
    + ")",
    re.I,
)
_VERB = re.compile(rf"\b(?:(?P<esc>{_ESCALATE_VERBS})|{_NOTIFY_VERBS})\s+", re.I)
# Between a verb and its roles, or between two roles: "told the IRO, SW and EDT".
_ROLE_GAP = re.compile(r"^\s*(?:(?:,|and|&|\+|n)\s*)?$", re.I)


def _role_mentions(text: str, at: int) -> list[tuple[int, int, str]]:
    """Roles listed from `at` on, as long as only determiners and 'and' sit between them."""
    found: list[tuple[int, int, str]] = []
    while True:
        m = _ROLE_ANY.search(text, at)
        if m is None or not _ROLE_GAP.match(text[at : m.start()]):
            return found
        if m.end() < len(text) and (text[m.end()].isalnum() or text[m.end()] == "&"):
            return found
        role = next(name for name, value in m.groupdict().items() if value is not None)
        if not text[m.start() : m.end()].strip():
            return found
        found.append((m.start(), m.end(), role))
        at = m.end()


assert set(_RISK_PATTERNS) <= RISK_FACTORS, set(_RISK_PATTERNS) - RISK_FACTORS
assert all(is_task_code(code) for code in _TASK_PATTERNS)
assert all(is_task_code(f"notify:{role}") for role in _ROLE_PATTERNS)


_PLATFORM = re.compile(r"snap|insta|tik|whatsapp|discord|facebook", re.I)
# Being on Snapchat is not a risk; talking to someone there may be.
_CONTACT = re.compile(
    r"\b(?:talk\w*|chat\w*|messag\w*|speak\w*|spoke|met|meet\w*|contact\w*|groom\w*|add(?:ed)?"
    r"|strangers?|men|man|adults?|someone|people)\b",
    re.I,
)


def find_risk_factors(text: str) -> list[Span]:
    spans = []
    for code, pattern in _RISKS:
        for m in pattern.finditer(text):
            if (
                code == "online_contact"
                and _PLATFORM.match(m.group(0))
                and not _CONTACT.search(text, max(0, m.start() - 40), m.start())
            ):
                continue
            spans.append(Span(m.start(), m.end(), "risk_factor", code))
    return longest_non_overlapping(spans)


# "let the IRO know", "made the IRO aware": the closing word belongs to the phrase.
_LET_KNOW = re.compile(r"\s+know\b", re.I)
_MADE_AWARE = re.compile(r"\s+aware\b", re.I)
# "EDT have been informed", "SW informed.": a role, then the notifying verb in the passive,
# closing the clause (not "her mum told me", where the role is the one telling).
_PASSIVE = re.compile(
    r"\s+(?:(?:has|have|had|was|were)\s+(?:been\s+)?|(?:is|are)\s+(?:now\s+)?)?"
    r"(?:informed|told|notified|updated|contacted|emailed|made\s+aware|aware)"
    r"(?=\s*(?:$|[,.;!]|and\b|at\b|of\b|re\b|about\b|too\b|as\s+well\b|this\b|by\b))",
    re.I,
)


def find_tasks(text: str) -> list[Span]:
    """Protocol tasks named in `text`.

    A notification or escalation is the whole phrase, verb included ("phoned the IRO",
    "escalated to the service manager", "let her mum know"): the verb is what says it was done.
    Further roles in a list ("told the IRO and the team manager") are spans of their own.
    """
    spans = [
        Span(m.start(), m.end(), "task", code)
        for code, pattern in _TASKS
        for m in pattern.finditer(text)
    ]
    for verb in _VERB.finditer(text):
        escalate = verb.group("esc") is not None
        phoned = re.match(r"rang|rung|phoned|called", verb.group(0), re.I) is not None
        let = verb.group(0).lower().startswith("let")
        made = verb.group(0).lower().startswith("made")
        roles = _role_mentions(text, verb.end())
        if made:
            # "made" notifies only as "made <role> aware".
            aware = _MADE_AWARE.match(text, roles[0][1]) if roles else None
            if aware is None:
                continue
            spans.append(Span(verb.start(), aware.end(), "task", f"notify:{roles[0][2]}"))
            continue
        know = _LET_KNOW.match(text, roles[0][1]) if let and roles else None
        if know is not None:
            # "let the IRO know and the team manager": the list carries on after "know".
            roles += _role_mentions(text, know.end())
        for n, (start, end, role) in enumerate(roles):
            if role == "police" and phoned:
                code = "report_to_police"
            elif escalate and role in _SENIOR:
                code = f"escalate:{role}"
            else:
                code = f"notify:{role}"
            if n == 0:
                start = verb.start()
                end = know.end() if know is not None else end
            spans.append(Span(start, end, "task", code))
    spans += _passive_notifications(text)
    return longest_non_overlapping(spans)


def _passive_notifications(text: str) -> list[Span]:
    """ "EDT have been informed", "the IRO has been told", "SW informed": role and verb."""
    found = []
    for m in _ROLE_ANY.finditer(text):
        if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "&"):
            continue
        if m.end() < len(text) and (text[m.end()].isalnum() or text[m.end()] == "&"):
            continue
        role = next(name for name, value in m.groupdict().items() if value is not None)
        passive = _PASSIVE.match(text, m.end())
        # "police informed/aware" is how a police report is said; the sets annotate it as one
        # (intent police_reported) and not as a task.
        if passive is None or role == "police" or not text[m.start() : m.end()].strip():
            continue
        found.append(Span(m.start(), passive.end(), "task", f"notify:{role}"))
    return found
