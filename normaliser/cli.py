"""The command line (click): the only module that prints or exits.

Exit codes: 0 every record converted; 1 some records rejected; 2 usage error or unreadable
input; 3 output could not be written (a full disk or any system error writing an output, with the
system's reason; or a worker process died); 70 a bug (with a line asking to
report it: a traceback, or, in a conversion that went on, records set aside as internal errors);
130 interrupted (Ctrl-C); 143 terminated (SIGTERM).
"""

from __future__ import annotations

import re
import signal
import sys
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

import click

from . import api, batch, formats, vocab
from .errors import (
    BrokenInstallation,
    InvalidInput,
    InvalidOutput,
    NormaliserError,
    UsageError,
    WorkerFailed,
)
from .record import Deletion, Record, Reject, Term, Text

EXIT_OK, EXIT_REJECTS, EXIT_USAGE, EXIT_OUTPUT, EXIT_BUG, EXIT_INTERRUPTED = 0, 1, 2, 3, 70, 130
EXIT_TERMINATED = 143
REPORT_BUG = "this is a bug in normaliser; please report it with the input that caused it"

FORMAT_NAMES = sorted(formats.FORMATS)
READABLE = formats.readable()
WRITABLE = formats.writable()

_F = TypeVar("_F", bound=Callable[..., Any])


def _target_options(to: str, given: dict[str, Any], quiet: bool) -> dict[str, Any]:
    """The writer options given on the command line for ``--to``'s format. One given that
    this format does not take is not passed on, and said (unless ``quiet``), naming the
    formats that take it: ``--no-fidelity-line --to jats`` changes nothing, and was silent."""
    declared = {option.name for option in formats.get(to).options}
    for option in formats.options():
        value = given.get(option.name)
        if value is None or option.name in declared or quiet:
            continue
        takers = ", ".join(f.name for f in formats.FORMATS.values() if option in f.options)
        flag = option.flag if value is not False else option.negative_flag
        _error(f"{flag} is an option of --to {takers}, not of --to {to}: ignored")
    return {name: given[name] for name in declared if given.get(name) is not None}


def _format_options(command: _F) -> _F:
    """The writer options every format declares (``formats.Option``), as options of ``convert``:
    ``jats_version`` is ``--jats-version``, a bool ``validate`` is ``--validate/--no-validate``.
    Each defaults to None: only the options given reach the writer, whose defaults apply."""
    for option in reversed(formats.options()):
        shown = option.default
        if option.type is bool:
            negative = option.negative_flag
            decls = [f"{option.flag}/{negative}", option.name]
            kind: Any = None
            shown = option.flag if option.default else negative
        else:
            decls = [option.flag, option.name]
            kind = click.Choice(option.choices) if option.choices else str
        text = option.help if option.terminal is not None else f"{option.help} [default: {shown}]"
        command = click.option(*decls, type=kind, default=None, help=text)(command)
    return command


#: ``--strict``, as convert and merge share it.
_strict_option = click.option(
    "--strict", is_flag=True, help="Unknown source fields are an error instead of extras."
)


#: The options the commands share, said once.
_from_option = click.option(
    "--from", "from_", type=click.Choice(READABLE), help="Input format (sniffed when left out)."
)
_to_option = click.option(
    "--to", "to", type=click.Choice(WRITABLE), required=True, help="Output format."
)
_output_option = click.option(
    "-o", "--output", default=None, help="Output file ('-' or none: standard output)."
)
_rejects_option = click.option(
    "--rejects",
    default=None,
    help="Write rejected records here (JSON Lines, with their original text).",
)
_report_option = click.option("--report", default=None, help="Write the run's counts here as JSON.")
_fail_on_bug_option = click.option(
    "--fail-on-bug",
    is_flag=True,
    help="Stop with a traceback at the first internal error instead of setting the record aside.",
)
_quiet_option = click.option("-q", "--quiet", is_flag=True, help="No summary on standard error.")


def _jobs_option(help: str) -> Callable[[_F], _F]:
    """``--jobs``, as convert and merge share it (each says what its workers do)."""
    return click.option(
        "-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True, help=help
    )


def _script_option(help: str) -> Callable[[_F], _F]:
    """``--script``, as convert and merge share it (each says what it converts before)."""
    return click.option(
        "--script",
        type=click.Choice(["keep", "hans", "hant", "tw", "hk"]),
        default="keep",
        show_default=True,
        help=help,
    )


def _error(message: str) -> None:
    click.echo(f"normaliser: {message}", err=True)


class _Progress:
    """A one-line progress display on a terminal (never in logs): records read, written,
    rejected, records per second and, when the inputs are files, megabytes read of the total and
    the time left; redrawn at most four times a second."""

    def __init__(self) -> None:
        import time

        self.clock = time.monotonic
        self.started = self.shown = self.clock()
        #: On a cluster (``--dask``): partitions done and in all.
        self.partitions: tuple[int, int] | None = None

    def __call__(self, stats: batch.Stats) -> None:
        now = self.clock()
        if now - self.shown < 0.25 and self.partitions is None:
            return
        self.shown = now
        line = self.line(stats, now - self.started, self.partitions)
        click.echo("\r" + line + "\033[K", err=True, nl=False)

    @staticmethod
    def line(stats: batch.Stats, elapsed: float, partitions: tuple[int, int] | None = None) -> str:
        rate = stats.read / max(elapsed, 1e-9)
        text = f"{partitions[0]:,} of {partitions[1]:,} partitions, " if partitions else ""
        text += (
            f"{stats.read:,} read, {stats.written:,} written, {stats.rejected:,} rejected"
            f" — {rate:,.0f} records/s"
        )
        if stats.bytes_total:
            done = min(stats.bytes_read, stats.bytes_total)
            text += f" — {done / 1e6:,.1f} of {stats.bytes_total / 1e6:,.1f} MB"
            if done and elapsed:
                left = int((stats.bytes_total - done) * elapsed / done)
                text += f", ETA {left // 3600}:{left // 60 % 60:02d}:{left % 60:02d}"
        return text

    def done(self) -> None:
        click.echo("\r\033[K", err=True, nl=False)


def _reject_message(reject: Reject) -> str:
    where = f"{reject.source}: record {reject.record}" + (
        f" (line {reject.line})" if reject.line else ""
    )
    return f"{where}: {reject.error}"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="normaliser")
def main() -> None:
    """Normalise bilingual (Chinese/English) bibliographic records, and convert them between
    aggregator dumps, canonical JSON, JATS and Dublin Core."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@_from_option
@_to_option
@_output_option
@_rejects_option
@click.option(
    "--deletions",
    default=None,
    help="Write the records the source says are deleted (OAI-PMH) here (JSON Lines).",
)
@_report_option
@_strict_option
@_format_options
@_script_option(
    "Convert every Chinese text with OpenCC: hans (t2s), hant (s2t), tw (s2tw), hk (s2hk)."
)
@click.option(
    "--keep-original-script",
    is_flag=True,
    help="With --script: keep each original text beside its conversion.",
)
@click.option(
    "--script-all",
    is_flag=True,
    help="With --script tw or hk: also convert journal titles and names of bodies the source "
    "gave in Traditional characters (kept as written by default), and all Traditional text as "
    "s2tw/s2hk do (by default t2tw/t2hk, keeping 臺 or 台 as written).",
)
@_jobs_option(
    "Worker processes (0: one per CPU); the output is the same bytes whatever the number."
)
@_fail_on_bug_option
@click.option(
    "--overwrite",
    is_flag=True,
    help="With -o DIR/: replace files already there (else such a record is a reject).",
)
@click.option(
    "--dask",
    "dask_address",
    default=None,
    metavar="ADDRESS",
    help="Run on a Dask cluster: a scheduler's address (tcp://host:8786), or local:N to start N "
    "worker processes here. -o (and --rejects, --deletions) then name folders of parts; inputs "
    "and folders may be URLs (s3://, gs://, hdfs://, file://).",
)
@click.option(
    "--partition-size",
    default="64MB",
    show_default=True,
    help="With --dask: the input bytes of a partition (a bigger dump is cut into ranges).",
)
@click.option(
    "--resume",
    is_flag=True,
    help="With --dask: finish an interrupted run of the same command (its parts are kept).",
)
@_quiet_option
def convert(
    inputs: tuple[str, ...],
    from_: str | None,
    to: str,
    output: str | None,
    rejects: str | None,
    deletions: str | None,
    report: str | None,
    strict: bool,
    script: str,
    keep_original_script: bool,
    script_all: bool,
    jobs: int,
    fail_on_bug: bool,
    overwrite: bool,
    dask_address: str | None,
    partition_size: str,
    resume: bool,
    quiet: bool,
    **given: Any,
) -> None:
    """Convert every record of INPUTS ('-' is standard input) to another format.

    Records that cannot be read are reported (and written to --rejects) and the run goes on.
    """
    import json

    if keep_original_script and script == "keep":
        _error(
            "--keep-original-script needs --script (hans, hant, tw or hk): without a conversion "
            "there is no original to keep beside it"
        )
        sys.exit(EXIT_USAGE)
    try:
        batch.check_outputs(
            inputs,
            {"-o": output, "--rejects": rejects, "--deletions": deletions, "--report": report},
        )
    except UsageError as exc:
        _error(str(exc))
        sys.exit(EXIT_USAGE)
    # The target's own options, as given; one with a terminal default (JSON's indenting) takes
    # it when writing to a terminal.
    options = _target_options(to, given, quiet)
    terminal = output in (None, "-") and sys.stdout.isatty()
    for option in formats.get(to).options:
        if option.name not in options and option.terminal is not None and terminal:
            options[option.name] = option.terminal

    def unreadable(name: str, exc: NormaliserError) -> None:
        _error(str(exc))

    def rejected(reject: Reject) -> None:
        if not quiet:
            _error(_reject_message(reject))

    if resume and dask_address is None:
        _error("--resume goes with --dask (a local run writes whole files or nothing)")
        sys.exit(EXIT_USAGE)
    if dask_address is not None:
        if output in (None, "-"):
            _error(
                "--dask needs -o FOLDER/ (a path or URL): each partition of the run writes its "
                "own part there"
            )
            sys.exit(EXIT_USAGE)
        if jobs != 1:
            _error("--dask and --jobs do not go together: the cluster's workers do the work")
            sys.exit(EXIT_USAGE)
    transform = api.script_transform(script, keep_original_script, script_all)
    progress = _Progress() if sys.stderr.isatty() and not quiet else None
    partitions: int | None = None
    try:
        if dask_address is not None:
            assert output is not None
            stats, partitions = _on_dask(
                dask_address,
                list(inputs),
                to,
                from_=from_,
                output=output,
                rejects=rejects,
                deletions=deletions,
                strict=strict,
                transform=transform,
                fail_on_bug=fail_on_bug,
                overwrite=overwrite,
                resume=resume,
                partition_size=partition_size,
                quiet=quiet,
                progress=progress,
                options=options,
            )
        else:
            stats = batch.run(
                list(inputs),
                to,
                from_=from_,
                output=output,
                rejects=rejects,
                deletions=deletions,
                strict=strict,
                jobs=jobs,
                transform=transform,
                fail_on_bug=fail_on_bug,
                overwrite=overwrite,
                on_unreadable=unreadable,
                on_reject=rejected,
                on_progress=progress,
                **options,
            )
    except (InvalidOutput, WorkerFailed) as exc:
        _error(str(exc))
        sys.exit(EXIT_OUTPUT)
    except (UsageError, BrokenInstallation, InvalidInput) as exc:
        _error(str(exc))
        sys.exit(EXIT_USAGE)
    except BrokenPipeError:
        sys.exit(EXIT_OK)
    finally:
        if progress is not None:
            progress.done()
    summary = stats.as_dict()
    if partitions is not None:
        summary["partitions"] = partitions
    if report:
        text = json.dumps(summary, ensure_ascii=False, indent=2) + "\n"
        try:
            if "://" in report:
                from . import dask as on_dask  # fsspec: loaded only for a report at a URL

                on_dask.write_text(report, text)
            else:
                batch.remove_stale([report])
                with batch.atomic_output(report) as fh:
                    fh.write(text)
        except (OSError, InvalidOutput) as exc:
            _error(f"{report}: the report could not be written ({exc})")
            sys.exit(EXIT_OUTPUT)
    if not quiet:
        warnings = ", ".join(f"{k} {v}" for k, v in summary["warnings_by_kind"].items())
        rate = summary["records_per_second"]
        _error(
            f"read {stats.read}, written {stats.written}, rejected {stats.rejected}"
            + (f", deleted {stats.deleted}" if stats.deleted else "")
            + (
                f" ({', '.join(f'{k}: {v}' for k, v in summary['rejected_by_reason'].items())})"
                if stats.rejected
                else ""
            )
            + (f"; warnings: {warnings}" if warnings else "")
            + (f"; {rate:.0f} records/s" if rate else "")
        )
    if stats.bugs:
        if stats.first_bug and not quiet:
            click.echo(stats.first_bug.rstrip(), err=True)
        _error(
            f"{stats.bugs} internal error{'s' if stats.bugs > 1 else ''} (the first traceback "
            f"above; a record it hit is in the rejects with its text, an input it hit was "
            f"not read past that point): {REPORT_BUG}"
        )
        sys.exit(EXIT_BUG)
    if stats.unreadable:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_REJECTS if stats.rejected else EXIT_OK)


def _on_dask(
    address: str,
    inputs: list[str],
    to: str,
    *,
    output: str,
    rejects: str | None,
    deletions: str | None,
    progress: _Progress | None,
    partition_size: str,
    quiet: bool,
    options: dict[str, Any],
    **keywords: Any,
) -> tuple[batch.Stats, int]:
    """``convert --dask``: the run on a cluster (``normaliser.dask``, imported only here), its
    rejects and unreadable inputs said as each partition comes back, the progress line counting
    partitions and records done across the cluster."""
    from . import dask as on_dask

    size = on_dask.parse_size(partition_size)

    def on_partition(result: dict[str, Any], done: Any) -> None:
        for message in result["unreadable"]:
            _error(message)
        if not quiet:
            for message in result["rejects"]:
                _error(message)
            if result["unshown"]:
                _error(
                    f"{on_dask.part_name(result['part'])}: {result['unshown']} more rejects "
                    "(in its rejects file)"
                )
        if progress is not None:
            progress.partitions = (done.done, done.total)
            progress(done.stats)

    with on_dask.connect(address) as client:
        return on_dask.run_urls(
            inputs,
            to=to,
            out_dir=output,
            rejects_dir=rejects,
            deletions_dir=deletions,
            client=client,
            partition_size=size,
            describe=_reject_message,
            on_partition=on_partition,
            **keywords,
            **options,
        )


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@_from_option
@_to_option
@_output_option
@_rejects_option
@_report_option
@click.option(
    "--pairs",
    default=None,
    help="Write every group of several records here (JSON Lines: group, members with input "
    "and position, why they matched), for review.",
)
@click.option(
    "--prefer",
    default=None,
    metavar="SOURCE,...",
    help="Sources whose values win a conflict, first first: formats (jats, crossref), "
    "platforms (CNKI) or input file names.",
)
@click.option("--dry-run", is_flag=True, help="Group and report only: write no records.")
@_strict_option
@_format_options
@_script_option("Convert every Chinese text with OpenCC before merging (as convert does).")
@_jobs_option("Worker processes reading the inputs (0: one per CPU).")
@_fail_on_bug_option
@_quiet_option
def merge(
    inputs: tuple[str, ...],
    from_: str | None,
    to: str,
    output: str | None,
    rejects: str | None,
    report: str | None,
    pairs: str | None,
    prefer: str | None,
    dry_run: bool,
    strict: bool,
    script: str,
    jobs: int,
    fail_on_bug: bool,
    quiet: bool,
    **given: Any,
) -> None:
    """Merge the records of INPUTS that describe the same work into one record each.

    Records are matched by DOI; PMID, PMCID, CNKI or arXiv id; ISSN or journal title with
    year, volume and first page; or first author, year and a similar title in one language.
    See README "Merging records".
    """
    import json

    from . import merge as merging

    try:
        batch.check_outputs(
            inputs,
            {"-o": output, "--rejects": rejects, "--report": report, "--pairs": pairs},
        )
        preferred = merging.parse_prefer(prefer)
    except UsageError as exc:
        _error(str(exc))
        sys.exit(EXIT_USAGE)
    options = _target_options(to, given, quiet)

    def unreadable(name: str, exc: NormaliserError) -> None:
        _error(str(exc))

    def rejected(reject: Reject) -> None:
        if not quiet:
            _error(_reject_message(reject))

    try:
        stats = merging.run(
            list(inputs),
            to,
            from_=from_,
            output=None if dry_run else output,
            rejects=rejects,
            pairs=pairs,
            prefer=preferred,
            dry_run=dry_run,
            strict=strict,
            jobs=jobs,
            transform=api.script_transform(script),
            fail_on_bug=fail_on_bug,
            on_unreadable=unreadable,
            on_reject=rejected,
            **options,
        )
    except (InvalidOutput, WorkerFailed) as exc:
        _error(str(exc))
        sys.exit(EXIT_OUTPUT)
    except (UsageError, BrokenInstallation) as exc:
        _error(str(exc))
        sys.exit(EXIT_USAGE)
    except BrokenPipeError:
        sys.exit(EXIT_OK)
    if report:
        batch.remove_stale([report])
        try:
            with batch.atomic_output(report) as fh:
                json.dump(stats.as_dict(), fh, ensure_ascii=False, indent=2)
                fh.write("\n")
        except (OSError, InvalidOutput) as exc:
            _error(f"{report}: the report could not be written ({exc})")
            sys.exit(EXIT_OUTPUT)
    if not quiet:
        _error(stats.summary())
    if stats.bugs:
        if stats.first_bug and not quiet:
            click.echo(stats.first_bug.rstrip(), err=True)
        _error(f"{stats.bugs} internal error{'s' if stats.bugs > 1 else ''}: {REPORT_BUG}")
        sys.exit(EXIT_BUG)
    if stats.unreadable:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_REJECTS if stats.rejected or stats.refused else EXIT_OK)


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option(
    "--format", "format_", type=click.Choice(READABLE), help="Format (sniffed when left out)."
)
def validate(files: tuple[str, ...], format_: str | None) -> None:
    """Read every record of FILES and report each one that cannot be read."""
    bad = unreadable = 0
    for name in files:
        count = 0
        try:
            fmt = formats.get(format_) if format_ else _sniff(name)
            if fmt.validates:
                public, errors, note = fmt.validate(_bytes(name), name)
                if note is not None:
                    _error(f"{name}: {note}")
                for error in errors:
                    _error(f"{name}: {error}")
                bad += bool(errors)
                if not errors:
                    click.echo(f"{name}: valid against {public}")
            for item in api.read(name, format_, errors="yield"):
                count += 1
                if isinstance(item, Reject):
                    bad += 1
                    _error(_reject_message(item))
        except (InvalidInput, UsageError, BrokenInstallation) as exc:
            unreadable += 1
            _error(str(exc))
            continue
        click.echo(f"{name}: {count} records read")
    if unreadable:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_REJECTS if bad else EXIT_OK)


def _bytes(name: str) -> bytes:
    try:
        with open(name, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise InvalidInput(f"{name}: cannot be read ({exc.strerror})") from None


def _sniff(name: str) -> formats.Format:
    from .sources import open_source

    with open_source(name) as src:
        return formats.sniff(src.head_text(), src.name)


@main.command("formats")
def list_formats() -> None:
    """List the formats normaliser can read and write."""
    for name in FORMAT_NAMES:
        fmt = formats.FORMATS[name]
        can = ", ".join(w for w, on in (("read", fmt.reads), ("write", fmt.writes)) if on)
        click.echo(f"{name:<12} {can:<12} {fmt.description}")


def _width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _wrap(text: str, width: int) -> list[str]:
    """Wrap at spaces, and anywhere between CJK characters, to ``width`` columns."""
    lines: list[str] = []
    line, used = "", 0
    for token in re.findall(r"\S+\s*|\s+", text):
        pieces = [token] if _width(token) <= width else list(token)
        for piece in pieces:
            size = _width(piece)
            if used + size > width and line.strip():
                lines.append(line.rstrip())
                line, used = "", 0
                piece = piece.lstrip()
                size = _width(piece)
            line += piece
            used += size
    lines.append(line.rstrip())
    return lines


def _vocab_label(vocabulary: str, code: str) -> str:
    """English and Chinese label side by side: "Title 题名"."""
    en = vocab.label(vocabulary, code, "en") or code
    zh = vocab.label(vocabulary, code, "zh_Hans") or ""
    return f"{en} {zh}".strip()


def _label(code: str) -> str:
    return _vocab_label("label", code)


def _by_lang(texts: tuple[Text, ...]) -> str:
    return "\n".join(
        f"[{t.lang}{'' if t.variant == 'original' else ', ' + t.variant}] {t.value}" for t in texts
    )


def _term(term: Term) -> str:
    from .fields import term_label  # marshmallow: not loaded for commands that show nothing

    if term.code:
        labels = vocab.labels(term.vocabulary, term.code)
        return " / ".join(dict.fromkeys(labels.values())) or term.code
    return term_label(term)


def _show_context(record: Record) -> list[tuple[str, str]]:
    """The degree, its grantors, the conference and the publisher of a record, for ``show``."""
    rows: list[tuple[str, str]] = []
    degree = record.degree
    if degree is not None and degree.level is not None:
        rows.append((_label("degree"), _term(degree.level)))
    if degree is not None and degree.grantors:
        rows.append((_label("degree-grantor"), _by_lang(degree.grantors)))
    conference = record.conference
    if conference is not None:
        parts = [_by_lang(conference.names)] if conference.names else []
        parts += [_by_lang(conference.places)] if conference.places else []
        parts += [conference.date.iso()] if conference.date else []
        rows.append((_label("conference"), "\n".join(parts)))
    publisher = record.publisher
    if publisher is not None and publisher.names:
        rows.append((_label("publisher"), _by_lang(publisher.names)))
    if publisher is not None and publisher.places:
        rows.append((_label("publisher-place"), _by_lang(publisher.places)))
    return rows


def _show(record: Record) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    if record.titles:
        rows.append((_label("title"), _by_lang(record.titles)))
    # Each role under its own heading, in the order the record first names it.
    for role in dict.fromkeys(c.role for c in record.contributors):
        people = [c for c in record.contributors if c.role == role]
        rows.append(
            (
                _vocab_label("role", role),
                "; ".join(" = ".join(n.display for n in c.names) for c in people),
            )
        )
    if record.affiliations:
        rows.append((_label("affiliations"), _by_lang(record.affiliations)))
    if record.journal and record.journal.titles:
        rows.append((_label("journal"), _by_lang(record.journal.titles)))
    for code, value in (
        ("volume", record.volume),
        ("issue", record.issue),
        ("elocation-id", record.elocation_id),
    ):
        if value:
            rows.append((_label(code), value))
    if record.fpage or record.page_range:
        rows.append(
            (
                _label("pages"),
                record.page_range or "-".join(p for p in (record.fpage, record.lpage) if p),
            )
        )
    if record.page_count:
        rows.append((_label("page-count"), record.page_count))
    if record.edition:
        rows.append((_label("edition"), record.edition))
    if record.series:
        rows.append((_label("series"), _by_lang(record.series)))
    rows.extend(_show_context(record))
    if record.dates:
        rows.append(
            (
                _label("dates"),
                "; ".join(
                    f"{_vocab_label('date-kind', d.kind)} {d.date.iso()}" for d in record.dates
                ),
            )
        )
    if record.identifiers:
        rows.append(
            (
                _label("identifiers"),
                "; ".join(
                    f"{i.scheme} {i.value}"
                    + (f" (from {i.derived_from})" if i.derived_from else "")
                    for i in record.identifiers
                ),
            )
        )
    if record.publication_types:
        rows.append(
            (_label("publication-type"), "; ".join(_term(t) for t in record.publication_types))
        )
    for metric in record.metrics:
        label = _vocab_label("metric", metric.name)
        extra = f" ({_term(metric.category)})" if metric.category else ""
        rows.append(
            (label, metric.value + extra + (f" [{metric.source}]" if metric.source else ""))
        )
    if record.subjects:
        rows.append((_label("subjects"), "; ".join(_term(t) for t in record.subjects)))
    if record.keywords:
        rows.append((_label("keywords"), "; ".join(k.value for k in record.keywords)))
    for abstract in record.abstracts:
        rows.append((f"{_label('abstract')} [{abstract.lang}]", abstract.text))
    if record.journal:
        for description in record.journal.descriptions:
            rows.append((f"{_label('journal-description')} [{description.lang}]", description.text))
    if record.extras:
        rows.append((_label("extras"), "; ".join(f"{k}={v!r}" for k, v in record.extras.items())))
    if record.notes:
        rows.append(
            (_label("warnings"), "\n".join(f"{n.field}: {n.message}" for n in record.notes))
        )
    return rows


@main.command()
@click.argument("input_")
@_from_option
@click.option(
    "-n", "--record", "number", default=1, show_default=True, help="Which record to show."
)
def show(input_: str, from_: str | None, number: int) -> None:
    """Show one record of INPUT field by field, every language side by side."""
    import shutil

    items = (i for i in api.read(input_, from_, errors="yield") if not isinstance(i, Deletion))
    for index, item in enumerate(items, 1):
        if index < number:
            continue
        if isinstance(item, Reject):
            _error(_reject_message(item))
            sys.exit(EXIT_REJECTS)
        width = max(60, min(shutil.get_terminal_size().columns, 120))
        rows = _show(item)
        label_width = min(30, max(_width(label) for label, _ in rows) + 1)
        for label, value in rows:
            lines: list[str] = []
            for para in value.split("\n"):
                lines.extend(_wrap(para, width - label_width - 1))
            click.echo(_pad(label, label_width) + " " + lines[0])
            for line in lines[1:]:
                click.echo(" " * label_width + " " + line)
        return
    _error(f"{input_}: has no record {number}")
    sys.exit(EXIT_USAGE)


class Terminated(KeyboardInterrupt):
    """SIGTERM (what a job scheduler sends to stop a job): handled as Ctrl-C is, so that the
    temporary files are removed, but exit 143 (128 + 15), as a process killed by it."""


def _terminate(signum: int, frame: Any) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once: let the clean-up run
    raise Terminated


def run() -> None:
    """Entry point: every NormaliserError becomes a message and an exit code, never a traceback."""
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _terminate)
    try:
        main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except click.exceptions.Abort as exc:
        if isinstance(exc.__context__, KeyboardInterrupt):
            _interrupted(exc.__context__)
        _error("aborted")
        sys.exit(EXIT_USAGE)
    except (InvalidInput, UsageError) as exc:
        _error(str(exc))
        sys.exit(EXIT_USAGE)
    except InvalidOutput as exc:
        _error(str(exc))
        sys.exit(EXIT_OUTPUT)
    except NormaliserError as exc:
        _error(str(exc))
        sys.exit(EXIT_REJECTS)
    except KeyboardInterrupt as exc:
        _interrupted(exc)
    except Exception:
        traceback.print_exc()
        _error(REPORT_BUG)
        sys.exit(EXIT_BUG)


def _interrupted(exc: KeyboardInterrupt) -> None:
    what = "terminated (SIGTERM)" if isinstance(exc, Terminated) else "interrupted"
    _error(f"{what}; no partial output file was left (outputs appear only when complete)")
    sys.exit(EXIT_TERMINATED if isinstance(exc, Terminated) else EXIT_INTERRUPTED)
