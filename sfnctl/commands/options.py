"""Typer parameters shared by several commands, and the global options every command accepts.

A command module declares its own options in its Typer function's signature; the ones here are
shared so their names, help and limits are written once (and `--limit`/`--sample` checked once).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from sfnctl.errors import usage

GLOBAL = "Global options"


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
WideOpt = Annotated[
    bool,
    typer.Option("--wide", help="More columns (stop time, redrive count); --json has every field."),
]
GLOBALS: dict[str, tuple[Any, Any]] = {
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
EXECUTION_FORMS = "An execution: NAME/EXECUTION, NAME@latest, NAME@failed, its ARN or console URL"
ArnArg = Annotated[
    str,
    typer.Argument(
        metavar="ARN",
        help=f"{EXECUTION_FORMS}; or a Lambda durable execution (FUNCTION/NAME or its ARN).",
        show_default=False,
    ),
]


OptionalArnArg = Annotated[
    str | None,
    typer.Argument(
        metavar="ARN",
        help=f"{EXECUTION_FORMS}; or a Lambda durable execution (FUNCTION/NAME or its ARN). "
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


SampleOpt = Annotated[
    int,
    typer.Option(
        "--sample", min=1, metavar="N", help="Describe at most N failed children (default 1000)."
    ),
]


MapRunArg = Annotated[
    str,
    typer.Argument(
        metavar="MAP_RUN_ARN", help="Map Run ARN (or its console URL).", show_default=False
    ),
]


DurableArnArg = Annotated[
    str,
    typer.Argument(
        metavar="ARN",
        help="Durable execution ARN (arn:aws:lambda:…:function:FN:VERSION/durable-execution/"
        "NAME/ID).",
        show_default=False,
    ),
]


FanOutTargetArg = Annotated[
    str,
    typer.Argument(
        metavar="TARGET",
        help="A state machine: NAME, NAME:VERSION, NAME:ALIAS or its ARN — or a Map Run ARN "
        "for its child executions.",
        show_default=False,
    ),
]
SinceOpt = Annotated[
    str | None,
    typer.Option(
        "--since",
        help="Executions started since: a duration back (90s, 30m, 2h, 7d) or an ISO 8601 time. "
        "Default: 24h (a map run: all its children).",
        show_default=False,
    ),
]
UntilOpt = Annotated[
    str | None,
    typer.Option(
        "--until", help="Executions started until (same forms; default: now).", show_default=False
    ),
]


def at_least_one(option: str, value: int) -> int:
    """`--limit` / `--sample`: Typer enforces min=1 on the command line; this is the same rule
    for callers that build options in code (the demo, tests)."""
    if value < 1:
        raise usage(f"{option} must be at least 1, got {value}")
    return value


# --limit / --all of the executions listings (`list`, `durable list`)
LimitOpt = Annotated[
    int, typer.Option("--limit", "-n", min=1, help="At most this many executions.")
]
AllPagesOpt = Annotated[bool, typer.Option("--all", help="Every page (ignores --limit).")]
