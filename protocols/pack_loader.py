"""Reads protocol packs from YAML and checks them, naming the file, the path inside it and what
was expected, so a local authority can write its own pack without reading code."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from protocols.clock import Duration, parse_duration
from protocols.pack import (
    CategoryTimeout,
    ChecklistItem,
    Condition,
    DerivedFlag,
    DoneHow,
    EpisodeCount,
    Phase,
    ProtocolPack,
    Repeat,
    Rule,
    Sooner,
)
from protocols.vocabulary import (
    RISK_FACTORS,
    Category,
    Flag,
    LegalStatus,
    Placement,
    ReturnHow,
    RiskLevel,
    Role,
    is_task_code,
)
from protocols.yaml_input import YamlInputError, key_text, read_text, unknown_key_message
from protocols.yaml_input import load as load_yaml

BUILTIN_DIR = Path(__file__).parent / "packs"
PACK_DIRS_ENV = "HOMEWARD_PROTOCOL_DIRS"

ANCHORS = {"start", "recorded", "reported", "returned", "activation"}
T = TypeVar("T")


class PackError(ValueError):
    def __init__(self, file: str, path: str, message: str) -> None:
        super().__init__(f"{file}: {path}: {message}")
        self.file, self.path, self.message = file, path, message


class UnknownProtocol(LookupError):
    pass


@dataclass(frozen=True)
class _Reader:
    file: str

    def fail(self, path: str, message: str) -> PackError:
        return PackError(self.file, path, message)

    def mapping(self, value: object, path: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(path, f"expected a mapping, got {_kind(value)}")
        return value

    def sequence(self, value: object, path: str) -> Sequence[Any]:
        if not isinstance(value, list):
            raise self.fail(path, f"expected a list, got {_kind(value)}")
        return value

    def text(self, value: object, path: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, f"expected non-empty text, got {_kind(value)}")
        return value.strip()

    def integer(self, value: object, path: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(path, f"expected a whole number, got {_kind(value)}")
        return value

    def duration(self, value: object, path: str) -> Duration:
        try:
            return parse_duration(self.text(value, path))
        except ValueError as error:
            raise self.fail(path, str(error)) from None

    def choice(self, value: object, path: str, allowed: Iterable[str]) -> str:
        options = sorted(allowed)
        if value not in options:
            raise self.fail(path, f"expected one of {', '.join(options)}; got {value!r}")
        return str(value)

    def choices(
        self, value: object, path: str, allowed: Iterable[str], make: Callable[[str], T]
    ) -> frozenset[T]:
        items = value if isinstance(value, list) else [value]
        allowed_set = set(allowed)
        return frozenset(
            make(self.choice(item, f"{path}[{i}]", allowed_set)) for i, item in enumerate(items)
        )

    def known_keys(self, data: Mapping[str, Any], path: str, allowed: set[str]) -> None:
        for key in data:
            if key not in allowed:
                raise self.fail(
                    f"{path}.{key_text(key)}" if path else key_text(key),
                    unknown_key_message(key, allowed),
                )


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return repr(value)
    return type(value).__name__


_CONDITION_KEYS = {
    "legal_status",
    "flags_any",
    "flags_all",
    "flags_none",
    "variant",
    "placement",
    "episodes_in_window",
    "returned_how",
    "returned_how_not",
    "category",
    "ever_category",
    "risk",
    "ever_risk",
    "not_done",
    "done_how",
    "concern_any",
    "missing_longer_than",
    "age_under",
    "any_of",
}


def _condition(r: _Reader, value: object, path: str, variants: Sequence[str]) -> Condition:
    if value is None:
        return Condition()
    data = r.mapping(value, path)
    r.known_keys(data, path, _CONDITION_KEYS)
    flags = {f.value for f in Flag}
    hows = {h.value for h in ReturnHow}
    placements = {p.value for p in Placement}

    def opt(key: str, build: Callable[[object, str], T]) -> T | None:
        return build(data[key], f"{path}.{key}") if key in data else None

    count = None
    if "episodes_in_window" in data:
        c = r.mapping(data["episodes_in_window"], f"{path}.episodes_in_window")
        r.known_keys(c, f"{path}.episodes_in_window", {"count", "window", "exactly"})
        count = EpisodeCount(
            count=r.integer(c.get("count"), f"{path}.episodes_in_window.count"),
            window=r.duration(c.get("window"), f"{path}.episodes_in_window.window"),
            exactly=bool(c.get("exactly", True)),
        )
    not_done = None
    if "not_done" in data:
        not_done = r.text(data["not_done"], f"{path}.not_done")
        if not is_task_code(not_done):
            raise r.fail(f"{path}.not_done", f"expected a task code, got {not_done!r}")
    done_how = None
    if "done_how" in data:
        d_path = f"{path}.done_how"
        d = r.mapping(data["done_how"], d_path)
        r.known_keys(d, d_path, {"code", "how"})
        done_code = r.text(d.get("code"), f"{d_path}.code")
        if not is_task_code(done_code):
            raise r.fail(f"{d_path}.code", f"expected a task code, got {done_code!r}")
        hows_done = d.get("how")
        done_hows: list[Any] = hows_done if isinstance(hows_done, list) else [hows_done]
        done_how = DoneHow(
            code=done_code,
            how=frozenset(r.text(h, f"{d_path}.how[{i}]") for i, h in enumerate(done_hows)),
        )
    any_of: tuple[Condition, ...] = ()
    if "any_of" in data:
        items = r.sequence(data["any_of"], f"{path}.any_of")
        any_of = tuple(
            _condition(r, item, f"{path}.any_of[{i}]", variants) for i, item in enumerate(items)
        )
    return Condition(
        legal_status=opt(
            "legal_status",
            lambda v, p: r.choices(v, p, LegalStatus.__members__.values(), LegalStatus),
        ),
        flags_any=opt("flags_any", lambda v, p: r.choices(v, p, flags, str)),
        flags_all=opt("flags_all", lambda v, p: r.choices(v, p, flags, str)),
        flags_none=opt("flags_none", lambda v, p: r.choices(v, p, flags, str)),
        variant=opt("variant", lambda v, p: r.choices(v, p, variants, str)),
        placement=opt("placement", lambda v, p: r.choices(v, p, placements, str)),
        episodes_in_window=count,
        returned_how=opt("returned_how", lambda v, p: r.choices(v, p, hows, str)),
        returned_how_not=opt("returned_how_not", lambda v, p: r.choices(v, p, hows, str)),
        category=opt(
            "category", lambda v, p: r.choices(v, p, Category.__members__.values(), Category)
        ),
        ever_category=opt(
            "ever_category",
            lambda v, p: r.choices(v, p, Category.__members__.values(), Category),
        ),
        risk=opt("risk", lambda v, p: r.choices(v, p, RiskLevel.__members__.values(), RiskLevel)),
        ever_risk=opt(
            "ever_risk", lambda v, p: r.choices(v, p, RiskLevel.__members__.values(), RiskLevel)
        ),
        not_done=not_done,
        done_how=done_how,
        concern_any=opt("concern_any", lambda v, p: r.choices(v, p, RISK_FACTORS, str)),
        missing_longer_than=opt("missing_longer_than", r.duration),
        age_under=opt("age_under", r.integer),
        any_of=any_of,
    )


_RULE_KEYS = {
    "id",
    "code",
    "title",
    "assignee",
    "phase",
    "anchor",
    "offset",
    "working_days",
    "every",
    "first",
    "repeat",
    "when",
    "sooner",
    "source",
    "why",
    "deadline",
    "agreed_with",
}


def _assignee(r: _Reader, value: object, path: str, variants: Sequence[str]) -> dict[str, Role]:
    roles = Role.__members__.values()
    if isinstance(value, str):
        return {"*": Role(r.choice(value, path, roles))}
    data = r.mapping(value, path)
    out = {
        r.choice(k, f"{path}.{key_text(k)}", [*variants, "*"]): Role(
            r.choice(v, f"{path}.{key_text(k)}", roles)
        )
        for k, v in data.items()
    }
    missing = [v for v in variants if v not in out] if "*" not in out else []
    if missing:
        raise r.fail(path, f"expected a role for every variant; missing {', '.join(missing)}")
    return out


def _rule(r: _Reader, value: object, path: str, variants: Sequence[str]) -> Rule:
    data = r.mapping(value, path)
    r.known_keys(data, path, _RULE_KEYS)
    for key in ("id", "code", "title", "assignee", "source", "why"):
        if key not in data:
            raise r.fail(f"{path}.{key}", "required field is missing")
    code = r.text(data["code"], f"{path}.code")
    if not is_task_code(code):
        raise r.fail(
            f"{path}.code",
            f"expected a task code of protocol-spec.md (e.g. report_to_police, notify:iro), "
            f"got {code!r}",
        )
    anchor = r.text(data.get("anchor", "start"), f"{path}.anchor")
    if anchor not in ANCHORS and not (anchor.startswith("done:") and is_task_code(anchor[5:])):
        raise r.fail(
            f"{path}.anchor",
            f"expected one of {', '.join(sorted(ANCHORS))} or done:<task code>, got {anchor!r}",
        )
    repeat = None
    every = first = None
    if "repeat" in data:
        repeat = Repeat(r.choice(data["repeat"], f"{path}.repeat", [x.value for x in Repeat]))
        if repeat is Repeat.EVERY:
            if "every" not in data:
                raise r.fail(f"{path}.every", "required when repeat is 'every'")
            every = r.duration(data["every"], f"{path}.every")
    elif "every" in data:
        raise r.fail(f"{path}.repeat", "required with 'every' (write repeat: every)")
    if "first" in data:
        first = r.duration(data["first"], f"{path}.first")
    if "offset" in data and "working_days" in data:
        raise r.fail(f"{path}.working_days", "give either offset or working_days, not both")
    sooner: list[Sooner] = []
    for i, item in enumerate(r.sequence(data.get("sooner", []), f"{path}.sooner")):
        s_path = f"{path}.sooner[{i}]"
        s = r.mapping(item, s_path)
        r.known_keys(s, s_path, {"when", "offset", "source", "why", "title"})
        sooner.append(
            Sooner(
                when=_condition(r, s.get("when"), f"{s_path}.when", variants),
                offset=r.duration(s.get("offset"), f"{s_path}.offset"),
                source=r.text(s.get("source"), f"{s_path}.source"),
                why=str(s.get("why", "")),
                title=r.text(s["title"], f"{s_path}.title") if "title" in s else "",
            )
        )
    deadline = data.get("deadline")
    if deadline is not None:
        r.choice(deadline, f"{path}.deadline", ["agreed"])
    return Rule(
        id=r.text(data["id"], f"{path}.id"),
        code=code,
        title=r.text(data["title"], f"{path}.title"),
        assignee=_assignee(r, data["assignee"], f"{path}.assignee", variants),
        phase=Phase(
            r.choice(data.get("phase", "missing"), f"{path}.phase", [p.value for p in Phase])
        ),
        anchor=anchor,
        source=r.text(data["source"], f"{path}.source"),
        why=r.text(data["why"], f"{path}.why"),
        when=_condition(r, data.get("when"), f"{path}.when", variants),
        offset=r.duration(data["offset"], f"{path}.offset") if "offset" in data else Duration(),
        working_days=(
            r.integer(data["working_days"], f"{path}.working_days")
            if "working_days" in data
            else None
        ),
        every=every,
        first=first,
        repeat=repeat,
        sooner=tuple(sooner),
        deadline_agreed=deadline == "agreed",
        agreed_with=_agreed_with(r, data, path, code),
    )


def _agreed_with(r: _Reader, data: Mapping[str, Any], path: str, code: str) -> str:
    if "agreed_with" not in data:
        return code
    other = r.text(data["agreed_with"], f"{path}.agreed_with")
    if not is_task_code(other):
        raise r.fail(f"{path}.agreed_with", f"expected a task code, got {other!r}")
    return other


def parse_pack(data: object, file: str) -> ProtocolPack:
    r = _Reader(file)
    top = r.mapping(data, "(top)")
    r.known_keys(
        top,
        "",
        {
            "id",
            "name",
            "variants",
            "seed",
            "rules",
            "checklists",
            "category_timeouts",
            "derived_flags",
            "notes",
        },
    )
    for key in ("id", "name", "rules"):
        if key not in top:
            raise r.fail(key, "required field is missing")
    pack_id = r.text(top["id"], "id")
    variants = tuple(
        r.text(v, f"variants[{i}]")
        for i, v in enumerate(r.sequence(top.get("variants", [pack_id]), "variants"))
    )
    if pack_id not in variants:
        raise r.fail("variants", f"expected the pack's own id {pack_id!r} among its variants")
    rules = tuple(
        _rule(r, item, f"rules[{i}]", variants)
        for i, item in enumerate(r.sequence(top["rules"], "rules"))
    )
    seen: set[str] = set()
    for i, rule in enumerate(rules):
        if rule.id in seen:
            raise r.fail(f"rules[{i}].id", f"expected a unique id; {rule.id!r} is used twice")
        seen.add(rule.id)
    checklists: dict[str, tuple[ChecklistItem, ...]] = {}
    for name, items in r.mapping(top.get("checklists", {}), "checklists").items():
        entries = []
        for i, item in enumerate(r.sequence(items, f"checklists.{key_text(name)}")):
            c_path = f"checklists.{key_text(name)}[{i}]"
            c = r.mapping(item, c_path)
            r.known_keys(c, c_path, {"id", "text", "source", "when"})
            entries.append(
                ChecklistItem(
                    id=r.text(c.get("id"), f"{c_path}.id"),
                    text=r.text(c.get("text"), f"{c_path}.text"),
                    source=r.text(c.get("source"), f"{c_path}.source"),
                    when=_condition(r, c.get("when"), f"{c_path}.when", variants),
                )
            )
        checklists[str(name)] = tuple(entries)
    categories = [c.value for c in Category]
    timeouts = []
    for i, item in enumerate(r.sequence(top.get("category_timeouts", []), "category_timeouts")):
        t_path = f"category_timeouts[{i}]"
        t = r.mapping(item, t_path)
        r.known_keys(t, t_path, {"from", "after", "to", "source"})
        timeouts.append(
            CategoryTimeout(
                from_category=Category(r.choice(t.get("from"), f"{t_path}.from", categories)),
                after=r.duration(t.get("after"), f"{t_path}.after"),
                to_category=Category(r.choice(t.get("to"), f"{t_path}.to", categories)),
                source=r.text(t.get("source"), f"{t_path}.source"),
            )
        )
    derived = []
    for i, item in enumerate(r.sequence(top.get("derived_flags", []), "derived_flags")):
        d_path = f"derived_flags[{i}]"
        d = r.mapping(item, d_path)
        r.known_keys(d, d_path, {"flag", "when", "arrived_within", "age_under", "source"})
        derived.append(
            DerivedFlag(
                flag=r.choice(d.get("flag"), f"{d_path}.flag", [f.value for f in Flag]),
                when=_condition(r, d.get("when"), f"{d_path}.when", variants),
                arrived_within=(
                    r.duration(d["arrived_within"], f"{d_path}.arrived_within")
                    if "arrived_within" in d
                    else None
                ),
                source=r.text(d.get("source"), f"{d_path}.source"),
                age_under=(
                    r.integer(d["age_under"], f"{d_path}.age_under") if "age_under" in d else None
                ),
            )
        )
    if not rules:  # checked last, so a pack in progress hears of its other mistakes first
        raise r.fail("rules", "expected at least one rule")
    return ProtocolPack(
        id=pack_id,
        name=r.text(top["name"], "name"),
        variants=variants,
        seed=str(top.get("seed", "")),
        rules=rules,
        checklists=checklists,
        category_timeouts=tuple(timeouts),
        derived_flags=tuple(derived),
        notes=tuple(str(n) for n in r.sequence(top.get("notes", []), "notes")),
    )


def read_pack_file(path: Path) -> ProtocolPack:
    try:
        data = load_yaml(read_text(path))
    except YamlInputError as error:
        raise PackError(str(path), error.where, error.message) from None
    return parse_pack(data, str(path))


def pack_dirs(env: Mapping[str, str] | None = None) -> tuple[Path, ...]:
    """Local packs first, so an authority can override a built-in one of the same id."""
    env = os.environ if env is None else env
    extra = [Path(p) for p in env.get(PACK_DIRS_ENV, "").split(os.pathsep) if p]
    return (*extra, BUILTIN_DIR)


@lru_cache(maxsize=32)
def _packs_in(dirs: tuple[Path, ...]) -> tuple[ProtocolPack, ...]:
    found: dict[str, ProtocolPack] = {}
    for folder in dirs:
        for path in sorted(folder.glob("*.yaml")):
            pack = read_pack_file(path)
            found.setdefault(pack.id, pack)
    return tuple(found.values())


def all_packs(env: Mapping[str, str] | None = None) -> tuple[ProtocolPack, ...]:
    return _packs_in(pack_dirs(env))


def protocol_ids(env: Mapping[str, str] | None = None) -> list[str]:
    return sorted(v for pack in all_packs(env) for v in pack.variants)


def load_protocol(
    protocol_id: str, env: Mapping[str, str] | None = None
) -> tuple[ProtocolPack, str]:
    """The pack and variant for a protocol id such as 'staffordshire' or its variant 'stoke'."""
    for pack in all_packs(env):
        if protocol_id in pack.variants:
            return pack, protocol_id
    raise UnknownProtocol(
        f"unknown protocol {protocol_id!r}; expected one of {', '.join(protocol_ids(env))}"
    )
