"""An example and the allowed values at the end of every `homeward … --help`.

Kept in one place so each area registers its subcommands as before; `bot.cli.build_parser`
calls `annotate` last. `tests/docs/test_cli_help.py` fails when a command has no example here,
when an example no longer parses, or when an option with a fixed vocabulary lists no values.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator

# Command path -> example lines (each a whole `homeward …` command line; placeholders in capitals).
EXAMPLES: dict[str, tuple[str, ...]] = {
    "simulate": (
        "homeward simulate examples/staffordshire.yaml",
        "homeward simulate examples/essex.yaml --json",
    ),
    "protocols list": ("homeward protocols list",),
    "protocols check": ("homeward protocols check my_authority.yaml",),
    "nlu parse": (
        'homeward nlu parse "jay\'s not back, due in at 10" --now 2026-03-02T23:30:00Z '
        '--child "Jay Morgan"',
    ),
    "nlu test": ("homeward nlu test nlu/data/test.yml",),
    "run": ("homeward run", "homeward run --db demo.sqlite3"),
    "team add": ('homeward team add "North Fostering" --protocol staffordshire',),
    "team list": ("homeward team list",),
    "team cover": ('homeward team cover "North Fostering" --by "Emergency Duty Team"',),
    "staff add": ('homeward staff add "Rowan Ellery" --role carer --team "North Fostering"',),
    "staff list": ("homeward staff list",),
    "staff remove": ("homeward staff remove 7",),
    "staff show": ("homeward staff show MD008",),
    "staff manager": ("homeward staff manager MD008 --manager MD002",),
    "staff leave": ("homeward staff leave MD008",),
    "staff lost-phone": ("homeward staff lost-phone MD008 --hours 24",),
    "invite": ("homeward invite MD008 --hours 48",),
    "roster import": (
        "homeward roster import docs/roster-example --dry-run",
        "homeward roster import docs/ssd-example --format ssd",
    ),
    "roster export": ("homeward roster export exported-roster",),
    "check": ("homeward check", "homeward check --channel none"),
    "child add": (
        "homeward child add --id C3001 --given-name Ash --family-name Penrose "
        "--date-of-birth 2012-05-01 --legal-status looked_after --team \"North Fostering\" "
        "--flags cse_risk --placement-type foster",
    ),
    "child update": ("homeward child update C3001 --flags cse_risk,mental_health",),
    "child show": ("homeward child show C2001",),
    "child list": ('homeward child list --team "North Fostering"',),
    "child place": ("homeward child place C2001 --carers MD008 --placement-type residential",),
    "child allocate": ("homeward child allocate C2001 --social-worker MD004",),
    "child leave-care": ("homeward child leave-care C2001 --legal-status not_known",),
    "child transfer": ('homeward child transfer C2001 --team "South Fostering"',),
    "carer link": ("homeward carer link C2001 MD008",),
    "carer unlink": ("homeward carer unlink C2001 MD008",),
    "demo seed": ("homeward demo seed --db demo.sqlite3",),
    "profile": ("homeward profile C2001 --pdf grab-pack.pdf --by 3",),
    "guide": ("homeward guide --pdf quick-guide.pdf", "homeward guide"),
    "export": (
        "homeward export --json --since 2026-01-01T00:00:00Z",
        "homeward export --child C2001 --pdf subject-access.pdf",
    ),
    "report ssda903-missing": (
        "homeward report ssda903-missing --from 2025-04-01 --to 2026-03-31 --out missing.csv",
    ),
    "report ssd-missing": (
        "homeward report ssd-missing --from 2025-04-01 --to 2026-03-31 --out ssd_missing.csv",
    ),
    "report annex-a": ("homeward report annex-a --to 2026-03-31 --out annex-a.csv",),
    "report meeting": (
        'homeward report meeting --team "North Fostering" --from 2026-03-01 --to 2026-03-31 '
        "--out pack.pdf --csv-dir figures",
    ),
    "retention": ("homeward retention --dry-run", "homeward retention"),
}


def _values(enum_name: str) -> Callable[[], tuple[str, ...]]:
    def read() -> tuple[str, ...]:
        from protocols import vocabulary

        return tuple(item.value for item in getattr(vocabulary, enum_name))

    return read


def _staff_roles() -> tuple[str, ...]:
    from storage.roster_rows import STAFF_ROLES

    return STAFF_ROLES


def _protocol_ids() -> tuple[str, ...]:
    from protocols.pack_loader import BUILTIN_DIR

    return tuple(sorted(path.stem for path in BUILTIN_DIR.glob("*.yaml")))


# Options whose values come from a fixed vocabulary, though they are checked after parsing.
VOCABULARIES: dict[str, tuple[str, Callable[[], tuple[str, ...]]]] = {
    "--role": ("", _staff_roles),
    "--legal-status": ("", _values("LegalStatus")),
    "--flags": ("comma-separated", _values("Flag")),
    "--placement-type": ("", _values("Placement")),
    "--protocol": ("built in; `homeward protocols list` adds local packs", _protocol_ids),
    "--channel": ("repeatable", lambda: ("telegram", "none")),
}


def commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """Every leaf command: ("staff add", its parser)."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield " ".join(path), parser
        return
    for name, child in subs[0].choices.items():
        yield from commands(child, (*path, name))


def allowed_values(parser: argparse.ArgumentParser) -> list[str]:
    lines = []
    for action in parser._actions:
        for option in action.option_strings:
            if action.choices is not None:
                values = ", ".join(str(c) for c in action.choices)
                lines.append(f"  {option}: {values}")
            elif option in VOCABULARIES:
                note, read = VOCABULARIES[option]
                extra = f" ({note})" if note else ""
                lines.append(f"  {option}{extra}: {', '.join(read())}")
    return lines


def epilog(name: str, parser: argparse.ArgumentParser) -> str:
    parts = []
    if parser.epilog:
        parts.append(parser.epilog.rstrip())
    examples = EXAMPLES.get(name, ())
    label = "example:" if len(examples) == 1 else "examples:"
    parts.append("\n".join([label, *(f"  {line}" for line in examples)]))
    values = allowed_values(parser)
    if values:
        parts.append("\n".join(["allowed values:", *values]))
    return "\n\n".join(parts)


def groups(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """`homeward` itself and every command with subcommands ("staff", "report")."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        return
    yield " ".join(path), parser
    for name, child in subs[0].choices.items():
        yield from groups(child, (*path, name))


def group_epilog(name: str, parser: argparse.ArgumentParser) -> str:
    """One example per command below (for `homeward` itself: the commonest ones)."""
    below = [leaf for leaf, _ in commands(parser, tuple(name.split()) if name else ())]
    chosen = below if name else [c for c in COMMON if c in below]
    lines = [EXAMPLES[leaf][0] for leaf in chosen if leaf in EXAMPLES]
    more = "  homeward COMMAND --help   (each command's own example and allowed values)"
    return "\n".join(["examples:", *(f"  {line}" for line in lines), *([more] if not name else [])])


# What `homeward --help` shows first: a demo, a pack, an authority's first day.
COMMON = ("run", "simulate", "protocols check", "roster import", "check", "invite", "guide")


def annotate(parser: argparse.ArgumentParser) -> None:
    """Give every command its example and allowed values (shown as written), and every group
    of commands one example of each."""
    for name, command in commands(parser):
        command.epilog = epilog(name, command)
        command.formatter_class = argparse.RawDescriptionHelpFormatter
    for name, group in groups(parser):
        group.epilog = group_epilog(name, group)
        group.formatter_class = argparse.RawDescriptionHelpFormatter
