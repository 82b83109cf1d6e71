"""argv → options → command function. Parsing and validation only; no AWS, no rendering.

Global options (--profile, --region, --endpoint-url, --debug, --no-color) are accepted both
before and after the subcommand, like the AWS CLI's: `@command` adds them to every command.
"""

import functools
import inspect
import sys
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, NoReturn, TypeVar

import typer

from sfnctl import __version__
from sfnctl.context import Context, GlobalOptions
from sfnctl.errors import Exit, SfnctlError

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="sfnctl",
    help="Inspect AWS Step Functions executions and Lambda durable executions.\n\n"
    "One command says what failed, why, and where; --json is exact enough to script against.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
maprun_app = typer.Typer(help="Distributed Map runs: list, show, update.", no_args_is_help=True)
app.add_typer(maprun_app, name="maprun")
durable_app = typer.Typer(
    help="Lambda durable executions: describe, history, list.", no_args_is_help=True
)
app.add_typer(durable_app, name="durable")

GLOBAL = "Global options"


class Status(StrEnum):
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    TIMED_OUT = "TIMED_OUT"
    ABORTED = "ABORTED"
    PENDING_REDRIVE = "PENDING_REDRIVE"


class RedriveFilter(StrEnum):
    REDRIVEN = "REDRIVEN"
    NOT_REDRIVEN = "NOT_REDRIVEN"


ProfileOpt = Annotated[
    str | None,
    typer.Option("--profile", help="AWS profile (default: AWS_PROFILE).", rich_help_panel=GLOBAL),
]
RegionOpt = Annotated[
    str | None,
    typer.Option("--region", help="AWS region (default: AWS_REGION).", rich_help_panel=GLOBAL),
]
EndpointOpt = Annotated[
    str | None,
    typer.Option(
        "--endpoint-url",
        help="Service endpoint, e.g. a local emulator (default: AWS_ENDPOINT_URL).",
        rich_help_panel=GLOBAL,
    ),
]
DebugOpt = Annotated[
    bool,
    typer.Option(
        "--debug", help="botocore's log on stderr (secrets redacted).", rich_help_panel=GLOBAL
    ),
]
NoColorOpt = Annotated[
    bool, typer.Option("--no-color", help="No colour (also: NO_COLOR).", rich_help_panel=GLOBAL)
]
AsciiOpt = Annotated[
    bool,
    typer.Option(
        "--ascii",
        help="ASCII symbols and boxes only (automatic when the locale isn't UTF-8).",
        rich_help_panel=GLOBAL,
    ),
]
PagerOpt = Annotated[
    bool,
    typer.Option(
        "--pager",
        help="Show the output in a pager ($PAGER, else less) when stdout is a terminal.",
        rich_help_panel=GLOBAL,
    ),
]
MaxAttemptsOpt = Annotated[
    int | None,
    typer.Option(
        "--max-attempts",
        min=1,
        max=20,
        metavar="N",
        help="Tries per request, counting the first, on throttling, 5xx and network errors "
        "(default 5).",
        rich_help_panel=GLOBAL,
    ),
]
TimeoutOpt = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        min=0.1,
        max=900,
        metavar="SECONDS",
        help="Connect and read timeout of each try (default 8; with the default retries a dead "
        "or silent endpoint gives up within a minute).",
        rich_help_panel=GLOBAL,
    ),
]
JsonOpt = Annotated[
    bool, typer.Option("--json", help="Print the API's JSON on stdout and nothing else.")
]
_GLOBALS: dict[str, tuple[Any, Any]] = {
    "profile": (ProfileOpt, None),
    "region": (RegionOpt, None),
    "endpoint_url": (EndpointOpt, None),
    "debug": (DebugOpt, False),
    "no_color": (NoColorOpt, False),
    "ascii": (AsciiOpt, False),
    "pager": (PagerOpt, False),
    "max_attempts": (MaxAttemptsOpt, None),
    "timeout": (TimeoutOpt, None),
}


_CTX = "_typer_context"


def app_context(typer_ctx: typer.Context) -> Context:
    """The Context the root callback built (or a test passed as `obj`)."""
    obj = typer_ctx.find_root().obj
    if not isinstance(obj, Context):  # a command invoked without the root callback
        obj = typer_ctx.find_root().obj = Context()
    return obj


def command(group: typer.Typer, name: str | None = None, **kwargs: Any) -> Callable[[F], F]:
    """Register a command that also accepts the global options, and runs with error handling."""

    def decorate(fn: F) -> F:
        signature = inspect.signature(fn)
        extra = [
            inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=d, annotation=a)
            for n, (a, d) in _GLOBALS.items()
        ]
        context_param = inspect.Parameter(
            _CTX, inspect.Parameter.KEYWORD_ONLY, annotation=typer.Context
        )

        @functools.wraps(fn)
        def wrapper(*args: Any, **kw: Any) -> Any:
            ctx = app_context(kw.pop(_CTX))
            ctx.options = ctx.options.merge(GlobalOptions(**{n: kw.pop(n) for n in _GLOBALS}))
            apply_console_options(ctx)
            if ctx.options.pager and ctx.interactive:
                import os

                os.environ.setdefault("LESS", "-FRX")  # keep colour; quit if it fits
                with ctx.out.pager(styles=True):
                    return guarded(ctx, lambda: fn(ctx, *args, **kw))
            return guarded(ctx, lambda: fn(ctx, *args, **kw))

        params = list(signature.parameters.values())[1:]  # drop the command's `ctx: Context`
        wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
            parameters=[*params, context_param, *extra]
        )
        wrapper.__annotations__ = {
            **{k: v for k, v in fn.__annotations__.items() if k != "ctx"},
            _CTX: typer.Context,
            **{n: a for n, (a, _) in _GLOBALS.items()},
        }
        group.command(name, **kwargs)(wrapper)
        return fn

    return decorate


def apply_console_options(ctx: Context) -> None:
    """--no-color given after the subcommand: consoles built since the root callback learn it
    (consoles not built yet read ctx.options when they are)."""
    if ctx.options.no_color:
        for console in (ctx.console_out, ctx.console_err):
            if console is not None:
                console.no_color = True


def guarded(ctx: Context, body: Callable[[], Any]) -> Any:
    """Run a command body: SfnctlError → one line + hint + its exit code; never a traceback."""
    try:
        return body()
    except SfnctlError as error:
        print_error(ctx, error)
        raise typer.Exit(int(error.code)) from None
    except KeyboardInterrupt:
        ctx.err.print("Interrupted.", highlight=False)
        raise typer.Exit(int(Exit.INTERRUPTED)) from None
    except BrokenPipeError:
        _reader_went_away()
    except (typer.Exit, typer.Abort, typer.TyperException):
        raise
    except Exception as error:
        if ctx.options.debug:
            ctx.err.print_exception()
        message = f"unexpected error: {type(error).__name__}: {error}"
        print_error(ctx, SfnctlError(message, Exit.UNEXPECTED, "Rerun with --debug for details."))
        raise typer.Exit(int(Exit.UNEXPECTED)) from None
    finally:
        _remember_arns(ctx)


def _remember_arns(ctx: Context) -> None:
    """ARNs the service confirmed during this command → the completion cache (never fatal)."""
    if ctx.confirmed_arns:
        from sfnctl import arncache

        arncache.remember(ctx.confirmed_arns)


def _reader_went_away() -> NoReturn:
    """`sfnctl … | head`: the reader closed the pipe. Stop quietly with 0 — no traceback, no
    "Exception ignored" when Python flushes stdout at exit (it now points at /dev/null)."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    raise SystemExit(int(Exit.OK))


def print_error(ctx: Context, error: SfnctlError) -> None:
    from rich.text import Text

    from sfnctl.sanitize import one_line

    line = Text("error: ", style="bold red")
    line.append(one_line(error.message, 1000))
    ctx.err.print(line, soft_wrap=True)
    if error.hint:
        ctx.err.print(Text(error.hint, style="dim"), soft_wrap=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sfnctl {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    click_ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    profile: ProfileOpt = None,
    region: RegionOpt = None,
    endpoint_url: EndpointOpt = None,
    debug: DebugOpt = False,
    no_color: NoColorOpt = False,
    ascii_only: AsciiOpt = False,
    pager: PagerOpt = False,
    max_attempts: MaxAttemptsOpt = None,
    timeout: TimeoutOpt = None,
) -> None:
    given = GlobalOptions(
        profile=profile,
        region=region,
        endpoint_url=endpoint_url,
        debug=debug,
        no_color=no_color,
        ascii=ascii_only,
        pager=pager,
        max_attempts=max_attempts,
        timeout=timeout,
    )
    if isinstance(click_ctx.obj, Context):
        click_ctx.obj.options = click_ctx.obj.options.merge(given)
    else:
        click_ctx.obj = Context(options=given)


ExitStatusOpt = Annotated[
    bool,
    typer.Option(
        "--exit-status",
        help="Exit with the outcome: SUCCEEDED 0, FAILED 10, TIMED_OUT 11, ABORTED (durable: "
        "STOPPED) 12, RUNNING 20, PENDING_REDRIVE 21.",
    ),
]
EXPORT = "Pictures"
ExportSvgOpt = Annotated[
    str | None,
    typer.Option(
        "--export-svg",
        metavar="FILE",
        help="Also save exactly what was printed as an SVG picture (for incident tickets).",
        rich_help_panel=EXPORT,
    ),
]
ExportHtmlOpt = Annotated[
    str | None,
    typer.Option(
        "--export-html",
        metavar="FILE",
        help="Also save exactly what was printed as an HTML page.",
        rich_help_panel=EXPORT,
    ),
]


def start_export(ctx: Context, svg: str | None, html: str | None, as_json: bool) -> None:
    if not (svg or html):
        return
    if as_json:
        from sfnctl.errors import usage

        raise usage("--export-svg/--export-html save the rendered view; drop --json")
    ctx.record = True
    if ctx.console_out is not None:  # already built (e.g. by the pager check): record from now
        ctx.console_out.record = True


def finish_export(ctx: Context, svg: str | None, html: str | None, title: str) -> None:
    """Write what stdout's console printed (after the command succeeded)."""
    if not (svg or html):
        return
    from sfnctl.errors import usage

    try:
        if svg:
            ctx.out.save_svg(svg, title=title, clear=False)
        if html:
            ctx.out.save_html(html, clear=False)
    except OSError as error:
        raise usage(f"cannot write {svg or html}: {error.strerror or error}") from None
    for path in (svg, html):
        if path:
            ctx.hint(f"Saved {path}")


WATCH = "Watching"
WatchOpt = Annotated[
    bool,
    typer.Option(
        "--watch",
        help="Follow it until it ends: a live view on a terminal, then the final view; "
        "off a terminal only the final result.",
        rich_help_panel=WATCH,
    ),
]
IntervalOpt = Annotated[
    float,
    typer.Option(
        "--interval",
        min=0.2,
        max=3600,
        metavar="SECONDS",
        help="Seconds between polls with --watch.",
        rich_help_panel=WATCH,
    ),
]
ArnArg = Annotated[
    str,
    typer.Argument(
        metavar="ARN",
        help="Execution ARN (or a Step Functions console URL of one), or a Lambda "
        "durable-execution ARN.",
        show_default=False,
    ),
]


@command(app, "describe")
def describe(
    ctx: Context,
    arn: ArnArg,
    metadata_only: Annotated[
        bool,
        typer.Option(
            "--metadata-only",
            help="Send includedData=METADATA_ONLY: no input/output (needed without kms:Decrypt "
            "on a KMS-encrypted state machine).",
        ),
    ] = False,
    as_json: JsonOpt = False,
    exit_status: ExitStatusOpt = False,
    watch: WatchOpt = False,
    interval: IntervalOpt = 5.0,
    export_svg: ExportSvgOpt = None,
    export_html: ExportHtmlOpt = None,
) -> None:
    """Describe an execution: status, timing, input/output, error, redrive state.

    A Map Run ARN shows the map run (like `maprun show`); a Lambda durable-execution ARN the
    durable execution (like `durable describe`).
    """
    from sfnctl.commands.describe import DescribeOptions, run_describe

    options = DescribeOptions(arn, metadata_only, as_json, exit_status, watch, interval)
    start_export(ctx, export_svg, export_html, as_json)
    code = run_describe(ctx, options)
    finish_export(ctx, export_svg, export_html, f"sfnctl describe {arn}")
    if code:
        raise typer.Exit(code)


@command(app, "list")
def list_(
    ctx: Context,
    arn: Annotated[
        str,
        typer.Argument(
            metavar="ARN",
            help="State machine, version or alias ARN — or a Map Run ARN for its child executions.",
            show_default=False,
        ),
    ],
    status: Annotated[
        Status | None,
        typer.Option("--status", case_sensitive=False, help="Only executions in this status."),
    ] = None,
    redrive_filter: Annotated[
        RedriveFilter | None,
        typer.Option(
            "--redrive-filter",
            case_sensitive=False,
            help="Map Run ARN only: children that were (not) redriven.",
        ),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help="At most this many executions.")
    ] = 50,
    all_pages: Annotated[bool, typer.Option("--all", help="Every page (ignores --limit).")] = False,
    next_token: Annotated[
        str | None, typer.Option("--next-token", help="Resume from a previous listing's token.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """List executions, newest first."""
    from sfnctl.commands.listing import ListOptions, run_list

    run_list(
        ctx,
        ListOptions(
            arn,
            status.value if status else None,
            redrive_filter.value if redrive_filter else None,
            limit,
            all_pages,
            next_token,
            as_json,
        ),
    )


class View(StrEnum):
    EVENTS = "events"
    TREE = "tree"
    TIMELINE = "timeline"


OptionalArnArg = Annotated[
    str | None,
    typer.Argument(
        metavar="ARN",
        help="Execution ARN (or its console URL), or a Lambda durable-execution ARN. "
        "Not needed with --from-file.",
        show_default=False,
    ),
]
FromFileOpt = Annotated[
    str | None,
    typer.Option(
        "--from-file",
        "-f",
        metavar="PATH",
        help="Render a saved history offline (no network, no credentials): sfnctl history "
        "--json/--jsonl output or `aws stepfunctions get-execution-history` output; - for stdin.",
    ),
]
FILTERS = "Filters (every view, and --json)"


@command(app, "history")
def history(
    ctx: Context,
    arn: OptionalArnArg = None,
    view: Annotated[
        View,
        typer.Option(
            "--view",
            case_sensitive=False,
            help="events: one row per event; tree: state runs, nested; timeline: a Gantt chart.",
        ),
    ] = View.EVENTS,
    reverse: Annotated[bool, typer.Option("--reverse", help="Newest event first.")] = False,
    no_data: Annotated[
        bool,
        typer.Option(
            "--no-data", help="Leave out inputs and outputs (includeExecutionData=false)."
        ),
    ] = False,
    failed: Annotated[
        bool,
        typer.Option(
            "--failed",
            help="Only failure events and the states they belong to.",
            rich_help_panel=FILTERS,
        ),
    ] = False,
    state: Annotated[
        list[str] | None,
        typer.Option(
            "--state",
            metavar="NAME",
            help="Only this state's events (repeatable).",
            rich_help_panel=FILTERS,
        ),
    ] = None,
    event_type: Annotated[
        list[str] | None,
        typer.Option(
            "--type",
            metavar="EVENT_TYPE",
            help="Only events of this type, e.g. TaskFailed (repeatable).",
            rich_help_panel=FILTERS,
        ),
    ] = None,
    expand_all: Annotated[
        bool,
        typer.Option("--expand-all", help="Tree/timeline: don't fold runs of succeeded states."),
    ] = False,
    from_file: FromFileOpt = None,
    as_json: JsonOpt = False,
    jsonl: Annotated[
        bool,
        typer.Option("--jsonl", help="One JSON event per line, streamed as pages arrive."),
    ] = False,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch",
            help="Follow it until it ends: a live view on a terminal; off a terminal, new "
            "events are printed as they arrive.",
            rich_help_panel=WATCH,
        ),
    ] = False,
    interval: IntervalOpt = 5.0,
    export_svg: ExportSvgOpt = None,
    export_html: ExportHtmlOpt = None,
) -> None:
    """Every event of an execution — as events, a tree of state runs, or a timeline.

    A Lambda durable-execution ARN shows its timeline (like `durable history`).
    """
    from sfnctl.commands.history import HistoryOptions, run_history

    start_export(ctx, export_svg, export_html, as_json or jsonl)
    run_history(
        ctx,
        HistoryOptions(
            arn,
            reverse=reverse,
            include_data=not no_data,
            as_json=as_json,
            view=view.value,
            failed=failed,
            states=tuple(state or ()),
            types=tuple(event_type or ()),
            expand_all=expand_all,
            from_file=from_file,
            jsonl=jsonl,
            watch=watch,
            interval=interval,
        ),
    )
    finish_export(ctx, export_svg, export_html, f"sfnctl history {arn or from_file}")


SampleOpt = Annotated[
    int,
    typer.Option(
        "--sample", min=1, metavar="N", help="Describe at most N failed children (default 1000)."
    ),
]


@command(app, "why")
def why(
    ctx: Context,
    arn: OptionalArnArg = None,
    from_file: FromFileOpt = None,
    as_json: JsonOpt = False,
    exit_status: ExitStatusOpt = False,
    sample: SampleOpt = 1000,
    export_svg: ExportSvgOpt = None,
    export_html: ExportHtmlOpt = None,
) -> None:
    """What failed, why, and where: the terminal failure and the root cause behind it.

    Sees through retries, Catch handlers and Parallel/Map nesting; for a Distributed Map run
    that exceeded its tolerated failures, groups the failed children by error.
    """
    from sfnctl.commands.why import WhyOptions, run_why

    start_export(ctx, export_svg, export_html, as_json)
    code = run_why(ctx, WhyOptions(arn, from_file, as_json, exit_status, sample))
    finish_export(ctx, export_svg, export_html, f"sfnctl why {arn or from_file}")
    if code:
        raise typer.Exit(code)


@command(maprun_app, "list")
def maprun_list(
    ctx: Context,
    arn: Annotated[
        str,
        typer.Argument(
            metavar="EXECUTION_ARN", help="The parent execution's ARN.", show_default=False
        ),
    ],
    as_json: JsonOpt = False,
) -> None:
    """List the Distributed Map runs an execution started."""
    from sfnctl.commands.maprun import MapRunListOptions, run_maprun_list

    run_maprun_list(ctx, MapRunListOptions(arn, as_json))


MapRunArg = Annotated[
    str,
    typer.Argument(
        metavar="MAP_RUN_ARN", help="Map Run ARN (or its console URL).", show_default=False
    ),
]


@command(maprun_app, "show")
def maprun_show(
    ctx: Context,
    arn: MapRunArg,
    failures: Annotated[
        bool,
        typer.Option(
            "--failures",
            help="Group the failed, timed-out and aborted children by error (describes them).",
        ),
    ] = False,
    sample: SampleOpt = 1000,
    as_json: JsonOpt = False,
    watch: WatchOpt = False,
    interval: IntervalOpt = 5.0,
    export_svg: ExportSvgOpt = None,
    export_html: ExportHtmlOpt = None,
) -> None:
    """Show a map run: status, limits, and every item and child-execution counter."""
    from sfnctl.commands.maprun import MapRunShowOptions, run_maprun_show

    start_export(ctx, export_svg, export_html, as_json)
    run_maprun_show(ctx, MapRunShowOptions(arn, as_json, failures, sample, watch, interval))
    finish_export(ctx, export_svg, export_html, f"sfnctl maprun show {arn}")


@command(maprun_app, "update")
def maprun_update(
    ctx: Context,
    arn: MapRunArg,
    max_concurrency: Annotated[
        int | None,
        typer.Option(
            "--max-concurrency",
            min=0,
            metavar="N",
            help="Child executions at once (0: no limit).",
        ),
    ] = None,
    tolerated_failure_percentage: Annotated[
        float | None,
        typer.Option(
            "--tolerated-percentage",
            min=0,
            max=100,
            metavar="PCT",
            help="Failed items allowed, as a percentage (0–100) — the API's "
            "toleratedFailurePercentage.",
        ),
    ] = None,
    tolerated_failure_count: Annotated[
        int | None,
        typer.Option(
            "--tolerated-count",
            min=0,
            metavar="N",
            help="Failed items allowed — the API's toleratedFailureCount.",
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Don't ask for confirmation.")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the change and send nothing.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Change a running map run's concurrency or failure tolerance (asks first)."""
    from sfnctl.commands.maprun import MapRunUpdateOptions, run_maprun_update

    run_maprun_update(
        ctx,
        MapRunUpdateOptions(
            arn,
            max_concurrency,
            tolerated_failure_percentage,
            tolerated_failure_count,
            yes,
            dry_run,
            as_json,
        ),
    )


DurableArnArg = Annotated[
    str,
    typer.Argument(
        metavar="ARN",
        help="Durable execution ARN (arn:aws:lambda:…:function:FN:VERSION/durable-execution/"
        "NAME/ID).",
        show_default=False,
    ),
]
DURABLE_FILTERS = "Filters (the API's own)"
TIME_FORMATS = [
    "%Y-%m-%d",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S.%f%z",
]


class DurableStatus(StrEnum):
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    TIMED_OUT = "TIMED_OUT"
    STOPPED = "STOPPED"
    PAUSING = "PAUSING"
    PAUSED = "PAUSED"
    DELETING = "DELETING"


@command(durable_app, "describe")
def durable_describe(
    ctx: Context,
    arn: DurableArnArg,
    as_json: JsonOpt = False,
    exit_status: ExitStatusOpt = False,
    watch: WatchOpt = False,
    interval: IntervalOpt = 5.0,
) -> None:
    """Describe a durable execution: status, timing, input, result, error and stack trace."""
    from sfnctl.commands.durable import DurableDescribeOptions, run_durable_describe

    options = DurableDescribeOptions(arn, as_json, exit_status, watch, interval)
    code = run_durable_describe(ctx, options)
    if code:
        raise typer.Exit(code)


@command(durable_app, "history")
def durable_history(
    ctx: Context,
    arn: DurableArnArg,
    reverse: Annotated[
        bool, typer.Option("--reverse", help="Newest event first (--json/--jsonl).")
    ] = False,
    no_data: Annotated[
        bool,
        typer.Option("--no-data", help="Leave out payloads (IncludeExecutionData=false)."),
    ] = False,
    failed: Annotated[
        bool, typer.Option("--failed", help="Only failed operations and attempts.")
    ] = False,
    as_json: JsonOpt = False,
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help="One JSON event per line, streamed as pages arrive.")
    ] = False,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch",
            help="Follow it until it ends: a live timeline on a terminal; off a terminal, new "
            "events are printed as they arrive.",
            rich_help_panel=WATCH,
        ),
    ] = False,
    interval: IntervalOpt = 5.0,
) -> None:
    """A durable execution's timeline: steps, waits, callbacks, invokes, invocations.

    Each step's attempts with their errors and retry delays; failures in red. Step payloads
    are decoded from the SDK's envelope encoding here and kept raw in --json.
    """
    from sfnctl.commands.durable import DurableHistoryOptions, run_durable_history

    run_durable_history(
        ctx,
        DurableHistoryOptions(arn, reverse, not no_data, failed, as_json, jsonl, watch, interval),
    )


@command(durable_app, "list")
def durable_list(
    ctx: Context,
    function: Annotated[
        str,
        typer.Argument(
            metavar="FUNCTION",
            help="Function name or ARN (a version or alias: --qualifier or NAME:QUALIFIER).",
            show_default=False,
        ),
    ],
    status: Annotated[
        list[DurableStatus] | None,
        typer.Option(
            "--status",
            case_sensitive=False,
            help="Only executions in this status (repeatable).",
            rich_help_panel=DURABLE_FILTERS,
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(
            "--name", help="Only executions with this name.", rich_help_panel=DURABLE_FILTERS
        ),
    ] = None,
    qualifier: Annotated[
        str | None,
        typer.Option(
            "--qualifier",
            help="Only executions of this version or alias.",
            rich_help_panel=DURABLE_FILTERS,
        ),
    ] = None,
    started_after: Annotated[
        datetime | None,
        typer.Option(
            "--started-after",
            metavar="TIME",
            formats=TIME_FORMATS,
            help="Started at or after TIME (ISO 8601, UTC unless an offset is given).",
            rich_help_panel=DURABLE_FILTERS,
        ),
    ] = None,
    started_before: Annotated[
        datetime | None,
        typer.Option(
            "--started-before",
            metavar="TIME",
            formats=TIME_FORMATS,
            help="Started before TIME.",
            rich_help_panel=DURABLE_FILTERS,
        ),
    ] = None,
    reverse: Annotated[bool, typer.Option("--reverse", help="Oldest first.")] = False,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help="At most this many executions.")
    ] = 50,
    all_pages: Annotated[bool, typer.Option("--all", help="Every page (ignores --limit).")] = False,
    next_token: Annotated[
        str | None, typer.Option("--next-token", help="Resume from a previous listing's marker.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """List a function's durable executions, newest first."""
    from sfnctl.commands.durable import DurableListOptions, run_durable_list

    run_durable_list(
        ctx,
        DurableListOptions(
            function,
            tuple(s.value for s in status or ()),
            name,
            qualifier,
            _utc(started_after),
            _utc(started_before),
            reverse,
            limit,
            all_pages,
            next_token,
            as_json,
        ),
    )


def _utc(value: datetime | None) -> datetime | None:
    from datetime import UTC

    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


@command(app, "redrive-status")
def redrive_status(
    ctx: Context,
    arn: Annotated[
        str,
        typer.Argument(metavar="ARN", help="Execution or Map Run ARN.", show_default=False),
    ],
    as_json: JsonOpt = False,
) -> None:
    """Can it be redriven? What that means and what to do next."""
    from sfnctl.commands.redrive import RedriveOptions, run_redrive_status

    run_redrive_status(ctx, RedriveOptions(arn, as_json))


@command(app, "demo")
def demo(
    ctx: Context,
    serve: Annotated[
        bool, typer.Option("--serve", help="Keep the emulator running to explore with sfnctl.")
    ] = False,
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="Emulator port (0: any free port).")
    ] = 0,
) -> None:
    """Run real executions on a local emulator and show them (needs sfnctl\\[demo])."""
    from sfnctl.commands.demo import DemoOptions, run_demo

    run_demo(ctx, DemoOptions(serve, port))


@command(app, "open")
def open_(
    ctx: Context,
    arn: Annotated[
        str,
        typer.Argument(
            metavar="ARN",
            help="Execution, map run, state machine or durable-execution ARN.",
            show_default=False,
        ),
    ],
    browser: Annotated[
        bool, typer.Option("--browser", help="Also open it in the default web browser.")
    ] = False,
) -> None:
    """Print the AWS console URL of an execution, map run or state machine (right partition
    and region); --browser opens it."""
    from sfnctl.errors import usage
    from sfnctl.model import arns
    from sfnctl.model.links import console_url

    parsed = arns.resolve(arn)
    url = console_url(parsed)
    if url is None:
        raise usage(
            f"no AWS console page for {parsed.kind} {parsed.text}",
            hint="Local runner ids and isolated partitions have no console.",
        )
    ctx.write_stdout(url + "\n")
    if browser:
        import webbrowser

        if not webbrowser.open(url):
            ctx.hint("No browser could be started; the URL is above.")


class Shell(StrEnum):
    BASH = "bash"
    ZSH = "zsh"
    FISH = "fish"


@app.command("completion")
def completion(
    shell: Annotated[Shell, typer.Argument(help="bash, zsh or fish.", show_default=False)],
) -> None:
    """Print the shell completion script (subcommands, options, values and recent ARNs).

    bash: sfnctl completion bash > ~/.local/share/bash-completion/completions/sfnctl
    zsh:  sfnctl completion zsh > "${fpath[1]}/_sfnctl"
    fish: sfnctl completion fish > ~/.config/fish/completions/sfnctl.fish
    """
    from sfnctl.completion import SCRIPTS

    sys.stdout.write(SCRIPTS[shell.value])


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except BrokenPipeError:
        _reader_went_away()
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(int(Exit.INTERRUPTED))
