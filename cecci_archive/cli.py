"""The ``cecci-archive`` command: scaffold, check and rename records without building the site.

Exit status: 0 when all is well, 1 when problems were found (or a command refused to act),
2 for a wrong command line. No command prints a Python traceback for bad input.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from . import loader, rename, scaffold, similarity
from .records import Record
from .recordtypes import RECORD_TYPES

OK, PROBLEMS, USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-C", "--root", type=Path, default=Path("."), metavar="DIR",
                        help="the archive's folder (the one holding conf.py and references.bib); default: .")
    parser = argparse.ArgumentParser(
        prog="cecci-archive",
        description="Add, check and rename records of the CECCI Forum Archive without building the site.",
        epilog="Exit status: 0 ok, 1 problems found or refused, 2 wrong usage. See CONTRIBUTING.md.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    new = commands.add_parser(
        "new", parents=[common], help="write a new record from the template",
        description="Write a new record with every field present and explained. The id comes from the name "
                    "(and, for an event, its date). An existing record is never overwritten; a warning names "
                    "any record whose name looks the same.")
    new.add_argument("type", choices=sorted(scaffold.TYPE_NAMES), help="the kind of record")
    new.add_argument("name", help="the person's or organisation's name, or the event's title, as the source gives it")
    new.add_argument("--date", help="an event's date, YYYY-MM-DD (required for events)")
    new.add_argument("--id", dest="record_id", help="the id to use instead of one made from the name")
    new.add_argument("--source", dest="sources", action="append", metavar="KEY",
                     help="key of the source's entry in references.bib (repeat for several)")
    new.add_argument("--kind", help="an event's or organisation's kind (see the schema's list)")
    new.add_argument("--summary", help="an event's short summary, after the source")
    new.add_argument("--given-first", action="store_true",
                     help="the person's name is written given name first (Bryson Xue); default: family name first")

    check = commands.add_parser(
        "check", parents=[common], help="check every record (schema, links, sources, names, safety)",
        description="Check every record without building the site: schema, references between records, "
                    "BibTeX keys, duplicate ids and near-duplicate names, relations without a source, "
                    "organisation cycles, unsafe HTML and links; people without an event and events without "
                    "a speaker are warnings. Each problem is one line: path:line: field: what is wrong; what "
                    "to write instead.")
    check.add_argument("--strict", action="store_true",
                       help="also fail (exit 1) on warnings, as the strict site build does")
    check.add_argument("--time", action="store_true", help="print how long the check took")

    ren = commands.add_parser(
        "rename", parents=[common], help="give a record a new id, rewriting every reference to it",
        description="Move a record to its new id, rewrite every reference to it in the archive, and add the "
                    "old id to the record's old_ids so that the old URL still leads to it. Nothing is changed "
                    "if any step would fail.")
    ren.add_argument("old_id", metavar="OLD-ID", help="the record's current id")
    ren.add_argument("new_id", metavar="NEW-ID", help="the id it should have")
    ren.add_argument("--dry-run", action="store_true", help="show what would change, and change nothing")
    return parser


def _root(path: Path) -> Path | None:
    if not path.is_dir():
        print(f"cecci-archive: {path} is not a folder", file=sys.stderr)
        return None
    if not any((path / t.folder).is_dir() for t in RECORD_TYPES.values()):
        print(f"cecci-archive: {path} holds no events/, speakers/ or organisations/ folder; "
              "run this in the archive's folder or give it with --root", file=sys.stderr)
        return None
    return path


def cmd_check(args: argparse.Namespace) -> int:
    root = _root(args.root)
    if root is None:
        return USAGE
    started = time.perf_counter()
    archive = loader.load(root)
    elapsed = time.perf_counter() - started
    for problem in archive.problems:
        print(problem.line_text())
    errors, warnings = len(archive.errors), len(archive.warnings)
    summary = f"{len(archive.records)} records checked: {errors} error(s), {warnings} warning(s)"
    if args.time:
        summary += f" in {elapsed:.2f} s"
    print(summary, file=sys.stderr)
    return PROBLEMS if errors or (args.strict and warnings) else OK


def _names(record: Record) -> list[str]:
    return [str(record.data.get("name", "")), *[str(a) for a in record.data.get("aliases") or []]]


def cmd_new(args: argparse.Namespace) -> int:
    root = _root(args.root)
    if root is None:
        return USAGE
    try:
        draft = scaffold.draft(args.type, args.name, date=args.date, record_id=args.record_id,
                               sources=args.sources, kind=args.kind, summary=args.summary,
                               given_first=args.given_first)
    except ValueError as error:
        print(f"cecci-archive new: {error}", file=sys.stderr)
        return USAGE
    target = root / draft.path
    archive = loader.load(root)
    if target.exists():
        print(f"cecci-archive new: {draft.path} already exists; nothing was written "
              "(choose another id with --id, or edit the existing record)", file=sys.stderr)
        return PROBLEMS
    owner = next((r for r in archive.records if draft.id in (r.data.get("old_ids") or [])), None)
    if owner is not None:
        print(f"cecci-archive new: `{draft.id}` is an old id of {owner.path}; nothing was written "
              "(choose another id with --id)", file=sys.stderr)
        return PROBLEMS
    record_type = scaffold.TYPE_NAMES[args.type]
    if record_type != "event":
        name = " ".join(w for w in args.name.split() if w not in similarity.titles_in(args.name))
        for record in archive.records:
            if record.type == record_type and any(similarity.similar(name, n) for n in _names(record)):
                print(f"warning: `{name}` looks like `{record.title}` ({record.path}); if it is the same "
                      f"{record_type}, edit that record and add this spelling to its `aliases`", file=sys.stderr)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
        handle.write(draft.text)
    print(draft.path)
    for note in draft.notes:
        print(f"note: {note}", file=sys.stderr)
    return OK


def cmd_rename(args: argparse.Namespace) -> int:
    root = _root(args.root)
    if root is None:
        return USAGE
    try:
        change = rename.plan(root, args.old_id, args.new_id)
        if not args.dry_run:
            rename.apply(root, change)
    except rename.RenameError as error:
        print(f"cecci-archive rename: {error}; nothing was changed", file=sys.stderr)
        return PROBLEMS
    verb = "would move" if args.dry_run else "moved"
    print(f"{verb} {change.old_path} → {change.new_path} (old id kept in old_ids)")
    for relpath in sorted(change.writes):
        if relpath != change.new_path:
            print(f"{'would rewrite' if args.dry_run else 'rewrote'} {relpath}")
    return OK


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = {"check": cmd_check, "new": cmd_new, "rename": cmd_rename}[args.command]
    try:
        return command(args)
    except KeyboardInterrupt:
        return PROBLEMS
    except OSError as error:
        print(f"cecci-archive {args.command}: {error}", file=sys.stderr)
        return PROBLEMS
    except Exception as error:  # a contributor should never see a traceback
        print(f"cecci-archive {args.command}: internal error ({type(error).__name__}: {error}); "
              "please report it with the command you ran", file=sys.stderr)
        return PROBLEMS
