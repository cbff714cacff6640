"""Short forms of a roster child's first name: "Jay" for Jayden, "Lexi" for Alexandra.

Carers and friends rarely use the name on the file. A short form counts only when exactly one
child on the roster answers to it (two children it could mean give no name at all, so the
dialogue asks), and only as a word that is not an ordinary word or a month or day ("mad" is
not Madison, "jan" is not Janet, "the" is not Theo). Two sources: the usual English
diminutives (a small table, because "Lexi", "Beth" or "Liam" are not spelt from the start of
the name), the first three or more letters of the name ("Jay" for Jayden, "Dom" for
Dominik, "Fred" for Freddie) and those letters with a pet-name ending ("Toby" for Tobias).
"""

from __future__ import annotations

import re
import unicodedata

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

MIN_PREFIX = 3
_PET_ENDING = re.compile(r"(?P<stem>[a-z]+?)(?:ie|y|i|o)")
# Lower-case words that begin common names and would otherwise read as a nickname.
NOT_NICKNAMES = frozenset(
    {
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
        "mad", "man", "car", "art", "bar", "can", "her", "the", "tim", "kit", "mat",
        "ray", "rob", "pat", "bus", "cam", "dam", "den", "dor", "ian", "jo", "lea",
        "lot", "mil", "pen", "ros", "sal", "ter", "val", "van", "vic", "win",
        "mum", "dad", "nan", "bro", "sis", "mate", "lad", "lads", "girl", "ash", "bell",
        "pop", "rose", "sky", "star", "mel", "kay", "les", "ell", "eli", "ali", "ello",
        "hiya", "oi", "mam", "nana", "bestie", "babe", "hun", "mrs", "miss", "sir",
        # Two letters: chat words, Scots, titles and the service's own abbreviations.
        "ok", "hi", "yo", "ya", "ye", "ur", "im", "pm", "am", "oh", "eh", "ah", "aw", "da",
        "ma", "pa", "pc", "dc", "ds", "di", "sw", "yp", "gp", "mp", "rd", "st", "nd", "th",
        "tv", "ta", "mi", "mr", "ms", "dr", "tm", "xx", "lo", "na", "wa", "ha", "hm", "uh",
        "ni", "de", "le", "la", "calls",
    }
)  # fmt: skip
# Diminutive -> the formal first names it is used for (all lower-case, without accents).
_DIMINUTIVES: dict[str, tuple[str, ...]] = {
    "lexi": ("alexandra", "alexa", "alexis"),
    "lexie": ("alexandra", "alexa", "alexis"),
    "alex": ("alexandra", "alexander", "alexis", "alexa", "aleksandra", "aleksander"),
    "sasha": ("alexandra", "alexander", "aleksandra"),
    "xander": ("alexander",),
    "liz": ("elizabeth",),
    "lizzie": ("elizabeth",),
    "lizzy": ("elizabeth",),
    "beth": ("elizabeth", "bethany"),
    "libby": ("elizabeth", "liberty"),
    "bill": ("william",),
    "billy": ("william",),
    "liam": ("william",),
    "bob": ("robert",),
    "bobby": ("robert",),
    "robbie": ("robert",),
    "dick": ("richard",),
    "ricky": ("richard", "ricardo"),
    "rick": ("richard",),
    "maggie": ("margaret",),
    "meg": ("margaret", "megan"),
    "kate": ("katherine", "catherine", "kathryn", "katie"),
    "katie": ("katherine", "catherine", "kathryn"),
    "kitty": ("katherine", "catherine"),
    "ted": ("edward", "theodore"),
    "teddy": ("edward", "theodore"),
    "eddie": ("edward",),
    "ned": ("edward",),
    "jim": ("james",),
    "jimmy": ("james",),
    "jamie": ("james",),
    "tom": ("thomas",),
    "tommy": ("thomas",),
    "joe": ("joseph",),
    "joey": ("joseph",),
    "jack": ("john", "jackson"),
    "johnny": ("john", "jonathan"),
    "jonny": ("jonathan", "john"),
    "mike": ("michael",),
    "mikey": ("michael",),
    "mick": ("michael",),
    "tony": ("anthony",),
    "charlie": ("charlotte", "charles"),
    "lottie": ("charlotte",),
    "vicky": ("victoria",),
    "tori": ("victoria",),
    "becky": ("rebecca",),
    "becca": ("rebecca",),
    "sam": ("samantha", "samuel"),
    "sammy": ("samantha", "samuel"),
    "danny": ("daniel",),
    "dani": ("danielle", "daniella"),
    "nicky": ("nicola", "nicholas"),
    "nikki": ("nicola", "nicole"),
    "chris": ("christopher", "christina", "christine"),
    "izzy": ("isabella", "isabel", "isobel", "isabelle"),
    "issy": ("isabella", "isabel", "isobel", "isabelle"),
    "bella": ("isabella", "arabella"),
    "abi": ("abigail",),
    "abbie": ("abigail",),
    "abby": ("abigail",),
    "jess": ("jessica",),
    "jessie": ("jessica",),
    "ben": ("benjamin",),
    "benji": ("benjamin",),
    "matt": ("matthew",),
    "matty": ("matthew",),
    "freddy": ("frederick", "freddie", "alfred"),
    "alf": ("alfred", "alfie"),
    "liv": ("olivia",),
    "livvy": ("olivia",),
    "theo": ("theodore",),
    "mo": ("mohammed", "muhammad", "mohammad", "mohamed"),
    "zac": ("zachary",),
    "zach": ("zachary",),
    "josh": ("joshua",),
    "nate": ("nathan", "nathaniel"),
    "jake": ("jacob",),
    "gabby": ("gabriella", "gabrielle"),
    "ellie": ("eleanor", "elena", "ellen"),
    "nell": ("eleanor", "ellen"),
    "evie": ("evelyn", "eva"),
    "millie": ("amelia", "mildred"),
    "maddie": ("madison", "madeleine", "madeline"),
    "jen": ("jennifer",),
    "jenny": ("jennifer",),
    "steve": ("stephen", "steven"),
    "andy": ("andrew",),
    "kuba": ("jakub",),
    "olek": ("aleksander",),
    # Polish diminutives, not spelt from the start of the name.
    "zosia": ("zofia",),
    "darek": ("dariusz",),
    "tomek": ("tomasz",),
    "bartek": ("bartosz",),
    "wojtek": ("wojciech",),
    "kasia": ("katarzyna",),
    "gosia": ("malgorzata",),
    "basia": ("barbara",),
    "ania": ("anna",),
    "maciek": ("maciej",),
    "piotrek": ("piotr",),
    "jurek": ("jerzy",),
    "staszek": ("stanislaw",),
    "ola": ("aleksandra", "alexandra"),
    # Irish, Turkish and Arabic short forms not spelt from the start of the name.
    "shiv": ("siobhan",),
    "memo": ("mehmet", "mehmed"),
}
# Letters NFKD leaves alone: "Mikołaj" is "mikolaj" to a phone keyboard, "Aydın" is "aydin".
_UNDECOMPOSED = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe"}
)
# The end of a long first name used on its own ("Seun" for Oluwaseun, "Kenzie" for Mackenzie):
# at least this many letters, from a name at least MIN_ENDING_OF long, so "tae" (Scots "to")
# never reads as Dontae.
MIN_ENDING = 4
MIN_ENDING_OF = 6


def fold(word: str) -> str:
    """Lower case without accents, so "oisin" is "Oisín" and "zoe" is "Zoë"."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.lower().translate(_UNDECOMPOSED))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def is_diminutive(surface: str, first_name: str) -> bool:
    """Whether `surface` is a usual diminutive of `first_name` ("Lexi" for Alexandra)."""
    short, full = fold(surface), fold(first_name)
    return short not in NOT_NICKNAMES and full in _DIMINUTIVES.get(short, ())


def is_shortened(surface: str, first_name: str, *, endings: bool = True) -> bool:
    """Whether `surface` is a shortened `first_name`: its start, maybe with a pet-name ending
    ("Jay", "Toby", "Reubs"), the end of a long name ("Seun" for Oluwaseun), or the initials
    of a hyphenated one ("HJ" for Harley-Jay). Many ordinary words are the start of some name
    ("call", "sofa"), so the caller also asks the words around it."""
    short, full = fold(surface), fold(first_name)
    if short == full or short in NOT_NICKNAMES or short in ENGLISH_STOP_WORDS:
        return False
    parts = [p for p in re.split(r"[-\s]+", full) if p]
    if len(parts) > 1 and short == "".join(p[0] for p in parts):
        return True
    if surface.isupper() and len(short) == 2:
        return False  # "PR-2611", "TM" (team manager): capitals are initials or nothing
    plain = "".join(parts)
    if (
        endings
        and len(plain) >= MIN_ENDING_OF
        and len(short) >= MIN_ENDING
        and plain.endswith(short)
    ):
        return short != plain
    if len(short) >= MIN_PREFIX and len(full) > len(short) and full.startswith(short):
        return True
    # "Jaz" for Jasmine, "Dez" for Destiny: a "z" for the "s" it is said as.
    if len(short) >= MIN_PREFIX and "z" in short and full.startswith(short.replace("z", "s")):
        return True
    # "Ty" for Tyrese, "Si" for Sienna: two letters, which the caller only takes in a name's
    # place in the sentence and never for a word on the NOT_NICKNAMES list.
    if len(short) == 2 and short.isalpha() and len(plain) > 3 and plain.startswith(short):
        return True
    # "Finn" for Finlay: the start of the name with its last letter doubled.
    if len(short) > MIN_PREFIX and short[-1] == short[-2] and full.startswith(short[:-1]):
        return not full.startswith(short)
    # "Reubs", "Lils", "Jords": the start of the name with a pet-name "s".
    if (
        short.endswith("s")
        and len(short) > MIN_PREFIX
        and full.startswith(short[:-1])
        and short[:-1] not in NOT_NICKNAMES
    ):
        return len(full) > len(short) - 1
    # The pet-name ending on a shortened name: "Toby" (Tobias), "Danny" (Daniel), "Charlie".
    pet = _PET_ENDING.fullmatch(short)
    if pet is None:
        return False
    stem = pet.group("stem")
    doubled = len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiou"
    if doubled:
        stem = stem[:-1]  # "Danny": Dan + n + y; "Ibby" (Ibrahim): Ib + b + y
    shortest = 2 if doubled else MIN_PREFIX
    return len(stem) >= shortest and len(full) > len(stem) + 1 and full.startswith(stem)
