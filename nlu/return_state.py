"""What a message says about a child being back: returned, not returned, or nothing.

Carers, police and services tell a return in many ways ("she's back", "police dropped him
off", "found safe at her nan's") and deny it as often ("still not back", "no sign of her",
"gone again"). `return_state` reads the message clause by clause and gives its last word
on the child's return, so "wasn't home at 10 but walked in at half 11" is a return. The
vocabulary here is shared with the rules over the classifier's ranking (nlu/safety.py) and
the dialogue: `is_return_question` tells "is he back yet?" from a report, and
`has_return_word` whether a message has any of the words a return is told in.
"""

from __future__ import annotations

import re
from enum import StrEnum


class ReturnState(StrEnum):
    NONE = "none"
    RETURNED = "returned"
    NOT_RETURNED = "not_returned"


_RETURN_VERBS = (
    r"(?:returned|return|returning|come\s+(?:back|home|in)|came\s+(?:back|home|in)"
    r"|turned\s+up|shown\s+up|showed\s+up|show\s+up|turn\s+up|found|located|traced|arrived"
    r"|been\s+seen|been\s+found|been\s+heard\s+from|discharged)"
)
_RETURN_BARE = r"(?:back|bk|home|hme|in|seen|heard|contact)"
_RETURN_WORDS = rf"(?:{_RETURN_VERBS}|{_RETURN_BARE})"
_NEGATOR = (
    r"(?:not|never|no|nobody|nt|yet\s+to|failed\s+to|without|still\s+not|not\s+yet|has\s+not"
    r"|have\s+not|is\s+not|was\s+not|did\s+not|does\s+not|nuh|neva)"
)
_NOT_RETURNED = tuple(
    re.compile(p)
    for p in (
        # A negation and a return word with at most three words between them; two for the bare
        # words ("a man we don't know waiting outside in a car" is no "not in").
        rf"\b{_NEGATOR}\b(?:\W+\w+){{0,3}}?\W+{_RETURN_VERBS}\b",
        rf"\b{_NEGATOR}\b(?:\W+\w+){{0,2}}?\W+{_RETURN_BARE}\b",
        r"\bno\s+(?:sign|signs|word|news|trace|sighting|sightings|contact|answer|reply|show)\b",
        r"\bstill\s+(?:missing|out(?!\s+of\s+it)|gone|awol|away|absent|not|no|unaccounted|outstanding|mia)\b",
        r"\b(?:missing|out|gone|awol)\s+still\b",
        r"\bwhereabouts\s+(?:are\s+|is\s+)?(?:still\s+)?unknown\b",
        r"\b(?:gone|went|run|ran|missing|awol|off|out|left|absconded|disappeared)\s+again\b",
        r"\bagain\s+(?:missing|awol|gone)\b",
        r"\b(?:has|have|is|was|he's|she's|they've|he|she)\s+(?:gone|run|ran)\s+(?:off|missing|awol)\b",
        r"\b(?:gone|went|go)\s+(?:missing|awol)\b",
        r"\b(?:has|have|just)\s+(?:absconded|run\s+away|ran\s+away|done\s+a\s+runner|bolted)\b",
        # Where they should be, not where they are: "should have been home by 10", "was meant
        # to come home after her shift".
        r"\b(?:should(?!\s+be\s+(?:back|home)\s+(?:by|in|around|about|soon|shortly)\b(?!\s+now\b))"
        r"|supposed\s+to|meant\s+to|due\s+to)\s+(?:have\s+|of\s+|'ve\s+)?"
        r"(?:been|be|get|come|came|go|got)\s+(?:back|home|in)\b",
        # A return word denied after it: "was due to come home at 6 and she's not".
        r"\b(?:back|home|in)\b.*\band\s+(?:he|she|they)(?:\s+is|'s|s|\s+are|'re|re)?\s+not"
        r"\s*(?:$|,|\b(?:back|home|here|in|there)\b)",
        # Staying somewhere known tonight is whereabouts, and a return promised for later is not
        # a return now: "she can stay over", "I'll pick her up tomorrow".
        r"\b(?:can|could|will|'ll|to|is|she's|he's|they're|happy\s+for\s+\w+\s+to)\s+"
        r"(?:stay|staying|stop|stopping|sleep|sleeping)\s+(?:over|overnight|the\s+night|the\s+weekend|there|their|tonight|till"
        r"|until|at\s+(?:his|her|their|a|an|[\w']+'s))\b",
        r"\bkeep(?:ing)?\s+[\w'-]+\s+(?:in\s+|there\s+)?(?:tonight|overnight|the\s+night)\b",
        # Not where they had been: "police brought him, he'd been sleeping at a mate's".
        r"(?<!\bbeen\s)\b(?:sleeping|stopping|staying)\s+(?:over|there|tonight|the\s+night"
        r"|(?:at|with)\s+(?:his|her|their|a|an|different|various|other|[\w']+'s|[\w']+s)\b)",
        # Back later is not back now: "safe at her aunty's, back tomorrow".
        # Only "tomorrow": "came back first thing", "later" or "on Sunday" can be past.
        r"\b(?:back|home)\s+(?:tomorrow|tmrw|tmoz)\b",
        r"\b(?:scared|afraid|frightened|too\s+scared)\s+to\s+(?:come|go)\s+(?:back|home)\b",
        # Gone from where they were brought: "brought in earlier, has left the department".
        r"\b(?:has|have|had)\s+(?:now\s+|just\s+)?left\s+(?:the\s+)?(?:department|ward|hospital"
        r"|a&e|unit|building|house|placement|school|college|home)\b",
        r"\bnah\s+(?:come|coming|go|going)\b",
        # "the bus got in at 4 and he wasn't on it".
        r"\b(?:was|were)\s+not\s+on\s+(?:it|the\s+(?:bus|train|coach))\b",
        r"\b(?:'ll|ill|will|going\s+to|gonna|plan\s+to|planning\s+to|arrange\s+to|to)\s+"
        r"(?:\w+\s+){0,2}?(?:collect|fetch|pick|bring|drop|drive|take)\s+(?:him|her|them|\w+)\b.*"
        r"\b(?:tomorrow|the\s+morn(?:ing)?|in\s+the\s+morning|after\s+breakfast|later|tonight"
        r"|at\s+\d|first\s+thing|when\s+(?:he|she|they)|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
        r"|the\s+weekend|breakfast(?:\s+time)?)\b",
        r"\b(?:refus\w*|declin\w*|not\s+willing)\s+(?:to\s+)?return\b",
        r"\boverdue\b",
        r"\bstill\s+(?:looking|searching|hunting)\b",
        # Not being brought back: "dad says no chance he's bringing him back tonight".
        r"\b(?:no\s+(?:chance|way)|not|never)\s+(?:[\w'-]+\s+){0,3}?(?:bring|bringing|take|taking|send"
        r"|sending|drive|driving)\s+(?:him|her|them|[\w'-]+)\s+(?:back|home)\b",
        # The child's own promise, quoted: "texted 'im coming back now'".
        r"\b(?:i'?m|im|i\s+am)\s+(?:coming|heading|on\s+my\s+way|walking|getting\s+the\s+bus)\s+"
        r"(?:back|home|bk)\b",
        # A name and "missing" opening the message: "oisin missing. FC ringing me back".
        r"^\s*(?!(?:the|a|an|our|my|his|her|their|this|that)\b)[\w'-]+\s+(?:is\s+|now\s+|has\s+gone\s+"
        r"|gone\s+|still\s+)?missing\b",
        # Another child gone after a return: "jay's back but now kai has gone".
        r"^\s*(?:now\s+)?(?!(?:his|her|their|the|my|our|phone|money|it|that|this|he|she|they)\b)[\w'-]+"
        r"(?:\s+has|'s|s|\s+is)\s+(?:now\s+|just\s+)?gone\s*(?:$|[,.;!]|\b(?:and|again|off|missing|awol"
        r"|out)\b)",
        # Gone out of the house again, or run off, in a clause after a return: "came back at
        # midnight but she's gone out the window at 3", "brought Kacper home but Dom's done one".
        r"\b(?:gone|went|go|goes|got|climbed|snuck|run|ran)\s+out\s+(?:of\s+)?(?:the\s+|her\s+|his\s+|their\s+)?"
        r"(?:bedroom\s+)?(?:window|back(?:\s+door)?|front\s+door|side\s+door|fire\s+(?:door|exit)"
        r"|back\s+gate)\b(?![^,.;!?]*\b(?:(?:came|come|got|get)\s+(?:back|home|in)|back\s+in)\b)",
        r"\b(?:done\s+one|done\s+a\s+runner|did\s+a\s+runner)\b"
        r"(?![^,.;!?]*\b(?:came|come|got|get)\s+(?:back|home|in)\b)",
        # Dropped somewhere else: "the taxi picked him up at the Co-op and dropped him in town".
        r"\bdropped\s+(?:him|her|them|(?!off\b)[\w'-]+(?:\s+(?:and|&)\s+[\w'-]+)?)\s+(?:off\s+)?(?:in|at|near|on)\s+"
        r"(?!(?:\d|quarter|half|ten|twenty|five|about|around|midnight|noon|home|here|placement"
        r"|ours|the\s+(?:house|home|unit|door|end\s+of\s+the\s+(?:road|street|drive))"
        # At the door of home, or from a car: "dropped her at the gate", "dropped her off in a
        # car we don't recognise" (session 24).
        r"|the\s+(?:gate|front|drive|driveway|kerb|corner|front\s+door|back\s+door)"
        r"|(?:a|an|his|her|their|the)\s+(?:\w+\s+)?(?:car|van|taxi|cab)))\b",
        # Back, then gone again: "turned up for registration then walked out at break".
        r"\b(?:walked|ran|stormed|legged\s+it)\s+(?:out|off)\s+(?:at|again|of\s+(?:school|class"
        r"|college|the\s+(?:house|unit|home)))\b",
        # A false hope: "a car pulled up, I thought it was him but it drove off".
        r"\bthought\s+(?:it\s+was|i\s+(?:saw|heard))\s+(?:him|her|them)\b",
        # Held somewhere safe till the morning: "release him in the morning", "we collect him
        # tomorrow".
        r"\b(?:releas|discharg|collect|fetch|pick)\w*\s+(?:\w+\s+)?(?:up\s+)?(?:tomorrow|tmrw"
        r"|in\s+the\s+morning|first\s+thing(?:\s+tomorrow)?)\b",
        # A return someone assumed has not happened: "she thought he'd come back to us".
        r"\b(?:thought|assumed|presumed|expected)\s+(?:he|she|they|[\w'-]+)(?:'d|\s+had|\s+would|\s+was"
        r"|\s+were)\s+(?:\w+\s+)?(?:come|gone|been|be|back|home)\b",
        # Nobody knows where they are: "she says she doesn't know where he is", "no clue where".
        r"\bno\s+(?:clue|idea)\s+where\b(?!\s+(?:from|(?:it|they|that|those|these)\s+(?:came|come|are|is)))|\b(?:nobody|no\s+one|no-one|noone)\s+(?:saw|has\s+seen|knows)\s+where\b",
        r"\b(?:not|nobody|no\s+one|no-one|noone)\s+(?:\w+\s+)?knows?\s+where\s+(?:he|she|they|\w+)"
        r"(?:\s+is|'s|\s+are|\s+went|\s+has\s+gone|\s+might\s+be)\b",
        # Not at the hospitals either: "no one matching Rhys has been brought in".
        r"\b(?:no\s+one|nobody|noone|no-one)\b[^,.;!?]*\b(?:brought\s+in|admitted|been\s+found)\b",
        # Gone out, or gone now: "has got out through the back fence", "now Leyla's run off".
        # Not in the child's own story: "says he got out through a window" (session 24).
        r"(?<!says\she\s)(?<!says\sshe\s)(?<!said\she\s)(?<!said\sshe\s)(?<!says\sthey\s)"
        r"\b(?:got|get|gets|snuck|sneaked)\s+out\b(?!\s+of\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+|their\s+)?"
        r"(?:\w+\s+)?(?:car|taxi|cab|van|bath|bed|shower))"
        # Out and back in the same way: "climbed out the window and back in before anyone noticed".
        r"(?![^,.;!?]*\b(?:back\s+in|came\s+back|come\s+back|got\s+back)\b)",
        r"\b[\w'-]+(?:'s|s)\s+(?:run|gone)\s+(?:off|missing|awol)\b",
        # Coming back later is not back now: "said im coming home soon", "coming back when his
        # mate's mum gets in".
        r"\b(?:coming|come|be)\s+(?:back|home)\s+(?:soon|later|in\s+a\s+(?:bit|while|min\w*)|when\b)",
        r"\b(?:refus\w*|won'?t|will\s+not|not\s+willing)\s+(?:to\s+)?(?:come|go|get)\s+(?:back|home|in)\b",
        # The signs a carer finds when a child has gone: an empty bed, an open window.
        r"\b(?:bed|room)(?:'s|s)?\s+(?:is\s+|was\s+|been\s+)?(?:empty|not\s+been\s+slept\s+in)\b",
        # Someone else came back, not the child: "they've all come home except him", "everyone
        # got back on the coach except Frankie", "her brother came back without her", "all of
        # them are home but her", "only Archie's come back".
        r"\b(?:back|home|in)\b(?:\s+[\w'-]+){0,7}?\s+(?:except|apart\s+from|but\s+not|without)\b"
        # Not how they came back: "went to bed without a word", "without saying where".
        r"(?!\s+(?:a|an|any|saying|telling|asking|being|eating|speaking)\b)",
        # The clause after "but" ("all of them came home but her", "… but not Kai").
        r"^\s*(?:not\s+[\w'-]+|him|her|them)\s*(?:$|,)",
        r"\bonly\s+[\w'-]+(?:'s|\s+has|\s+is|\s+was)?\s+(?:come\s+|came\s+|got\s+)?(?:back|home|returned)\b",
        # A clause that only denies, after another child's return: "Cal came back at 10 but Jay
        # didn't", "her cousin is home but Amira isn't", "Zee came back but Lani wasn't with her".
        # Not "Jay's back but Kai isn't": a state, Kai may have been out all along.
        r"^\s*(?:[\w'-]+\s+){1,2}?(?:did|has|was|have|had|were)\s+not\s*"
        r"(?:$|,|\b(?:and|with|though|yet)\b)",
        r"\bwindow\s+(?:is\s+|was\s+|left\s+)?(?:wide\s+)?open\b",
        # Gone again: "came back in the night … but he's not here now".
        r"\bnot\s+here\s+(?:now|anymore|any\s+more)\b",
        r"\b(?:snuck|sneaked|climbed|slipped)\s+out\b"
        r"(?![^,.;!?]*\b(?:back\s+in|came\s+back|come\s+back|got\s+back)\b)",
        # Missing now, or being reported so: "our zofia is missing", "need to report Kai missing".
        r"\b(?:is|are)\s+(?:still\s+|now\s+)?missing\b",
        r"\breport(?:ing)?\s+(?:[\w'-]+\s+){1,3}?(?:as\s+)?missing\b",
        # A return hoped for, promised or being worked on has not happened yet: "trying to get
        # him to come back", "says she'll be home by 2", "wants to come home tomorrow".
        # "will" only right before the verb: "Will has come back" is a boy called Will.
        r"\b(?:will|'ll|hell|shell|theyll|gonna|might|may|could|would)\s+(?:probably\s+|prob\s+|maybe\s+)?"
        r"(?:come|get|be|head)\s+(?:back|home|in)\b",
        # Bringing them back later, or saying they are coming: "cousin's bringing her back at 10",
        # "bringing him back from Manchester tomorrow", "said she's coming home", "left hers at 11
        # to come home" (session 24).
        r"\bbringing\s+(?:him|her|them)\s+(?:back|home)\b(?:\s+[\w'-]+){0,3}?\s+(?:at\s+\d|tomorrow|tmrw"
        r"|in\s+the\s+morning|first\s+thing|by\s+\d)",
        r"\b(?:said|says|saying|texted|messaged)\s+(?:that\s+)?(?:he|she|they)(?:'s|s|\s+is|\s+are|'re|\s+was"
        r"|\s+were)?\s+(?:coming|heading|on\s+(?:his|her|their)\s+way)\s+(?:back|home)\b",
        r"\b(?:left|leaving|set\s+off)\b[^,.;!?]*\bto\s+(?:come|walk|get\s+the\s+bus)\s+(?:back|home)\b",
        r"\b(?:wanna|trying\s+to|try\s+to|tried\s+to|wants?\s+to|going\s+to|needs?\s+to"
        r"|hop(?:e|es|ing)\s+to|plans?\s+to|ready\s+to)\s+(?:\w+\s+){0,3}?(?:come|get|be|head)"
        r"\s+(?:back|home|in)\b",
    )
)
# Travelling back on their own is not back yet: "on the bus home now", "heading back", "walking
# home". Found and brought back is a return: "found safe by transport police, on the train back".
_ON_THE_WAY = (
    re.compile(
        r"\bon\s+(?:the|a|his|her|their)\s+(?:bus|train|tram|bike|scooter)\s+(?:back|home)\b"
        r"|\b(?:in|getting)\s+(?:a|the)\s+(?:taxi|cab|uber|car|lift)\s+(?:back|home)\b"
        r"|\b(?:heading|walking|driving|cycling|getting\s+the\s+bus|en\s+route)\s+(?:back|home)\b"
        # On the way is not back yet ("texted saying hes on his way back now"), unless someone
        # found or collected them ("collected her, they're on the way back now").
        r"|\bon\s+(?:his|her|their|the|our|my)\s+way\s+(?:back|home|in)\b"
        r"|\bshould\s+be\s+(?:back|home)\s+(?:by|in|around|about|soon|shortly)\b(?!\s+now\b)"
    ),
    re.compile(
        r"\b(?:found|located|traced|picked\s+up|collected|discharged)\b"
        r"|\b(?:got|have)\s+(?:him|her|them)\s+(?:in\s+the\s+car|with\s+(?:me|us))\b"
        r"|\bpicked\s+(?:him|her|them|[\w'-]+)\s+up\b|\b(?:we've|we\s+have|i've|ive|weve)\s+got\s+(?:him|her|them)\b"
        r"|\bin\s+the\s+car\s+with\s+(?:me|us)\b|\bbrought\s+(?:him|her|them)\s+(?:in|back|home)\b"
        # Session 24: "got her. … heading home now", "got rj in the car", "mai is with me now and
        # we are heading back", "in the car with the duty worker".
        r"|^\s*got\s+(?:him|her|them)\b|\bgot\s+[\w'-]+\s+in\s+the\s+(?:car|van|taxi)\b"
        r"|\b(?:is|'s|s|are|'re)\s+(?:now\s+|here\s+)?with\s+(?:me|us)(?:\s+now)?\b"
        r"|\bin\s+the\s+(?:car|van)\s+with\s+(?:the\s+)?(?:duty|social|support|key|police|officers?|staff"
        r"|(?:his|her|their)\s+(?:mum|dad|carer|nan|gran|social\s+worker|sw))\b"
    ),
)
# A return long ago or habitually is history, not news: "came back with bruises last time".
PAST_RETURN = re.compile(
    r"\b(?:last\s+time|every\s+time|each\s+time|keeps?\s+(?:coming|turning)|always\s+(?:comes|came)"
    r"|(?:\d+(?:st|nd|rd|th)|second|third|fourth|fifth|sixth)\s+time\b"
    r"|at\s+all\s+hours|every\s+(?:other\s+)?(?:night|day|weekend|week)|\w+\s+nights\s+in\s+a\s+row"
    r"|(?:has|have|keeps?)\s+(?:been\s+)?coming\s+(?:in|home|back)|keeps?\s+(?:getting|going)"
    r"|always\s+(?:turns|shows|comes)\s+(?:up|back|home|in)"
    r"|coming\s+(?:back|home|in)\s+with(?!\s+(?:me|us)\b)|comes\s+(?:back|home|in)\b|next\s+time"
    # A return imagined: "if we make her come back she'll hurt herself".
    r"|\bif\s+(?:\w+\s+){0,4}?(?:come|comes|came|get|gets|go|goes)\s+(?:back|home)"
    r"|\b(?:if|when|once|until|till)\s+(?:\w+\s+){0,2}?(?:turns|shows|turn|show|rocks)\s+up"
    r"|coming\s+(?:in|home|back)\s+(?:drunk|smashed|high|stoned|wasted|off\s+(?:her|his|their)\s+face)"
    # Back from a routine visit, not from being missing: "came back from contact upset".
    r"|(?:came|come|got)\s+(?:back|home|in)\s+from\s+(?:contact|school|college|work|training|football"
    r"|family\s+time|her\s+visit|his\s+visit)"
    # A return in general, as in a rule: "the chat you do after they come back".
    r"|(?:after|once|whenever|before)\s+(?:they|the\s+child|a\s+child|the\s+yp|a\s+yp|kids|children)"
    r"\s+(?:come|comes|get|gets|return|returns)\b"
    r"|gets\s+(?:picked|dropped|brought)|most\s+(?:weekends|nights|times)|last\s+(?:week|month|weekend)|used\s+to|the\s+other\s+"
    r"(?:day|night)|when\s+(?:he|she|they)\s+(?:comes?|gets?)\s+back)\b"
)
# What a child carries: "found his bag" is the bag, not the child (here and in nlu/safety.py).
THINGS = (
    r"(?:phone|mobile|coat|jacket|hoodie|bag|rucksack|backpack|bike|scooter|shoes?|trainers|purse"
    r"|wallet|card|bank\s+card|keys?|passport|hat|scarf|cash|money|note|letter|sim|charger|laptop"
    r"|ipad|tablets?|belongings|stuff|things|clothes|knife|drugs|weed|messages?|texts?|bottles?"
    r"|meds|medication|pills|inhaler|insulin|epipen)"
)
# Someone or something else back, never the child: the writer ("I'm back at the house now, drove
# round the park"; not "we're home", which is often with the child), a pet ("the dog's come back
# on its own"), a parcel "returned to sender", other young people ("lads from the unit just came
# back from town").
_SOMEONE_ELSE_BACK = re.compile(
    # The writer home from work: "got in from work at 5.30 and she wasnt here".
    r"\b(?:got|get|gets)\s+(?:in|home|back)\s+from\s+(?:work|my\s+shift|the\s+shops?|shopping|the\s+school\s+run)\b|"
    r"\b(?:i'?m|im|i\s+am|i'?ve|ive|i)\s+(?:just\s+|now\s+)?(?:got\s+|come\s+"
    r"|came\s+|been\s+|gone\s+)?(?:back|home)\b(?:\s+(?:home|now|here))*"
    r"|\b(?:the\s+|our\s+|her\s+|his\s+)?(?:dog|cat|puppy|pup)(?:'s|s|\s+has|\s+is)?\s+(?:just\s+)?"
    r"(?:come\s+|came\s+|got\s+)?(?:back|home)\b"
    r"|\breturned\s+to\s+sender\b"
    r"|\b(?:lads|girls|boys|kids|residents|young\s+people|others)\s+(?:from\s+(?:the\s+)?\w+\s+)?"
    r"(?:have\s+|has\s+)?(?:just\s+)?(?:came|come|got)\s+back\b"
    r"(?![^,.;!?]*\b(?:except|apart\s+from|other\s+than|but\s+not|besides|without)\b)"
)
# The words a return is told in, however indirectly; a message with none of them is never read as a
# return, whatever the classifier makes of it ("rung 101 about Jay … waiting on a call back").
# Measured on every return in the training data and canonical v2-v5 (1,581): all but one have
# one, and that one ("Jaylen and Ruairi both in") is covered below.
_RETURN_CUE = re.compile(
    r"\b(?:back|bk|bak|home|hme|hom|hm|return\w*|found|safe|safely|collect\w*|picked|fetch\w*"
    r"|pick\w*\s+(?:\w+\s+){0,3}?up|(?:turn|rock|show)\w*\s+up|walk\w*\s+in|(?:is|'s|s|are|was|just|now"
    r"|got|came|come|been|both)\s+in\s*(?:$|[.,!;:]|\d|(?:now|at|around|about|round|safe|and|bed|just"
    r"|x+)\b)|here|located|traced|with\s+(?:me|us)|false\s+alarm|panic\s+over"
    r"|got\s+(?:him|her|them)|get\s+(?:him|her|them)|come\s+and\s+get|asleep|upstairs|downstairs"
    # Second-language English: "Filmon he is come to house now" (session 24).
    r"|(?:come|came)\s+to\s+(?:the\s+)?house"
    r"|in\s+(?:his|her|their)\s+room|in\s+bed|discharged|brought|dropped|arrived|landed|sorted"
    r"|rolled|strolled|sauntered|appeared|reappeared|not\s+missing|no\s+longer\s+missing|all\s+along"
    r"|whole\s+time|accounted|the\s+door|let\s+\w+\s+in|self\s+in|sleeping\s+in|slept\s+in|hiding"
    r"|never\s+(?:actually\s+)?missing|to\s+ours|sofa|settee|police\s+station|custody|a&e|hospital"
    r"|stop\s+looking|all\s+(?:ok|good|gd|fine)|setting\s+off|on\s+my\s+way|(?:came|come|comes)\s+in"
    r"|in\s+the\s+(?:kitchen|house|lounge|living\s+room|front\s+room|garden|shed|loft|attic)"
    r"|whole\s+night|as\s+if\s+nothing|scrap\s+the\s+panic)\b"
    r"|\bin\s*(?:$|[.,!;]|at\b|now\b|around\b|about\b|round\b)|^\s*[\w'-]+\s+in\b"
)
# "Back" that is not the child: "waiting on a call back", "ring me back", "get back to me".
_NOT_A_RETURN_CUE = re.compile(
    r"\b(?:call|calling|ring|ringing|rang|phone|phoning|text|texting|message"
    r"|messaging|write|writing|email|emailing)\s+(?:me|us|you|him|her|them)\s+back\b"
    # "get me back" is a call back; "got him back" is the child (session 25).
    r"|\b(?:get|getting|got)\s+(?:me|us|you)\s+back\b"
    r"|\bget(?:ting)?\s+back\s+to\s+(?:me|us|you)\b|\bcall\s*backs?\b|\bring\s+back\b"
    # Contact again, not the child home: "she's back in touch with him" (session 25).
    r"|\bback\s+in\s+(?:contact|touch)\b"
    # A thing wanted back: "how do I get it back" (session 25). Not "them": "police got them
    # back at 2" is children.
    r"|\b(?:get|got|getting|want|wants|wanted)\s+(?:it|this|that)\s+back\b"
)


def _has_return_cue(clean: str) -> bool:
    plain = _SOMEONE_ELSE_BACK.sub(" ", _NOT_A_RETURN_CUE.sub(" ", clean))
    return _RETURN_CUE.search(plain) is not None


def has_return_word(text: str) -> bool:
    """Whether `text` has any of the words a return is told in (kept true of every labelled
    return by tests/nlu/test_safety.py)."""
    return _has_return_cue(clean_text(text))


# The others home, not this child: "all his mates are home", "everyone else got back".
_OTHERS_HOME = re.compile(
    r"\b(?:all|the\s+rest\s+of|every\s*one|every\s*body|the\s+others?(?:\s+(?:two|three|four|ones?"
    r"|kids|boys|girls|lads))?)\b(?:\s+(?:else|of))?"
    r"(?:\s+(?:his|her|their|the))?(?:\s+(?:mates|friends|pals|others|kids|siblings|lot))?"
    r"\s+(?:are|is|were|was|got|came|have\s+come|has\s+come)\s+(?:all\s+)?(?:back|home|in)\b"
    r"(?:\s+bed\b)?"
    # "All the others got back except Harley" says Harley is not: left for _NOT_RETURNED.
    r"(?![^,.;!?]*\b(?:except|apart\s+from|other\s+than|but\s+not|besides|without)\b)"
)
# "a phone we've never seen" is about the phone, not about the child not being seen.
_RELATIVE_SEEN = re.compile(
    r"\b(?:a|an|the|some)\s+[\w']+(?:\s+[\w']+)?\s+(?:that\s+|which\s+)?(?:we|i|we've|i've|weve|ive)"
    r"\s+(?:have\s+)?(?:never|not)\s+(?:seen|heard\s+of)(?:\s+before)?"
)
RETURNED = tuple(
    re.compile(p)
    for p in (
        r"\b(?:is|'s|s|are|r|was|just|finally|now|safely|back|got|both)\s+(?:back|home|bk|hme|bak)\b",
        # "she's in" is a return; "she's in the park" / "in town" / "in Hanley" is whereabouts.
        r"\b(?:hes|shes|theyre|they're)\s+(?:back|home|bk|bak|in\b(?!\s+(?:the|a|an|town|some"
        r"|his|her|their|my|[a-z]+'s)\b))\b",
        # "lexi is in, back at 4": "is in" with nothing after it that makes it a place.
        r"\b(?:is|'s|are|was)\s+in\s*(?:$|[,.!]|(?:now|at|safe|and|bed)\b|\d)",
        # Dropped off here, not somewhere else: "a driver dropped her off in Bilston" is a sighting.
        r"\b(?:dropped|brought|drove)\s+[a-z][\w'-]*\s+(?:off|back|home)\b"
        # "by" is who brought them ("brought back by police"), not where.
        r"(?!\s+(?:in|at|near|on)\s+(?!(?:home|here|placement|the\s+(?:house|home|unit|door)))\b)"
        r"(?!\s+by\s+(?:the|a|an)\s+(?!police\b|officers?\b))",
        r"\b(?:fast|sound)\s+asleep\b|\bcurled\s+up\b",
        r"\b(?:back|home|bk)\s+(?:safe|now|home|in\s+placement|at\s+(?:the\s+)?placement|at\s+the\s+home|with\s+us)\b",
        # "came in" is a return; "get in a car" / "got in the taxi" is not.
        r"\b(?:came|come|comes|coming|got|get|walked|strolled|rolled|wandered|made\s+it)\s+(?:back|home|bk"
        r"|in\b(?!\s+(?:the|a|an|his|her|their|my|some|[a-z]+'s)\b))\b",
        r"\b(?:has\s+|have\s+|had\s+)?returned\b",
        # Turned up here, not somewhere else: "turned up at his uncle's in Dungannon" is where
        # he is (a hospital or the police station are places he is found).
        r"\b(?:turned|showed|shown|rocked|popped|turns)\s+up\b"
        r"(?!\s+(?:at|in)\s+(?!(?:home|here|placement|ours|the\s+(?:house|home|unit|door|hospital"
        r"|station|police\s+station)|a&e|hospital|school|half|quarter|about|around|midnight|noon"
        r"|last|this|tea|teatime|dinner|breakfast|lunch|one|two|three|four|five|six|seven|eight"
        r"|nine|ten|eleven|twelve|twenty)\b|\d))(?!\s+there\b)",
        r"\b(?:been|was|were|got|is|has\s+been|now)\s+(?:found|located|traced)\b",
        rf"\bfound\s+(?:him|her|them|safe|and)\b(?!\s+(?:\w+\s+)?{THINGS}\b)",
        # "Off" only after "dropped": "a car pulled up but it drove off" is no return.
        r"\b(?:(?:dropped|brought|bought|drove|driven|returned)\s+(?:him|her|them)?\s*(?:back|home|in)"
        r"|dropped\s+(?:(?:him|her|them)\s+)?off)\b"
        r"(?!\s+(?:in|at|near|on)\s+(?!(?:home|here|placement|the\s+(?:house|home|unit|door)))\b)"
        r"(?!\s+by\s+(?:the|a|an)\s+(?!police\b|officers?\b))",
        r"\b(?:picked|collected)\s+(?:him|her|them)\s+up\b",
        # "home safe and well" is the child; "the safe and well" is the police check.
        r"(?<!the\s)(?<!a\s)\b(?:safe|safely)\s+(?:and\s+well|back|home|now)\b"
        r"(?!\s+(?:check|checks|visit|chat|interview|conversation|form)\b)",
        # The child in their room now ("she's in her room", "found him asleep in his bed"), not
        # "was in her room at 9" (when last seen) nor things in it ("left her phone in her room").
        r"(?:(?:\b(?:is|are|now|back|hes|shes|theyre)|'s|'re)\s+(?:(?!still\b)\w+\s+)?"
        r"|\b(?:asleep|sleeping|hiding|safe|found\s+(?:him|her|them))\s+)in\s+(?:his|her|their)\s+(?:room|bed)\b"
        r"(?!\s+(?:at|till|until|around|about|when|before)\b)",
        # Said indirectly: nobody was missing after all, or someone is fetching them.
        r"\b(?:false\s+alarm|panic\s+over)\b",
        r"\b(?:asleep|sleeping|hiding|hid)\s+(?:in|under|at|behind|upstairs)\b",
        r"\b(?:all\s+along|the\s+whole\s+time)\b",
        # A name and "back" opening the message, before a task: "Kai back, S&W done by PC Marsh".
        r"^\s*(?!(?:not|no|never|still|phone|location|snap|account|tracker|mum|dad|staff)\b)[\w'-]+"
        r"\s+(?:back|home|bk)\b(?!\s+(?:on|from|to|online|tomorrow)\b)",
        r"\b(?:collect|collecting|fetch|fetching)\s+(?:him|her|them)\b",
        r"\bpick(?:ing)?\s+(?:him|her|them|(?!(?:it|this|that|these|those|the|a|one)\b)[\w'-]+)\s+up\b(?!\s+(?:from\s+)?(?:school|college|contact|work))",
        # Collected and on the way home with someone: "she's in the car with me now", "we're
        # bringing him back to placement now", "has just been collected from the bus station".
        r"\bin\s+the\s+(?:car|van|taxi)\s+with\s+(?:me|us|the\s+[\w'-]+(?:\s+[\w'-]+)?|[\w'-]+)\b",
        r"\b(?:bringing|taking|driving)\s+(?:him|her|them|[\w'-]+)\s+(?:back|home)\b",
        r"\b(?:been|was|got|were)\s+(?:collected|picked\s+up)\b(?!\s+(?:from\s+)?(?:school|college|contact))",
        r"^\s*(?:i've\s+|ive\s+|we've\s+|weve\s+|i\s+|we\s+)?got\s+(?:him|her|them)\s*$",
        r"\b(?:come\s+and\s+)?(?:get|collect|fetch)\s+(?:him|her|them)\s+now\b",
        r"\bwith\s+(?:us|me)\s+again\b|\bnot\s+missing\s+any\s*more\b",
        r"\b(?:sauntered|strolled|wandered|rocked|rolled|waltzed)\s+(?:back\s+)?(?:in|up|home|back)\b",
        r"\blet\s+(?:himself|herself|themselves)\s+in\b",
        r"\b(?:came|come|walked)\s+(?:back\s+)?through\s+the\s+door\b",
        r"\bmade\s+(?:his|her|their)\s+own\s+way\s+(?:back|home)\b",
        r"\bdischarged\b",
    )
)
_CLAUSE_BREAK = re.compile(r"[.;!?\n]+|,?\s*\b(?:but|though|although|however|then|and\s+now)\b")
_QUESTION = re.compile(
    r"^\s*(?:(?:is|has|have|did|does|any|are|was|had|do\s+we\s+know|anyone\s+know|any\s+news)"
    r"\b.*(?:\?|\byet\b)\s*$"
    # Without a question mark: an auxiliary then a subject ("has amara come home"), whereas
    # "has just come home" drops the subject and is a statement.
    r"|(?:is|has|have|did)\s+(?!(?:just|now|come|came|been|got|returned|turned|finally|not|back|home|safe|in|out|still|bk)\b)"
    r"\w+\s+\w+)"
)


def clean_text(text: str) -> str:
    low = text.lower().replace("’", "'").replace("‘", "'")
    low = re.sub(r"\b(has|have|is|was|were|did|does|do|are|had)n'?t\b", r"\1 not", low)
    # Scots: "didnae come hame", "cannae find him", "isnae back".
    low = re.sub(r"\b(did|do|can|is|was|has|have|will|would|could|does)nae\b", r"\1 not", low)
    low = re.sub(r"\bhame\b", "home", low)
    low = re.sub(r"\bcyaan\b", "can not", low)
    low = re.sub(r"\bwon'?t\b", "will not", low)
    low = re.sub(r"\bain'?t\b", "is not", low)
    # A children's home or care home is a place, not the child being home.
    return re.sub(r"\b(?:children'?s|care|residential)\s+home\b", "placement", low)


# A return passed on to someone is a task about the return, not news of it: "told her mum
# she's back", "they both know she's home". "She's back, told her mum" still states it.
_PASSED_ON = re.compile(
    # Told to the assistant or to the writer is the return itself: "just to let you know that
    # Kai is back", "I've been informed that Jay is back" (session 24).
    r"(?<!\byou\s)(?<!\bu\s)(?<!i've\sbeen\s)(?<!\bive\sbeen\s)(?<!\bi\swas\s)(?<!\bi\shave\sbeen\s)"
    r"(?<!we've\sbeen\s)(?<!\bweve\sbeen\s)(?<!\bwe\swere\s)(?<!\bwe\shave\sbeen\s)"
    r"\b(?:know|knows|knew|tell|told|telling|inform\w*|notif\w*|aware|confirm\w*)(?!\s+(?:you|u)\b)"
    r"(?:\s+[\w'-]+){0,6}?\s+(?:that\s+)?(?:[\w'-]+\s+){0,2}?[\w-]+"
    r"(?:\s+is|'s|\s+are|\s+was|\s+has\s+been|s)\s+(?:back|home|returned)\b"
    r"(?:\s+(?:safe|safely|with\s+\w+))*"
)


# What a return log says was not found on the child is no negated return: "no injuries seen",
# "no concerns raised on return".
_NOTHING_OF_CONCERN = re.compile(
    r"\bno\s+(?:obvious\s+|visible\s+|new\s+|further\s+|other\s+)?(?:injur\w*|marks|concerns?"
    r"|bruis\w*|signs\s+of\s+\w+|issues|problems|worries|damage|smell\s+of\s+\w+)\b[^,.;!?]*"
    # What the child came back with: "a brand new phone I've never seen before" (session 24).
    r"|\b(?:never|not)\s+seen\s+(?:it|them|that|those|one|him|her)?\s*before\b"
)
# A name and "back" alone is a return: "kezia back.", "jay home".
_BARE_RETURN = re.compile(
    r"^\s*(?!(?:not|no|nt|never|still|yet|nah|nae|is|are|was|when|who|how|why|what)\b)[\w'-]+"
    r"\s+(?:back|home|bk|in)\s*[.!]*\s*$"
)


# After a return, another child still out, named or by kin ("Keira still out", "his brother's
# still out", "lacey is still at her boyfriend's"): the guideline's "Jay's back but Kai isn't",
# a return with no change for the other. "She's still out" (a pronoun) is the same child.
_ANOTHER_STILL_OUT = re.compile(
    r"^\s*(?:and\s+|but\s+|,\s*)?(?:(?:his|her|their)\s+(?:little\s+|big\s+|older\s+|younger\s+)?"
    r"(?:brother|sister|twin|cousin|mate|friend)|(?!(?:he|she|they|him|her|it|i|we|you|hes|shes"
    r"|theyre|he's|she's|they're)\b)[a-z][\w'-]*(?:\s*(?:&|\+|and)\s*[a-z][\w'-]*)?)(?:'s|s)?\s+"
    r"(?:is\s+|are\s+|was\s+|were\s+)?still\b"
)
# The same said as "no sign of": "Kacper came back on his own … still no sign of Dom tho".
_NO_SIGN_OF_ANOTHER = re.compile(
    r"^\s*(?:and\s+|but\s+)?(?:still\s+)?no\s+(?:sign|word|news|trace|contact)\s+(?:of|from)\s+"
    r"(?!(?:him|her|them|either|anyone|any\s+of)\b)([a-z][\w'-]*)"
)
# Punctuation or "but" ends a run of words: "Kayden is back but still no sign of Leila".
_SEGMENT_BREAK = re.compile(r"[,.;!?\n]+|\bbut\b")


def _segments(plain: str) -> list[tuple[int, str]]:
    """Each run of words with where it starts."""
    found: list[tuple[int, str]] = []
    start = 0
    for brk in _SEGMENT_BREAK.finditer(plain):
        found.append((start, plain[start : brk.start()]))
        start = brk.end()
    found.append((start, plain[start:]))
    return [(at, text) for at, text in found if text.strip()]


# One or two names and "back" or "in": "Tegan and Ruby back", "shannon in".
_NAMES_BACK = re.compile(
    r"^\s*(?!(?:not|no|still|he|she|they|nobody)\b)[a-z][\w'-]*(?:\s*(?:&|\+|and)\s*[a-z][\w'-]*)?"
    r"(?:\s+(?:both|all))?\s+(?:back|home|in|bk)\s*$"
)


def _drop_others_still_out(plain: str) -> str:
    """Blanks what follows a return from the part saying another child is still out: "darius
    back 0300, kayden back 0315, jaydn still awol", "kayden back. shannon & tee still out, no
    contact from either". Not when the one still out was named in the return ("jay's back? no,
    jay still out")."""
    returned: list[str] = []
    for start, text in _segments(plain):
        unseen = _NO_SIGN_OF_ANOTHER.match(text)
        if returned and (unseen or _ANOTHER_STILL_OUT.match(text)):
            name = unseen.group(1) if unseen else text.split()[0].removesuffix("'s")
            if not any(re.search(rf"\b{re.escape(name)}\b", r) for r in returned):
                return plain[:start]
        if any(p.search(text) for p in RETURNED) or _NAMES_BACK.match(text):
            returned.append(text)
    return plain


# A return already known, as the setting of something else: "risk reviewed now she's home", "the
# 48 hour visit since he came back", "S&W done before she came home". Not "when" or "after":
# "when she came in she stank of weed" is how carers tell a return; nor "now" opening a clause
# ("now he's back he's asleep").
RETURN_AS_SETTING = re.compile(
    r"(?:(?<=\w\s)now|\bsince|\bbefore)\s+(?:that\s+)?(?:he|she|they|[\w-]+)"
    r"(?:'s|s|\s+is|\s+are|'re|\s+has|\s+have|\s+had|'d|\s+was|\s+were)?\s+(?:been\s+|got\s+|come\s+"
    r"|came\s+|gets\s+|comes\s+|finally\s+)?(?:back|home|returned|in)\b"
    r"|\b(?:following|since|on|after)\s+(?:his|her|their|[\w-]+'s)\s+return\b"
    # The journey they were on: "she was coming back from her shift at the bakery".
    r"|\b(?:was|were)\s+(?:coming|walking|heading|getting\s+the\s+bus)\s+(?:back|home)\s+from\b"
    # A deadline counted from the return: "within 24 hours of him coming back".
    r"|\bof\s+(?:him|her|them|his|their|[\w-]+'s|[\w-]+)\s+(?:coming|getting|being\s+brought)\s+(?:back|home|in)\b"
    # "When" with someone else bringing them: "did the S&W when they dropped him back".
    r"|\bwhen\s+(?:they|the\s+police|police|officers|staff|we|i)\s+(?:dropped|brought|drove|returned"
    r"|took)\s+(?:him|her|them)\s+(?:back|home|in)\b"
)
# The record, not the child: "marked Zofia as returned on the system", "updated the log to show
# TJ returned at 0140". A task about a return already known.
RECORD_SHOWS_RETURN = re.compile(
    r"\b(?:mark|marked|marking|record|recorded|logged|put|update|updated|updating|showing|shows"
    r"|down)\s+(?:[\w'-]+\s+){0,2}?as\s+(?:returned|back|home|found)\b[^,.;!?]*"
    r"|\b(?:updat\w*|amend\w*|chang\w*)\s+(?:[\w'-]+\s+){0,5}?to\s+show\s+[\w'-]+\s+(?:as\s+)?"
    r"(?:returned|back|home|found)\b[^,.;!?]*"
    # "updated Nev's record with the time she came back", "Ty's return has gone on Mosaic".
    r"|\b(?:updat\w*|amend\w*)\s+(?:[\w'-]+\s+){0,2}?(?:record|log|file|notes|chronology|system)\b[^,.;!?]*"
    r"|\breturn\s+(?:has\s+|is\s+|was\s+)?(?:gone|been\s+put|been\s+added|been\s+logged|logged|recorded"
    r"|added|put)\s+(?:on|onto|in|into|to)\b[^,.;!?]*"
)


# A no answering "is she still out?" before the return itself: "no she's back, came in at 10"
# (session 24). Only when a return follows at once; "no sign of her" keeps its no.
_NO_THEN_RETURN = re.compile(
    r"^\s*(?:no+|nope|nah)[\s,.!-]+(?=(?:he|she|they|[\w'-]+)(?:'s|s|\s+is|\s+has|\s+was|\s+are|'re)"
    r"\s+(?:just\s+)?(?:back|home|in|returned|come\s+(?:back|home|in))\b)"
)


# The writer coming home with the child they found: "we'll come home as soon as its done".
_WRITER_BRINGING_HOME = re.compile(
    r"\bwe(?:'ll|ll|\s+will|'re|re|\s+are|\s+should\s+be)\s+(?:be\s+)?(?:coming|come|head\w*"
    r"|on\s+our\s+way)\s+(?:back|home)\b(?![^,.;!?]*\b(?:tomorrow|tmrw|morning|first\s+thing|later)\b)"
)


def return_state(text: str) -> ReturnState:
    """What the message finally says about the child being back, clause by clause."""
    if _BARE_RETURN.match(clean_text(text)):
        return ReturnState.RETURNED
    state = ReturnState.NONE
    plain = _NOTHING_OF_CONCERN.sub(" ", _NO_THEN_RETURN.sub("", clean_text(text)))
    plain = _PASSED_ON.sub(" ", _RELATIVE_SEEN.sub(" ", _OTHERS_HOME.sub(" ", plain)))
    plain = _SOMEONE_ELSE_BACK.sub(" ", plain)
    plain = RECORD_SHOWS_RETURN.sub(" ", RETURN_AS_SETTING.sub(" ", plain))
    plain = _drop_others_still_out(plain)
    # Found anywhere in the message: "Found her!! … she's in the car with me, heading home".
    found = _ON_THE_WAY[1].search(plain) is not None
    for clause in _CLAUSE_BREAK.split(plain):
        if state is ReturnState.RETURNED and _ANOTHER_STILL_OUT.match(clause):
            continue  # "Jerome is back. Tyrese still not": no change for the other child
        denied = any(p.search(clause) for p in _NOT_RETURNED)
        if PAST_RETURN.search(clause) and not denied:
            continue  # "he came back last time", "he always turns up": nothing about now
        travelling = _ON_THE_WAY[0].search(clause)
        if found and (travelling or _WRITER_BRINGING_HOME.search(clause)):
            # With whoever found them: "got Rj in the car, heading home", "found her … we'll
            # come home as soon as it's done".
            state = ReturnState.RETURNED
        elif denied or travelling:
            state = ReturnState.NOT_RETURNED
        elif any(p.search(clause) for p in RETURNED):
            state = ReturnState.RETURNED
    return state


# Asked inside a request: "can you confirm whether Jordan has been found?".
_WHETHER_RETURNED = re.compile(
    r"\b(?:whether|if)\s+[\w'-]+(?:\s+[\w'-]+)?\s+(?:has|have|is|was|had)\s+(?:been\s+)?(?:found|back"
    r"|home|returned|located|seen|brought\s+in)\b"
    r"|\b(?:whether|if)\s+[\w'-]+\s+(?:made\s+it|got|came|come|ever\s+came)\s+(?:back|home|in)\b"
    # Asked about a return already recorded: "who brought JL back, is that on the record?",
    # "what time did Kai get in?" (session 24).
    r"|^\s*(?:who|which\s+\w+)\s+(?:brought|dropped|found|collected|picked\s+up|returned)\b"
    r"|^\s*(?:what\s+time|when)\s+(?:did|does|was|is)\s+[\w'-]+(?:\s+[\w'-]+)?\s+(?:come|get|got|came"
    r"|found|brought|returned|back|home|in)\b"
)


def is_return_question(text: str) -> bool:
    clean = clean_text(text).strip()
    # The return word must be in the question's own sentence: "is this the right number. kacper
    # is back with me now" asks nothing about the return (session 24).
    first = _SENTENCE_END.split(clean, maxsplit=1)[0]
    return (
        _QUESTION.match(clean) is not None and re.search(rf"\b{_RETURN_WORDS}\b", first) is not None
    ) or _WHETHER_RETURNED.search(clean) is not None


_SENTENCE_END = re.compile(r"(?<=[.!\n])\s+|(?<=\?)")
