"""Canonical messages: the plain things carers, social workers and managers really send.

Written independently of the training data and before the model was tuned against it; none of
these sentences may be copied into nlu/data. Each asserts the intended intent and, for the
unambiguous ones, that the assistant acts without asking "do you mean…" (a carer at 3am should
not have to press a button to say "Kai is missing").

Children here are invented and given to the parser as the worker's roster.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

import pytest
from rapidfuzz import fuzz, process

from nlu.confidence import needs_confirmation
from nlu.masking import TrainingMasker, mask_text
from nlu.parser import EmbeddedUnderstanding
from nlu.training_data import TrainingData, load_training
from nlu.types import ParseResult
from tests.nlu.conftest import NOW

ROSTER = [
    "Kai Thompson",
    "Ruby Walsh",
    "Amir Haddad",
    "Zara Hussain",
    "Noah Price",
    "Lily-Mae Carter",
    "Deshawn Clarke",
]


class Case(NamedTuple):
    text: str
    intent: str
    # False where a careful reader could take it either way: only the intent is checked.
    sure: bool = True


CASES: tuple[Case, ...] = (
    # report_missing
    Case("Kai is missing", "report_missing"),
    Case("kai is missing", "report_missing"),
    Case("Ruby hasn't come in from school", "report_missing"),
    Case("ruby not back from school yet, was due at 4", "report_missing"),
    Case("Amir's gone awol", "report_missing"),
    Case("Deshawn has gone missing from placement, last seen 8pm", "report_missing"),
    Case("zara didnt come home last night", "report_missing"),
    Case("cant find Noah anywhere, he's not in his room", "report_missing"),
    Case("Lily-Mae missing, left about 9 and her phone is off", "report_missing"),
    Case("noah hasnt retuned from contact", "report_missing"),
    Case("LAC yp missing from placement", "report_missing"),
    Case("kai still hasnt come home and its gone 1am", "report_missing"),
    # whereabouts_known
    Case("Kai is at his mum's and won't come back tonight", "whereabouts_known"),
    Case("Ruby's at her friend's house, we know where she is", "whereabouts_known"),
    Case("Amir is with his brother in town, refusing to come home", "whereabouts_known"),
    Case("zara is staying at her nans tonight without permission", "whereabouts_known"),
    Case("snap map shows Deshawn at the retail park", "whereabouts_known"),
    Case("Noah rang, he's at his girlfriends and says he'll stay there", "whereabouts_known"),
    # child_returned
    Case("police just dropped him off", "child_returned"),
    Case("Kai's back", "child_returned"),
    Case("ruby came in at 11, she's safe", "child_returned"),
    Case("Amir is home safe and well", "child_returned"),
    Case("Zara walked back in at half 12", "child_returned"),
    Case("police found Noah in town and brought him home", "child_returned"),
    Case("Lily-Mae is back at placement", "child_returned"),
    Case("deshawn back now, gone straight to bed", "child_returned"),
    # police_reported
    Case("reported to police, ref 4521 of 23/11", "police_reported"),
    Case("police have been informed, log number 1234", "police_reported"),
    Case("called the police about Ruby, they gave me a reference", "police_reported"),
    Case("rang 101 and reported Amir", "police_reported"),
    Case("I've reported Kai missing to the police", "police_reported", sure=False),
    Case("police are aware, an officer is coming out", "police_reported"),
    # new_information
    Case("Kai's mate says he saw him at the bus station an hour ago", "new_information"),
    Case("Ruby just posted on snapchat from a party", "new_information"),
    Case("someone saw Amir near the canal about 10", "new_information"),
    Case("zara answered her phone, says she's fine but won't say where", "new_information", False),
    Case("Noah's phone is switched on again but he's not answering", "new_information", False),
    # risk_concern
    Case("worried Kai is being groomed by older lads", "risk_concern"),
    Case("Ruby said she's been made to carry drugs", "risk_concern"),
    Case("Amir had a knife in his bag last week", "risk_concern"),
    Case("Zara talked about wanting to hurt herself before she left", "risk_concern"),
    Case("think deshawn is being exploited, keeps turning up with cash", "risk_concern"),
    Case("Lily-Mae has been talking to an older man online", "risk_concern"),
    # task_done
    Case("RHI done with Amir", "task_done"),
    Case("return home interview completed for Ruby", "task_done"),
    Case("S&W check done", "task_done"),
    Case("EDT informed", "task_done"),
    Case("I've told the SW", "task_done"),
    Case("strategy meeting held this morning", "task_done"),
    Case("rang Kai's mum to let her know", "task_done", sure=False),
    # status_query
    Case("who's missing?", "status_query"),
    Case("who is missing right now", "status_query"),
    Case("what's due today?", "status_query"),
    Case("any open episodes for my team", "status_query"),
    Case("what tasks have I got", "status_query"),
    Case("whats overdue", "status_query"),
    # ask_guidance
    Case("what do I do now?", "ask_guidance"),
    Case("what should I do if she's not back by midnight", "ask_guidance"),
    Case("do I need to ring the police?", "ask_guidance"),
    Case("what's an RHI", "ask_guidance"),
    Case("how long should i wait before i report her", "ask_guidance"),
    Case("help, what's the next step", "ask_guidance"),
    # affirm
    Case("yes", "affirm"),
    Case("yep that's right", "affirm"),
    Case("correct", "affirm"),
    Case("yeah go ahead", "affirm"),
    # deny
    Case("no", "deny"),
    Case("nope", "deny"),
    Case("no that's wrong", "deny"),
    Case("nah not that", "deny"),
    # greet
    Case("hi", "greet"),
    Case("hello", "greet"),
    Case("morning", "greet"),
    Case("hiya", "greet"),
    # goodbye
    Case("bye", "goodbye"),
    Case("thanks, night", "goodbye"),
    Case("ok cheers, bye", "goodbye"),
    Case("speak tomorrow", "goodbye"),
    # cancel
    Case("cancel", "cancel"),
    Case("forget it, ignore me", "cancel"),
    Case("nevermind that", "cancel"),
    Case("scrap that last message", "cancel"),
    # out_of_scope
    Case("what's the weather like tomorrow", "out_of_scope"),
    Case("can you order me a pizza", "out_of_scope"),
    Case("tell me a funny joke", "out_of_scope"),
    Case("who won the football", "out_of_scope"),
)

# Cases the model does not yet get right (intent, or confident enough to act), kept visible
# rather than deleted. There were seven when this set was written (commit 29df646).
# Empty since session 21: "rang Kai's mum to let her know" (read as news until then) is
# understood since the ten writer sets joined the training data. A known miss goes here with
# the reason, and is marked xfail rather than hidden.
KNOWN_FAILURES: frozenset[str] = frozenset()


def _params() -> list[object]:
    return [
        pytest.param(
            case,
            id=case.text,
            marks=[pytest.mark.xfail(reason="known miss, see KNOWN_FAILURES", strict=False)]
            if case.text in KNOWN_FAILURES
            else [],
        )
        for case in CASES
    ]


def judge(case: Case, result: ParseResult) -> bool:
    """Right intent and, for unambiguous messages, acted on without asking."""
    if result["intent"]["name"] != case.intent:
        return False
    # out_of_scope always gets buttons by design (nlu/confidence.py), so only its intent counts.
    return not (case.sure and case.intent != "out_of_scope" and needs_confirmation(result))


@pytest.mark.parametrize("case", _params())
def test_canonical_message(understanding: EmbeddedUnderstanding, case: Case) -> None:
    result = understanding.parse(case.text, NOW, child_names=ROSTER)
    assert result["intent"]["name"] == case.intent, result["intent_ranking"][:3]
    assert judge(case, result), ("would ask", result["intent_ranking"][:3])


def test_the_set_covers_every_intent() -> None:
    from nlu.types import INTENTS

    assert {c.intent for c in CASES} == set(INTENTS)
    assert len(CASES) >= 60


NEAR_DUPLICATE_SCORE = 85.0
# Sentences that already had a near-twin in nlu/data when this set was written: the earlier data
# covers the most ordinary phrasings. Figures are reported with and without them, and training
# data added since may create no others.
PREEXISTING_NEAR_DUPLICATES: frozenset[str] = frozenset(
    {
        "Kai is missing",
        "kai is missing",
        "zara didnt come home last night",
        "Amir is with his brother in town, refusing to come home",
        "snap map shows Deshawn at the retail park",
        "police just dropped him off",
        "Kai's back",
        "Zara walked back in at half 12",
        "Lily-Mae is back at placement",
        "reported to police, ref 4521 of 23/11",
        "I've reported Kai missing to the police",
        "someone saw Amir near the canal about 10",
        "strategy meeting held this morning",
        "what's due today?",
        "what do I do now?",
        "what's an RHI",
        "help, what's the next step",
        "yep that's right",
        "no that's wrong",
        "nah not that",
        "ok cheers, bye",
        "what's the weather like tomorrow",
        "can you order me a pizza",
    }
)


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", text.lower()).split())


def near_duplicates(cases: Sequence[Case], data: TrainingData) -> dict[str, str]:
    """Each sentence of `cases` whose masked, lower-cased form is within NEAR_DUPLICATE_SCORE
    (rapidfuzz ratio) of a training example, with that example."""
    masker = TrainingMasker(data.child_names)
    trained = [_plain(masker(e)) for e in data.examples]
    found = {}
    for case in cases:
        if len(case.text.split()) < 2:
            continue  # one-word replies ("yes", "hi") are bound to be in both
        best = process.extractOne(_plain(mask_text(case.text, ROSTER)), trained, scorer=fuzz.ratio)
        if best is not None and best[1] >= NEAR_DUPLICATE_SCORE:
            found[case.text] = str(best[0])
    return found


def test_no_canonical_message_was_copied_into_training_data() -> None:
    added = set(near_duplicates(CASES, load_training())) - PREEXISTING_NEAR_DUPLICATES
    assert not added
