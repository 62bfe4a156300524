"""The `fiqra` command: ingest, search, read and serve from a terminal.

`--json` output is a contract other tools rely on (see README); without it the output is
for a person: wrapped, with Arabic lines isolated right-to-left so a bidi-aware terminal
shows them in order, and matched words in bold.
"""

from __future__ import annotations

import argparse
import difflib
import html
import json
import os
import re
import shutil
import sqlite3
import sys
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, NoReturn

from api.cli_sets import add_commands as add_set_commands
from api.cli_sets import paragraphs
from corpus.model import ListItem, ParseError
from corpus.recommendations import is_recommendation
from corpus.symbols import estimated_date, symbol_session
from indexer.backend import Backend, hit_address
from indexer.backends import NoStore, default_data_dir, open_backend
from indexer.citation_graph import citation_graph, edges_csv
from indexer.facets import SORTS
from indexer.query import QueryError
from indexer.series import related

MAX_PARAGRAPH = 100_000  # no report has more; larger numbers are typing mistakes
MAX_OFFSET = 100_000
_RTL_RE = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def bounded(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: an integer from `low` to `high`, refused with a message otherwise."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is not between {low} and {high}")
        return value

    return parse


class CliError(Exception):
    """A usage error worth one clear line on stderr and exit status 2."""


def _tty() -> bool:
    return sys.stdout.isatty()


def show(text: str, *, indent: str = "") -> str:
    """Wrap `text` for the terminal, isolating right-to-left lines on a tty."""
    width = max(40, shutil.get_terminal_size((100, 20)).columns - len(indent))
    lines = []
    for raw in text.splitlines() or [""]:
        for line in textwrap.wrap(raw, width) or [""]:
            if _tty() and _RTL_RE.search(line):
                line = f"\u2067{line}\u2069"
            lines.append(indent + line)
    return "\n".join(lines)


def _plain_snippet(snippet: str) -> str:
    bold, reset = ("\033[1m", "\033[0m") if _tty() else ("", "")
    return html.unescape(snippet.replace("<mark>", bold).replace("</mark>", reset))


def _emit_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


# -- commands -----------------------------------------------------------------


def cmd_ingest(backend: Backend, args: argparse.Namespace) -> int:
    from indexer.ingest import ingest_paths

    def progress(i: int, n: int, path: Path) -> None:
        if n > 1:
            print(f"[{i}/{n}] {path}", file=sys.stderr)

    done, failed = ingest_paths(
        backend,
        [Path(p) for p in args.files],
        symbol=args.symbol,
        lang=args.lang,
        progress=progress,
        workers=args.workers,
    )
    for o in done:
        if rows := o.found.get("recommendation_list"):
            print(f"{o.status:9} thematic list of {o.symbol}: {rows['rows']} recommendations,"
                  f" {rows['attached']} attached to the report's")
            continue
        print(f"{o.status:9} {o.symbol} [{o.lang}] {paragraphs(o.paragraphs)}")
        if found := o.found:
            print(
                f"  paragraphs found {found['paragraphs']} of {found['expected']} expected"
                f" (numbered {found['first']}–{found['last']}), {found['sections']} sections,"
                f" {found['footnotes']} footnotes ({found['footnotes_with_text']} with text),"
                f" blocks: {', '.join(f'{k} {n}' for k, n in found['blocks'].items()) or 'none'}"
            )
            for key in ("gaps", "duplicates", "unplaced_blocks"):
                if found[key]:
                    print(f"  warning: {key.replace('_', ' ')}: {found[key]}")
            for flag in found.get("flags", []):
                print(f"  PROBABLY MISREAD: {flag}")
        for w in o.warnings:
            print(f"  warning: {w}")
    for f in failed:
        error = f.error if f.error.startswith(str(f.path)) else f"{f.path}: {f.error}"
        print(f"error: {error}", file=sys.stderr)
    return 1 if failed else 0


def cmd_search(backend: Backend, args: argparse.Namespace) -> int:
    results = backend.search(
        args.query,
        lang=args.lang,
        symbol=args.symbol,
        limit=args.limit,
        offset=args.offset,
        explain=args.explain,
        include_blocks=args.blocks,
        sort=args.sort,
    )
    if args.json:
        hits = []
        for h in results.hits:
            hit = asdict(h)
            if not args.explain:
                hit.pop("explain")
            hits.append(hit)
        out: dict[str, Any] = {"total": results.total, "total_capped": results.total_capped,
                               "hits": hits}
        if results.notice:
            out["notice"] = results.notice
        _emit_json(out)
        return 0
    if results.notice:
        print(results.notice)
    if results.total_capped:
        print(f"{results.total:,}+ paragraphs match")
    else:
        print(f"{paragraphs(results.total)} {'matches' if results.total == 1 else 'match'}")
    for h in results.hits:
        where = f"para. {hit_address(h)}" if h.paragraph is not None else "(unnumbered)"
        print(f"\n{h.symbol} [{h.lang}] {where}  score {h.score:.3f}")
        for name, values in (h.tags or {}).items():
            print(show(f"{name}: {', '.join(values)}", indent="  "))
        if h.section:
            print(show(" › ".join(h.section), indent="  "))
        print(show(_plain_snippet(h.snippet), indent="  "))
        for e in h.explain or []:
            matched = ", ".join(f"{m['text']} ({'/'.join(m['why'])})" for m in e["matched"])
            if "score" in e:
                where = "" if e["field"] == "text" else f" in {e['field']}"
                kind = "" if e["clause"] == "word" else f"{e['clause']} "
                share = f"[{kind}+{e['score']:.3f}{where}]"
                matched = f"{matched}  {share}" if matched else share
            print(show(f"{e['word']}: {matched or 'no match here'}", indent="    "))
    return 0


def _report_json(backend: Backend, symbol: str, lang: str | None) -> dict[str, Any]:
    report = backend.get_report(symbol, lang)
    if report is None:
        raise CliError(f"no report {symbol}{' in ' + lang if lang else ''} in the corpus")
    return report.to_dict()


def cmd_report(backend: Backend, args: argparse.Namespace) -> int:
    data = _report_json(backend, args.symbol, args.lang)
    data["related"] = asdict(related(backend.list_reports(), data["symbol"]))
    if args.json:
        _emit_json(data)
        return 0
    print(f"{data['symbol']} [{data['lang']}]")
    print(show(data["title"]))
    meta = data["metadata"]
    if date := meta.get("date"):
        print(f"date: {date}")
    elif estimated := estimated_date(data["symbol"]):
        print(f"date: about {estimated} (from the symbol)")
    session = meta.get("session")
    if session or (session := symbol_session(data["symbol"])):
        print(show(f"session: {session}"))
    for key in ("agenda_item", "mandate", "rapporteur"):
        if meta.get(key):
            print(show(f"{key.replace('_', ' ')}: {meta[key]}"))

    def walk(sections: list[dict[str, Any]], depth: int) -> None:
        for s in sections:
            span = f"{s['first']}–{s['last']}" if s["first"] is not None else "–"
            print(show(f"{s['label']} {s['title']}  ({span})", indent="  " * depth))
            walk(s["children"], depth + 1)

    walk(data["sections"], 1)
    for p in data["paragraphs"]:
        if recs := [i for i in p["items"] if is_recommendation(ListItem(**i))]:
            tagged = sum(1 for i in recs if i["position"])
            print(f"recommendations: para. {p['number']}: {len(recs)}"
                  f" ({recs[0]['label']}–{recs[-1]['label']}), {tagged} with a position")
    for key in ("base", "predecessor", "successor"):
        if data["related"][key]:
            print(f"{key}: {data['related'][key]}")
    if data["related"]["addenda"]:
        print(f"addenda: {', '.join(data['related']['addenda'])}")
    if args.paragraphs:
        for p in data["paragraphs"]:
            print(f"\n{p['number']}.")
            print(show(p["text"], indent="  "))
    return 0


def cmd_paragraph(backend: Backend, args: argparse.Namespace) -> int:
    langs = args.lang.split(",") if args.lang else backend.languages(args.symbol)
    if not langs:
        raise CliError(f"no report {args.symbol} in the corpus")
    found = {}
    for lang in langs:
        p = backend.get_paragraph(args.symbol, lang, args.number)
        if p is not None:
            found[lang] = asdict(p)
    if not found:
        raise CliError(f"{args.symbol} has no paragraph {args.number} in {', '.join(langs)}")
    if missing := [lang for lang in langs if lang not in found]:
        print(f"note: no {', '.join(missing)} version of {args.symbol}, para. {args.number}",
              file=sys.stderr)
    if args.json:
        _emit_json({"symbol": args.symbol, "paragraph": args.number, "versions": found})
        return 0
    for lang, p in found.items():
        print(f"[{lang}] {args.symbol}, para. {args.number}")
        print(show(p["text"], indent="  "))
    return 0


def cmd_citations(backend: Backend, args: argparse.Namespace) -> int:
    outgoing, incoming = backend.citations(args.symbol, args.paragraph)
    if not (outgoing or incoming or backend.languages(args.symbol)):
        raise CliError(f"{args.symbol} is not in the corpus, and nothing in it cites it")

    if args.json:
        _emit_json(
            {
                "symbol": args.symbol,
                "outgoing": [asdict(c) for c in outgoing],
                "incoming": [asdict(c) for c in incoming],
            }
        )
        return 0
    for title, cites in (("cites", outgoing), ("cited by", incoming)):
        print(f"{title} ({len(cites)}):")
        for c in cites:
            pins = set(c.target_paragraphs)
            pin = f" {'para.' if len(pins) == 1 else 'paras.'} {_ranges(pins)}" if pins else ""
            mark = "" if c.resolved else "  (not in corpus)"
            where = f"para. {c.paragraph}" if c.paragraph is not None else "(unnumbered)"
            print(f"  {c.symbol} [{c.lang}] {where} -> {c.target}{pin}{mark}")
    return 0


def _ranges(numbers: Sequence[int]) -> str:
    """`8, 9, 10, 12` -> `8–10, 12`: pinpoints as staff write them."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(f"{a}–{b}" if b > a else str(a) for a, b in runs)


def cmd_graph(backend: Backend, args: argparse.Namespace) -> int:
    graph = citation_graph(backend.all_citations(args.symbols or None))
    if args.format == "csv":
        sys.stdout.write(edges_csv(graph))
    else:
        _emit_json(graph)
    return 0


def cmd_serve(backend: Backend, args: argparse.Namespace) -> int:
    import uvicorn

    from api.access import Access
    from api.app import SERVED_DATA, SERVED_HOST, create_app
    from indexer.sets import SetStore

    access = Access.for_server(args.host)  # AccessError (exit 2): no token beyond loopback
    if access.allowed_hosts is not None:
        print(f"answering to host names: {', '.join(sorted(access.allowed_hosts))}"
              " (FIQRA_ALLOWED_HOSTS adds more)", file=sys.stderr)
    if args.workers > 1:
        # Worker processes each open the corpus themselves (api.app.served_app).
        os.environ[SERVED_DATA] = str(args.data or default_data_dir())
        os.environ[SERVED_HOST] = args.host
        backend.close()
        uvicorn.run("api.app:served_app", factory=True, workers=args.workers,
                    host=args.host, port=args.port, log_level="info")
        return 0
    sets = SetStore.in_data_dir(args.data or default_data_dir())
    uvicorn.run(create_app(backend, sets, access), host=args.host, port=args.port,
                log_level="info")
    return 0


def cmd_reindex(backend: Backend, args: argparse.Namespace) -> int:
    from indexer.sqlite_backend import SQLiteBackend

    if isinstance(backend, SQLiteBackend):
        outcome: object = backend.reindex()
    else:
        from indexer.cluster_backend import ClusterBackend, reindex

        assert isinstance(backend, ClusterBackend)
        outcome = asdict(reindex(backend))
    print(json.dumps(outcome, ensure_ascii=False))
    return 0


Command = Callable[[Backend, argparse.Namespace], int]

QUERY_LANGUAGE = """query language:
  خطوط المساعدة                 ranked words: most of them first, one rare word still shows
  "المواد الإباحية"             exact phrase (no stemming or synonyms)
  الاغواء AND الانترنت          both; also OR, NOT (Latin capitals; و/أو/ليس are words)
  تكنولوج*                      prefix
  =البنات                       this exact word, no expansion
  symbol:A/HRC/28/56 lang:ar year:2014 session:A/HRC/28 section:توصيات
                                filters (quote a value with spaces: section:"…")
  state:France state:Spain position:supported
                                recommendations; one filter twice: either value
  A/69/262 para. 9, HRC res. 7/13
                                a citation: those paragraphs, or the paragraphs citing it
examples:
  fiqra search "خطوط المساعدة"
  fiqra search "الأطفال year:2014" --sort document --limit 20"""


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Each option's default after its help (when it has one worth saying); epilogs (the
    query language) kept as laid out."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        default = action.default
        if default is not None and default is not False and default != argparse.SUPPRESS \
                and "default" not in text:
            text += " (default: %(default)s)"
        return text


class Parser(argparse.ArgumentParser):
    """argparse, suggesting the command meant when one is mistyped (`serch` -> search)."""

    def error(self, message: str) -> NoReturn:
        if m := re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message):
            close = difflib.get_close_matches(m[1], re.findall(r"'([^']*)'", m[2]), n=1)
            if close:
                message += f"; did you mean {close[0]!r}?"
        super().error(message)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="fiqra", description="Paragraph search over UN special rapporteurs' reports.",
        formatter_class=HelpFormatter,
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        help=f"data directory (default: $FIQRA_DATA or {default_data_dir()})",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="parse and index report files or folders")
    p.add_argument("files", nargs="+")
    p.add_argument("--symbol", help="document symbol, e.g. A/HRC/28/56")
    p.add_argument("--lang", help="language code: ar, en, fr, es, ru, zh")
    p.add_argument("--workers", type=bounded(1, 64), default=os.cpu_count() or 1,
                   help="processes that read and analyze the files of a folder while this"
                        " one writes (default: one per core)")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("search", help="search paragraphs", epilog=QUERY_LANGUAGE,
                       description="Search the paragraphs of the corpus (query language below).")
    p.add_argument("query", help="words, phrases, operators, filters or a citation")
    p.add_argument("--lang", help="only this language: ar, en, fr, es, ru, zh")
    p.add_argument("--symbol", help="only this report, e.g. A/HRC/28/56")
    p.add_argument("--limit", type=bounded(1, 1000), default=10, help="hits to print")
    p.add_argument("--offset", type=bounded(0, MAX_OFFSET), default=0,
                   help="hits to skip (the next page: --offset 10)")
    p.add_argument("--sort", choices=SORTS, default="relevance",
                   help="relevance, date (newest report first) or document order")
    p.add_argument("--explain", action="store_true", help="say why each hit matched")
    p.add_argument("--blocks", action="store_true", help="include unnumbered text")
    p.add_argument("--json", action="store_true", help="JSON (see README)")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("report", help="a report's structure (and paragraphs)")
    p.add_argument("symbol")
    p.add_argument("--lang")
    p.add_argument("--paragraphs", action="store_true", help="print every paragraph too")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("paragraph", help="one paragraph, in one or several languages")
    p.add_argument("symbol")
    p.add_argument("number", type=bounded(1, MAX_PARAGRAPH))
    p.add_argument("--lang", help="comma-separated languages, e.g. ar,en")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_paragraph)

    p = sub.add_parser("citations", help="what a report (paragraph) cites and what cites it")
    p.add_argument("symbol")
    p.add_argument("--paragraph", type=bounded(1, MAX_PARAGRAPH))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_citations)

    p = sub.add_parser("graph", help="the citation graph of some reports, or of the corpus")
    p.add_argument("symbols", nargs="*", help="citing reports (default: all)")
    p.add_argument("--format", choices=("json", "csv"), default="json",
                   help="JSON nodes and edges, or a CSV edge list")
    p.set_defaults(func=cmd_graph)

    p = sub.add_parser("serve", help="serve the API and web page")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on")
    p.add_argument("--port", type=bounded(1, 65535), default=8000, help="port to listen on")
    p.add_argument("--workers", type=bounded(1, 64), default=os.cpu_count() or 1,
                   help="server processes (default: one per core)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser(
        "reindex", help="rebuild the index from the stored reports (cluster: behind its alias)"
    )
    p.set_defaults(func=cmd_reindex)

    add_set_commands(sub)
    _accept_data_anywhere(parser)
    return parser


def _accept_data_anywhere(parser: argparse.ArgumentParser) -> None:
    """`fiqra search Q --data DIR` works as well as `fiqra --data DIR search Q`; option
    names are never abbreviated."""
    parser.allow_abbrev = False  # `--citations` must not silently mean `--citations-file`
    parser.formatter_class = HelpFormatter
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                command.add_argument("--data", type=Path, default=argparse.SUPPRESS,
                                     help=argparse.SUPPRESS)
                _accept_data_anywhere(command)


def _busy(exc: sqlite3.OperationalError) -> bool:
    """Whether SQLite gave up waiting for another writer (not a damaged or foreign file)."""
    return "locked" in str(exc) or "busy" in str(exc)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    backend: Backend | None = None
    try:
        backend = open_backend(args.data, create=args.func is cmd_ingest)
        return args.func(backend, args)
    except (CliError, QueryError, ParseError, ValueError, NoStore) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `fiqra … | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except sqlite3.OperationalError as exc:
        if not _busy(exc):
            print(f"error: the data directory does not hold a fiqra store: {exc}",
                  file=sys.stderr)
            return 2
        print(f"error: the store in {args.data or default_data_dir()} is busy: another fiqra"
              " is writing it (a reindex or an ingest); try again when it has finished",
              file=sys.stderr)
        return 2
    except sqlite3.DatabaseError as exc:
        print(f"error: the data directory does not hold a fiqra store: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    finally:
        if backend is not None:
            backend.close()


if __name__ == "__main__":
    sys.exit(main())
