"""Rules over the classifier's ranking where a mistake would be dangerous.

Reading "still not back" as a return could close an episode while a child is still missing;
reading "police just dropped him off" as a new report would start one. A statistical model
gets these right most of the time; these rules make two mistakes impossible rather than
unlikely:

* a message whose last word on the child's return is negative ("hasn't come home", "no sign of
  her", "gone again") is never `child_returned`;
* a message whose last word on it is a plain return ("she's back", "found safe") is never
  `report_missing`.

What a message says about the return is read in nlu/return_state.py; this module decides what
that, and what else the message mentions (a phone back on, a task about a return already
recorded, a pet gone missing), does to the ranking: `apply_rules` takes out what the words
forbid, and `promote_stated_return` and the merges move or join readings the words settle.
"""

from __future__ import annotations

import re

from nlu.return_state import (
    PAST_RETURN,
    RECORD_SHOWS_RETURN,
    RETURN_AS_SETTING,
    RETURNED,
    THINGS,
    ReturnState,
    clean_text,
    has_return_word,
    is_return_question,
    return_state,
)
from nlu.types import IntentScore

# Below this, a return the words do not state is offered, not taken (nlu/confidence.py).
UNSTATED_RETURN_MIN = 0.6


def apply_rules(text: str, ranking: list[IntentScore]) -> tuple[list[IntentScore], list[str]]:
    """The ranking with forbidden intents removed, and the rules that changed the top intent.

    A return the classifier is unsure of and the words do not state ("unstated_return") is not
    removed but moved to second place, so the dialogue still offers it as a button.
    """
    state = return_state(text)
    top = ranking[0] if ranking else None
    if (
        top is not None
        and top["name"] == "child_returned"
        and top["confidence"] < UNSTATED_RETURN_MIN
        and state is ReturnState.NONE
        and len(ranking) > 1
    ):
        kept, fired = _forbid(text, [ranking[1], top, *ranking[2:]], state)
        return kept, fired or ["unstated_return"]
    return _forbid(text, ranking, state)


# A phone or a location coming back on is news about the phone, not the child's return.
_THING_BACK = re.compile(
    r"\b(?:phone|mobile|location(?:\s+sharing)?|snap\s*map|snap|insta|account|signal)(?:'s|\s+is|\s+has|\s+was)?"
    r"\s+(?:just\s+)?(?:come\s+|came\s+|popped\s+|been\s+)?(?:switched\s+|turned\s+)?(?:back\s+)?"
    r"(?:on|up)(?:\s+again)?\b"
    # Where the phone lies is no phone coming on: "left his phone on his bed", "no phone on him"
    # (session 24: eight first reports were read as news for it).
    r"(?!\s+(?:the|her|his|their|a|an|my|our|him|them|it|top|floor|bed|table|side|charge|pillow)\b)"
    # Back online is the account, not the child: "she's back online", "back on whatsapp".
    r"|\bback\s+(?:online|active|on\s+(?:snap\w*|whatsapp|insta\w*|tiktok|facebook|fb|social))\b"
    # Live or posting on an app is the account: "now he's live on TikTok from someone's car".
    r"|\b(?:live|online|active|posting|posted\s+\w+)\s+on\s+(?:tiktok|insta\w*|snap\w*|facebook|fb"
    r"|whatsapp|youtube)\b"
    # A bus or train getting in is not the child getting in.
    r"|\b(?:bus|train|coach|tram|plane|flight)\s+(?:got|gets|came|comes)\s+in\b"
)
# The return home interview is a task about a return long recorded: "done the return home chat
# with ruairi" states no return.
_RETURN_INTERVIEW = re.compile(
    r"\breturn(?:\s+home)?\s+(?:interview|chat|conversation|talk|visit|meeting|form|work(?:er)?)s?\b"
    r"|\brhi\b|\bdebrief(?:ed|ing|s)?\b"
)
# Belongings found are news about the belongings ("found her bag by the canal", "her coat has
# been found", "found a wad of cash in his room"), not the child found.
_THING_FOUND = re.compile(
    # The rest of the clause goes with it: "found two phones in her room" is not "in her room".
    rf"\bfound\s+(?:a|an|some|\d+|(?:his|her|their|[\w']+'s)\s+(?:\w+\s+)?{THINGS})\b[^,.;!?]*"
    rf"|\b{THINGS}\s+(?:has\s+|have\s+|had\s+|was\s+|were\s+|is\s+|got\s+)?(?:just\s+|now\s+)?(?:been\s+)?found\b"
    rf"|\b{THINGS}\b[^,.;!?]{{0,40}}?\b(?:has\s+|have\s+|had\s+)?(?:just\s+)?(?:turned|shown|showed)\s+up\b"
    r"[^,.;!?]*"
    rf"|\b{THINGS}\s+(?:has\s+|have\s+|was\s+|were\s+)?(?:been\s+)?handed\s+in\b"
    rf"|\b{THINGS}\s+(?:are|is|were|was)\s+(?:\w+\s+)?here\b[^,.;!?]*"
    rf"|\b{THINGS}\s+(?:is|'s|s|are|were|was|has\s+been|have\s+been)\s+(?:back|home)\b[^,.;!?]*"
)
# The safe and well check done is a task: "police came and did Tia's safe and well".
_CHECK_DONE = re.compile(
    r"\b(?:did|done|do|doing|completed|carried\s+out|had|have|has)\s+(?:[\w'-]+\s+){0,2}?"
    r"(?:safe\s+(?:and|&|n)\s+well|s\s*&\s*w)\b"
    # Said the other way round, with where and by whom: "safe and well with Domi done at home
    # by a PCSO", "S&W done on Nevaeh at the station before she came home".
    r"|\b(?:safe\s+(?:and|&|n)\s+well|s\s*&\s*w)(?:\s+check)?\s+(?:[\w'-]+\s+){0,3}?"
    r"(?:done|complete|completed|carried\s+out|held)\b[^,.;!?]*"
    # A visit after the return is the same kind of task: "home visit done for Mikey, saw him".
    r"|\b(?:home|statutory|welfare|follow[- ]up|\d+\s*h(?:ou)?rs?)\s+visit\s+(?:[\w'-]+\s+){0,2}?"
    r"(?:done|completed|held|carried\s+out)\b[^,.;!?]*"
)
# A return passed on to someone, not told to the assistant: "let her mum know Tia is back",
# "passed on to school that Poppy is home", "rang her dad to say Aaliyah's home". The news is
# the notification (the return is already recorded). Told to "you" it is the return itself.
RETURN_PASSED_TO = re.compile(
    # Not the noun "update" ("update on Hamza - he's back" is the return itself).
    r"\b(?:told|tell|telling|let|letting|informed|inform|informing|notified|notify|updated"
    r"|passed\s+(?:it\s+)?on\s+to|handed\s+over\s+to|rang|rung|called|phoned|messaged|texted"
    # Present tense in second-language English: "I ring police to say Jayden is back".
    r"|ring|ringing|phone|phoning|calling"
    r"|emailed|left\s+(?:a\s+)?(?:msg|message|voicemail|vm|note)\s+(?:for|with))"
    # Not news told to the writer: "police have rung to say Dom's been returned", "carer's just
    # rung me to say Shay got back" (session 24).
    r"\s+(?!(?:you|u|ya|yous|homeward|on|about|re|me|us|to)\b)"
    r"(?:(?!(?:and|but|so|then)\b)[\w'][\w'-]*\s+){1,3}?"
    r"(?:know\s+|aware\s+)?(?:that\s+|(?:to\s+)?say(?:ing)?\s+|to\s+tell\s+(?:them|him|her)\s+"
    r"|to\s+let\s+(?:them|him|her)\s+know\s+(?:that\s+)?)?[\w'-]+"
    r"(?:\s+is|'s|\s+are|\s+was|\s+has\s+been|s|\s+came|\s+has\s+come|'s\s+come|s\s+come"
    r"|\s+had\s+come|\s+got|\s+was\s+found\s+and\s+is|\s+returned|\s+has\s+turned|'s\s+turned"
    r"|s\s+turned|'s\s+been|s\s+been|\s+been|\s+was|\s+got)\s+(?:back|home|returned|in\b|safe|up\b|found\b"
    r"|collected\b|picked\s+up\b)[^,.;!?]*"
)
# The same to a list of people, when "that" says what was passed on: "informed his PA and the
# police that Callum is back".
_RETURN_PASSED_TO_LIST = re.compile(
    r"\b(?:told|telt|informed|notified|updated|let|emailed|messaged|texted|wrote\s+to"
    r"|passed\s+(?:it\s+)?on\s+to)\s+(?!(?:you|u|homeward)\b)(?:[\w'-]+,?\s+){1,8}?"
    r"(?:know\s+)?that\s+[\w'-]+(?:(?:\s+is|'s|\s+was|\s+has\s+been|\s+came|\s+had\s+come|\s+returned)\s+"
    r"(?:back|home|hame|returned|in\b|safe)|\s+(?:has\s+|had\s+)?returned\b)[^,.;!?]*"
    # Whoever brought them: "notified his SW and his mum that police brought him back".
    r"|\b(?:told|informed|notified|updated|passed\s+(?:it\s+)?on\s+to)\s+(?!(?:you|u|homeward)\b)"
    r"(?:[\w'-]+,?\s+){1,8}?that\s+(?:the\s+)?(?:police|officers|[\w'-]+)\s+(?:brought|dropped|returned"
    r"|drove)\s+(?:him|her|them)\s+(?:back|home|in)\b[^,.;!?]*"
    # Said of whoever was told: "school informed that Jaxon was missing and has come back". Not
    # "I was informed that…": the writer being told is the news itself.
    r"|(?<!\bbeen\s)(?<!\bwas\s)(?<!\bwere\s)(?<!\bam\s)(?<!\bive\s)(?<!i've\s)(?<!\bi\s)(?<!\bwe\s)"
    r"\b(?:informed|notified|made\s+aware"
    r"|updated)\s+that\b[^.;!?]*\b(?:back|home|returned|come\s+in|came\s+in)\b[^,.;!?]*"
)
# A corrected time: "came in at 1:40 not 1:15" is news about a fact already given.
_TIME_CORRECTED = re.compile(
    r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?,?\s+not\s+(?:at\s+)?\d{1,2}(?:[:.]\d{2})?\b"
)
# Kept somewhere safe for the night is whereabouts, not a return (guideline: "kept in
# overnight"), even when the police "found her there": "admitted to the Royal overnight, police
# found her there", "detained under s136 and taken to the place of safety". 93 of 99 training
# and dev messages saying it are whereabouts; the one return is released after it ("discharged
# this morning and I collected her").
_KEPT_IN = re.compile(
    r"\b(?:admitted|kept\s+(?:in|her|him|them)|keeping\s+(?:him|her|them)|detained|sectioned|held"
    r"|place\s+of\s+safety|s\.?\s?136|section\s+136)\b[^.;!?]*?\b(?:overnight|tonight|till\s+(?:tomorrow"
    r"|the\s+morning|morning)|until\s+(?:tomorrow|the\s+morning|morning)|for\s+the\s+night"
    r"|place\s+of\s+safety|assessment)\b"
)
_RELEASED = re.compile(
    r"\b(?:discharged|released|let\s+(?:him|her|them)\s+go|collected|picked\s+(?:him|her|them)\s+up"
    r"|brought\s+(?:him|her|them)\s+(?:home|back)|(?:is|'s|s|are)\s+(?:now\s+)?(?:home|back)\s+now)\b"
)


def _kept_in_still(clean: str) -> bool:
    kept = _KEPT_IN.search(clean)
    return kept is not None and _RELEASED.search(clean[kept.end() :]) is None


# A correction says so: "correction to earlier: she was brought back by her cousin, not police"
# is news about a return already recorded. No return among the 11,000 training messages of
# session 24 uses the word; 64 corrections are news.
_CORRECTION = re.compile(r"\b(?:correction|correcting|amend\w*)\b")


# A pet or a thing gone missing is not a child gone missing: "our cat's gone missing", "my
# keys have gone missing again". The message must say nothing else is missing.
_NOT_A_CHILD_MISSING = re.compile(
    r"\b(?:cat|cats|dog|dogs|kitten|puppy|rabbit|hamster|budgie|tortoise|pet|keys?|remote|shoes"
    r"|purse|wallet|glasses|bike|scooter|car|printer|laptop|charger|lanyard|badge|work\s+phone)"
    r"(?:'s|s)?\s+(?:has\s+|have\s+|is\s+|are\s+)?(?:gone\s+|went\s+)?(?:missing|lost|run\s+off"
    r"|ran\s+off|escaped|walkabout)\b"
    # The service's words, not a child missing: "her chat with the missing worker".
    r"|\bmissing\s+(?:worker|team|coordinator|co-ordinator|officer|service|person'?s?\s+(?:team|unit"
    r"|coordinator)|episodes?\s+(?:form|meeting|review|log)|protocol|meeting|panel|return\s+worker)\b"
)
_ANYONE_MISSING = re.compile(
    r"\b(?:missing|not\s+back|not\s+home|not\s+come\s+(?:back|home)|run\s+off|ran\s+off|awol"
    r"|absconded|done\s+a\s+runner|done\s+one"
    # The guideline's first sign of absence: "the bus got in and he wasn't on it".
    r"|(?:was|were)\s+not\s+on\s+(?:it|the\s+(?:bus|train|coach|tram))"
    r"|has\s+gone(?=\s*(?:$|[,.;!]|\b(?:and|off|out|again)\b)))\b"
)


# What a message may mention without saying the child is back: a phone or an account back on, a
# return home interview, belongings found. Each forbids a return unless one is stated besides.
_NOT_THE_CHILD: tuple[tuple[re.Pattern[str], str], ...] = (
    (_THING_BACK, "thing_back"),
    (_RETURN_INTERVIEW, "return_interview"),
    (_THING_FOUND, "thing_found"),
    (_CHECK_DONE, "check_done"),
    (RETURN_PASSED_TO, "return_passed_on"),
    (_RETURN_PASSED_TO_LIST, "return_passed_on"),
    (RECORD_SHOWS_RETURN, "record_updated"),
)


# What the child said afterwards of where they had been, in a task about the return: "RHI done,
# he says he was at a mate's the whole time" states no return of its own.
_REPORTED_SPEECH = re.compile(
    r"\b(?:says|said|claims|claimed|told\s+(?:me|us|staff|her|him|them))\s+(?:that\s+)?"
    r"(?:he|she|they)(?:\s+was|\s+were|\s+had\s+been|'d\s+been|d\s+been)\b[^,.;!?]*"
)


# Where the child is now, at home, beside a task: "S&W done for Keanu, no injuries, he's in bed".
_SETTLED_NOW = re.compile(
    r"\b(?:is|'s|s)\s+(?:now\s+)?(?:in\s+(?:bed|his\s+room|her\s+room|their\s+room)|asleep|sleeping"
    r"|settled)\b"
)


def _only_mentions(pattern: re.Pattern[str], clean: str) -> bool:
    """`pattern` is in the message and no stated return is left once it is taken out."""
    rest = _SETTLED_NOW.sub(" ", _REPORTED_SPEECH.sub(" ", pattern.sub(" ", clean)))
    rest = RETURN_AS_SETTING.sub(" ", rest)
    return pattern.search(clean) is not None and not any(p.search(rest) for p in RETURNED)


def _forbid(
    text: str, ranking: list[IntentScore], state: ReturnState
) -> tuple[list[IntentScore], list[str]]:
    clean = clean_text(text)
    forbidden: dict[str, str] = {}
    if state is ReturnState.NOT_RETURNED:
        forbidden["child_returned"] = "negated_return"
    elif state is ReturnState.RETURNED:
        forbidden["report_missing"] = "plain_return"
    if is_return_question(text):
        forbidden["child_returned"] = "return_question"
    elif _TIME_CORRECTED.search(clean):
        forbidden["child_returned"] = "time_corrected"
    elif _CORRECTION.search(clean):
        forbidden["child_returned"] = "correction"
    elif _kept_in_still(clean):
        forbidden["child_returned"] = "kept_in"
    elif PAST_RETURN.search(clean):
        forbidden["child_returned"] = "past_return"
    else:
        rule = next(
            (name for pattern, name in _NOT_THE_CHILD if _only_mentions(pattern, clean)), None
        )
        if rule is not None:
            forbidden["child_returned"] = rule
        elif "child_returned" not in forbidden and not has_return_word(text):
            forbidden["child_returned"] = "no_return_word"
    if _NOT_A_CHILD_MISSING.search(clean) and not _ANYONE_MISSING.search(
        _NOT_A_CHILD_MISSING.sub(" ", clean)
    ):
        forbidden["report_missing"] = "not_a_child"
    elif _THING_BACK.search(clean) and not _ANYONE_MISSING.search(clean):
        # A phone or an account back on is news in a search under way, not a first report,
        # unless the message also says the child is missing ("not home, phone on, no answer").
        forbidden["report_missing"] = "thing_back"
    kept = [s for s in ranking if s["name"] not in forbidden]
    fired = [forbidden[ranking[0]["name"]]] if ranking and ranking[0]["name"] in forbidden else []
    return kept, fired


# What a plainly stated return is often mistaken for ("walked in at 1, won't say where she's
# been" reads as news); and how likely the classifier must still find the return.
# Session 21: also a task or a police report said with the return ("eli's back, also let the
# IRO know", "returned 04:05, police informed"): the return is acted on first and the rest
# stays a secondary fact (nlu/facts.py). Not a risk: on ten fresh dev sets, promoting over a
# risk turned habits ("keeps coming back with money") into returns.
_MISTAKEN_FOR_RETURN = frozenset(
    {"new_information", "whereabouts_known", "task_done", "police_reported", "risk_concern"}
    # Session 24: a short return with a greeting, thanks or a yes ("hiya, just to let you know
    # kai is back in", "yes he's back", "tys back hes fine lol") read as small talk.
    | {"out_of_scope", "greet", "goodbye", "affirm"}
)


# The first clause is the return and nothing else: "ellis has come in, bit drunk", "he got back
# around midnight. Had a bottle of vodka", "ffion is back but she has a love bite". Not "seun
# said there's no point … he's in his room now" (home is the setting of a risk), nor "came back
# with cuts on his arms" or "came in drunk again after school" (the risk is how they came back,
# which may be from anywhere).
_LEADING_RETURN = re.compile(
    r"^\s*(?:[\w'-]+\s+){0,3}?(?:is|has|have|had|was|just|finally|now)?\s*"
    r"(?:(?:(?:come|came|got|walked|rolled|strolled|landed|stumbled|staggered)\s+)?(?:back|home|in|bk)"
    r"|(?:turned|rocked|showed)\s+up)"
    r"(?:\s+(?:now|safe|safely|ok|okay|just\s+now|last\s+night|at\s+\S+|around\s+\S+"
    r"|about\s+\S+|midnight|\S+ish|and\s+(?:safe|well|ok|okay|fine)|and\s+sound|well|fine))*\s*$"
)


# Finer than return_state's clauses: a comma, a colon or a dash ends the first clause too
# ("update on Hamza - he's back, nasty cut").
_FIRST_CLAUSE_END = re.compile(r"[,.;:!?\n]+|\s-\s|\bbut\b")


def _first_clause(text: str) -> str:
    return next((c for c in _FIRST_CLAUSE_END.split(clean_text(text)) if c.strip()), "")


def _leads_with_return(text: str) -> bool:
    return _LEADING_RETURN.match(_first_clause(text)) is not None


# A question after a return that opens the message is the next thing to do, not the first:
# "dec back, hes ok. when does the RHI need doing by?" (session 23).
_ASKED_AFTER = frozenset({"ask_guidance", "status_query"})


STATED_RETURN_MIN = 0.05
# "go back" is the menu's undo, not a child.
_GO_BACK = re.compile(r"^\s*(?:go|going|step)\s+back\b")


def promote_stated_return(text: str, ranking: list[IntentScore]) -> tuple[list[IntentScore], bool]:
    """A return the words state plainly comes first when the classifier put it second or third
    behind news, whereabouts or a risk. Its confidence is kept, and a runner-up's is always
    below the 0.6 a return needs to be acted on, so the dialogue asks, the return the first
    button. A message that opens with the return and nothing else ("t'shai back safe, police
    informed") is a return however far down the classifier put it (session 23: a task said
    after it had pushed the return below third)."""
    leads = _leads_with_return(text)
    returned = [s for s in ranking[1:] if s["name"] == "child_returned"]
    promotable = _MISTAKEN_FOR_RETURN | _ASKED_AFTER if leads else _MISTAKEN_FOR_RETURN
    if _SAYS_CANCEL.search(clean_text(text)) is None and not _GO_BACK.match(clean_text(text)):
        # "Kaz is back" read as an undo, with no word of undoing anything (session 24).
        promotable = promotable | {"cancel"}
    if (
        not returned
        or ranking[0]["name"] not in promotable
        or (
            not leads
            and (returned[0] not in ranking[1:3] or returned[0]["confidence"] < STATED_RETURN_MIN)
        )
        or return_state(text) is not ReturnState.RETURNED
        or is_return_question(_first_clause(text) if leads else text)
        or (ranking[0]["name"] == "risk_concern" and not leads)
    ):
        return ranking, False
    return [returned[0], *(s for s in ranking if s["name"] != "child_returned")], True


def _merged_into(target: str, away: set[str], ranking: list[IntentScore]) -> list[IntentScore]:
    """The ranking with the intents in `away` gone and their confidence added to `target`'s,
    best first: a reading the words rule out gives its share to the one they state. A target
    already first stays first: promote_stated_return put it there above more confident
    readings, and sorting again would undo that (session 24: "just heard from the FC, Jo's
    back" went back to news)."""
    share = sum(s["confidence"] for s in ranking if s["name"] in away | {target})
    merged = IntentScore(name=target, confidence=round(share, 4))
    rest = [s for s in ranking if s["name"] not in away | {target}]
    if ranking and ranking[0]["name"] == target:
        return [merged, *rest]
    return sorted([merged, *rest], key=lambda s: -s["confidence"])


# A reply opens with its no: "nope, still out", "no he's not back", "not yet", "absolutely not".
_OPENS_WITH_NO = re.compile(
    r"^\s*(?:no+|nope|nah|na|naw|nae|nie|not|never|negative|neither|nay|n|absolutely\s+not"
    r"|definitely\s+not|defo\s+not|of\s+course\s+not|hell\s+no|god\s+no|no\s+way|still|sadly\s+not"
    r"|afraid\s+not|i'?m\s+afraid\s+not|i\s+don'?t\s+think\s+so|i\s+do\s+not\s+think\s+so)\b"
)
# A cancel says so: "ignore that, he isn't actually back", "wrong child", "scrap that".
_SAYS_CANCEL = re.compile(
    r"\b(?:cancel\w*|ignore|scrap|forget|undo|delete|wrong|never\s*mind|nvm|meant|mistake|stop"
    r"|disregard|my\s+bad|sorry)\b"
)


def merge_deny_into_report(text: str, ranking: list[IntentScore]) -> tuple[list[IntentScore], bool]:
    """ "Jay's not back" is the night report, not a "no" nor an undo: a deny needs its no (or
    "still …", "not yet") at the start, a cancel its word. The writers of session 23 answered "is
    he back?" with "no he's not back" and undid a return with "ignore that, he isn't back" often
    enough that the classifier split "Lily's not back" between report, deny and cancel; when a
    message that says a child is not back has neither, their shares go to the report."""
    names = [s["name"] for s in ranking]
    clean = clean_text(text)
    merged_away = {
        name
        for name, cue in (
            ("deny", _OPENS_WITH_NO.match(clean)),
            ("cancel", _SAYS_CANCEL.search(clean)),
        )
        if name in names and cue is None
    }
    if (
        not merged_away
        or "report_missing" not in names
        or ranking[0]["name"] not in ({"report_missing"} | merged_away)
        or return_state(text) is not ReturnState.NOT_RETURNED
    ):
        return ranking, False
    return _merged_into("report_missing", merged_away, ranking), True


# A task says what was done: "S&W done", "told her mum", "RHI booked", "rang the police".
_TASK_WORD = re.compile(
    r"\b(?:done|did|do|doing|completed?|told|tell|informed?|notif\w*|rang|rung|ring|called|phoned"
    r"|emailed|messaged|texted|held|booked|arranged|sent|chased|escalated|updated|logged|recorded"
    r"|reviewed|spoke|spoken|met|visited|visit|debrief\w*|passed|handed|referr\w*|completed|closed"
    r"|marked|let\s+\w+\s+know|check(?:ed)?|interview\w*|rhi|s\s*&\s*w|strat\w*|meeting)\b"
)


def merge_task_into_return(text: str, ranking: list[IntentScore]) -> tuple[list[IntentScore], bool]:
    """ "Amir is home safe and well" is a return, not the safe and well check: with no word of
    something done, a task cannot be what the message says, and its share goes to the return
    the words state (session 23's writers logged many "S&W done" tasks, which drew plain
    returns that say "safe and well" towards task_done)."""
    names = [s["name"] for s in ranking]
    if (
        "task_done" not in names
        or "child_returned" not in names
        or ranking[0]["name"] not in ("task_done", "child_returned")
        or _TASK_WORD.search(clean_text(text))
        or return_state(text) is not ReturnState.RETURNED
        or is_return_question(text)
    ):
        return ranking, False
    return _merged_into("child_returned", {"task_done"}, ranking), True


# Telling the police a child is back is a return passed on (guideline, "Decided in session 23"):
# "rang 101 to say Deshawn is back, incident 7203 updated", "rang the police like you say and
# told them Aaliyah is back home". 26 training and dev messages say it; 24 are task_done, and
# the two returns state the return first-hand, where the classifier does not put the police
# report first.
_RETURN_TOLD_TO_POLICE = re.compile(
    r"\b(?:rang|rung|ring|called|phoned|told|informed|let|updated|notified)\s+(?:the\s+)?(?:police"
    r"|101|999|cops|control\s+room)\b[^.;!?]*?\b(?:say|saying|tell|told|know|that)\b[^.;!?]*?"
    r"\b(?:is|'s|s|was|has\s+been|are|were)\s+(?:now\s+)?(?:back|home|returned)\b"
)


def police_told_of_return_is_a_task(
    text: str, ranking: list[IntentScore]
) -> tuple[list[IntentScore], bool]:
    """A police report that only tells the police a child is back is the task of telling them."""
    names = [s["name"] for s in ranking]
    if (
        not ranking
        or ranking[0]["name"] != "police_reported"
        or "task_done" not in names
        or _RETURN_TOLD_TO_POLICE.search(clean_text(text)) is None
    ):
        return ranking, False
    task = ranking[names.index("task_done")]
    return [task, *(s for s in ranking if s["name"] != "task_done")], True
