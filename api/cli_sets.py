"""The `fiqra export` and `fiqra sets …` commands, registered into api.cli's parser.

Paragraphs are named on the command line the way staff cite them (`"A/HRC/28/56, paras.
8-10"`), with `--lang` for the language version (needed only when a report is in several).
An export is written to a temporary file beside the target and renamed at the end, so a
failed export never leaves half a file; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from exports import (
    FORMATS,
    SET_ORDERS,
    ExportMeta,
    citation_label,
    excerpt_record,
    export,
    export_format,
    parse_side_by_side,
    query_export_excerpts,
    set_order,
)
from indexer.backend import Backend
from indexer.backends import default_data_dir
from indexer.citation_index import citation_query
from indexer.citation_lists import LanguageOf, parse_citation_list
from indexer.hit_stream import query_excerpts
from indexer.sets import (
    MAX_POSITION,
    Excerpt,
    ParagraphRef,
    ParagraphSet,
    SetError,
    SetStore,
    lookup,
)

PROGRESS_EVERY = 500


def _store(args: argparse.Namespace) -> SetStore:
    return SetStore.in_data_dir(args.data or default_data_dir())


class _Progress:
    """Counts excerpts passing through to an export, with a line on stderr now and then."""

    def __init__(self, total: int | None) -> None:
        self.of = f" of {total}" if total is not None else ""
        self.count = 0

    def track(self, excerpts: Iterable[Excerpt]) -> Iterator[Excerpt]:
        for excerpt in excerpts:
            self.count += 1
            if self.count % PROGRESS_EVERY == 0:
                print(f"exported {self.count}{self.of} paragraphs …", file=sys.stderr, flush=True)
            yield excerpt


def paragraphs(n: int) -> str:
    """`1 paragraph`, `2 paragraphs`: a count as a sentence says it."""
    return f"{n} paragraph" if n == 1 else f"{n} paragraphs"


def _umask() -> int:
    """The process's umask (reading it means setting it: set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def cmd_export(backend: Backend, args: argparse.Namespace) -> int:
    fmt = export_format(args.format)
    languages = parse_side_by_side(args.side_by_side)
    if args.set:
        found = _store(args).get(args.set)
        title, total = found.name, found.size
        excerpts = set_order(_store(args).excerpts(found.id, backend), args.order)
    else:
        title = args.query
        total = backend.search(args.query, lang=args.lang, symbol=args.symbol, limit=1).total
        excerpts = query_export_excerpts(
            backend, args.query, lang=args.lang, symbol=args.symbol, languages=languages
        )
    meta = ExportMeta(title, languages)
    progress = _Progress(total)
    if str(args.output) == "-":
        export(fmt, progress.track(excerpts), backend, sys.stdout.buffer, meta)
        print(f"exported {paragraphs(progress.count)}", file=sys.stderr)
        return 0
    target = Path(args.output)
    try:
        handle, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                           suffix=".part")
    except OSError as exc:  # the folder is missing or not writable: say the file asked for
        raise OSError(exc.errno, exc.strerror, str(target)) from None
    try:
        os.fchmod(handle, 0o666 & ~_umask())  # as any new file of the user's (mkstemp: 0600)
        with os.fdopen(handle, "wb") as out:
            export(fmt, progress.track(excerpts), backend, out, meta)
        os.replace(partial, target)
    except OSError as exc:  # a full disk: the file asked for, not the temporary one
        raise OSError(exc.errno, exc.strerror, str(target)) from None
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    print(f"exported {paragraphs(progress.count)} to {target}", file=sys.stderr)
    return 0


def _set_json(found: ParagraphSet) -> dict[str, Any]:
    return {"id": found.id, "name": found.name, "created": found.created,
            "updated": found.updated, "size": found.size}


def _cited(backend: Backend, args: argparse.Namespace, citations: list[str]
           ) -> list[ParagraphRef]:
    """The addresses the citations typed on the command line name: one recommendation
    (`A/HRC/28/15, para. 115.3`) on its own, else a citation list."""
    lang = _lang(backend, args)
    cited = citation_query(" ".join(citations))
    if cited is not None and cited.items:
        version = lang if isinstance(lang, str) else lang(cited.symbol)
        return [ParagraphRef.checked(cited.symbol, version, cited.paragraphs[0], item)
                for item in cited.items]
    return parse_citation_list(" \n".join(citations), lang)


def _additions(backend: Backend, args: argparse.Namespace) -> list[Excerpt]:
    """The paragraphs named by citations, a --citations file and/or a --query."""
    excerpts: list[Excerpt] = []
    citations = list(args.citations)
    if args.citations_file:
        citations.append(Path(args.citations_file).read_text(encoding="utf-8"))
    if "".join(citations).strip():
        excerpts += lookup(_cited(backend, args, citations), backend)
    if args.query:
        found = list(query_excerpts(backend, args.query, lang=args.lang, symbol=args.symbol))
        if not found:
            raise SetError(f"the query {args.query!r} finds no numbered paragraph")
        excerpts += found
    return excerpts


def _lang(backend: Backend, args: argparse.Namespace) -> str | LanguageOf:
    """--lang, or else for each cited report its only language version in the corpus."""
    if args.lang:
        return str(args.lang)

    def only_version(symbol: str) -> str:
        present = backend.languages(symbol)
        if not present:
            raise SetError(f"{symbol} is not in the corpus")
        if len(present) > 1:
            raise SetError(f"{symbol} is in {', '.join(present)}: say which language "
                           "version with --lang")
        return present[0]

    return only_version


def cmd_sets(backend: Backend, args: argparse.Namespace) -> int:
    store = _store(args)
    action = args.sets_command
    if action == "list":
        sets = store.all_sets()
        if args.json:
            print(json.dumps([_set_json(s) for s in sets], ensure_ascii=False, indent=2))
        for found in [] if args.json else sets:
            print(f"{found.id}  {found.size:5} paragraphs  {found.name}")
    elif action == "show":
        found = store.get(args.name)
        excerpts = list(store.excerpts(found.id, backend))
        if args.json:
            items = [excerpt_record(e) for e in excerpts]
            print(json.dumps({**_set_json(found), "items": items}, ensure_ascii=False, indent=2))
        else:
            print(f"{found.name}  (id {found.id}, link /sets/{found.id})")
            for position, e in enumerate(excerpts, start=1):
                flag = "  [missing from the current version]" if e.missing else ""
                label = citation_label(e.symbol, e.lang, e.paragraph, e.item)
                print(f"{position:4}. {label} [{e.lang}]{flag}")
    elif action == "create":
        found = store.create(args.name, _additions(backend, args))
        print(f"created {found.name!r} (id {found.id}) with {paragraphs(found.size)}")
    elif action == "add":
        excerpts = _additions(backend, args)
        if not excerpts:
            raise SetError("name paragraphs to add: citations, --citations-file or --query")
        position = args.at - 1 if args.at is not None else None
        print(f"added {paragraphs(store.add(args.name, excerpts, position=position))}")
    elif action == "remove":
        refs = _cited(backend, args, args.citations)
        print(f"removed {paragraphs(store.remove(args.name, refs))}")
    elif action == "move":
        refs = _cited(backend, args, [args.citation])
        if len(refs) != 1:
            raise SetError(f"name one paragraph to move, not {len(refs)}")
        [ref] = refs
        store.move(args.name, ref, args.to - 1)
        print(f"moved {citation_label(ref.symbol, ref.lang, ref.paragraph, ref.item)} to"
              f" position {args.to}")
    elif action == "delete":
        store.delete(args.name)
        print(f"deleted {args.name!r}")
    return 0


def add_commands(sub: Any) -> None:
    """Register `export` and `sets` on api.cli's subparsers."""
    from api.cli import bounded  # api.cli imports this module, so not at the top

    position = bounded(1, MAX_POSITION)
    p = sub.add_parser("export", help="export a query's hits or a saved set to a file")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--query", help="export every paragraph this query finds")
    source.add_argument("--set", help="export this saved set (name or id)")
    p.add_argument("--lang", help="only paragraphs in this language (with --query)")
    p.add_argument("--symbol", help="only this report (with --query)")
    p.add_argument("--format", required=True, help=", ".join(FORMATS))
    p.add_argument("--side-by-side", metavar="L1,L2", help="two languages side by side: ar,en")
    p.add_argument("--order", choices=SET_ORDERS, default="document",
                   help="a set's paragraphs in document order, or in the set's own order")
    p.add_argument("-o", "--output", required=True, help="output file ('-' for stdout)")
    p.set_defaults(func=cmd_export)

    sets = sub.add_parser("sets", help="saved paragraph sets")
    actions = sets.add_subparsers(dest="sets_command", required=True)
    p = actions.add_parser("list", help="every saved set")
    p.add_argument("--json", action="store_true")
    p = actions.add_parser("show", help="a set's paragraphs in order")
    p.add_argument("name", help="set name or id")
    p.add_argument("--json", action="store_true")
    for name, help_text in (("create", "a new set, empty or filled"),
                            ("add", "add paragraphs to a set")):
        p = actions.add_parser(name, help=help_text)
        p.add_argument("name", help="set name" + (" or id" if name == "add" else ""))
        p.add_argument("citations", nargs="*", help='citations, e.g. "A/HRC/28/56, paras. 8-10"')
        p.add_argument("--lang", help="language version of cited paragraphs; filter for --query")
        p.add_argument("--citations-file", help="a file listing citations (UTF-8)")
        p.add_argument("--query", help="add every paragraph this query finds")
        p.add_argument("--symbol", help="with --query: only this report")
        if name == "add":
            p.add_argument("--at", type=position, help="insert at this position (1 = first)")
    p = actions.add_parser("remove", help="remove paragraphs from a set")
    p.add_argument("name")
    p.add_argument("citations", nargs="+")
    p.add_argument("--lang", help="language version (needed if a report is in several)")
    p = actions.add_parser("move", help="move one paragraph to another position")
    p.add_argument("name")
    p.add_argument("citation")
    p.add_argument("--lang", help="language version (needed if a report is in several)")
    p.add_argument("--to", type=position, required=True, help="new position (1 = first)")
    p = actions.add_parser("delete", help="delete a set")
    p.add_argument("name")
    sets.set_defaults(func=cmd_sets)
