"""`sfnctl durable describe|history|list|functions`: Lambda durable executions — one module per
subcommand. `sfnctl describe ARN` and `sfnctl history ARN` come here for a durable ARN."""

from __future__ import annotations

from sfnctl.commands.base import Group
from sfnctl.commands.durable import describe, functions, history, listing

GROUP = Group(
    "durable",
    "Lambda durable executions: describe, history, list, functions.",
    (describe.COMMAND, history.COMMAND, listing.COMMAND, functions.COMMAND),
)
