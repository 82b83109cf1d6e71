"""`sfnctl durable describe|history|list|functions|stop|callback`: Lambda durable executions —
one module per subcommand. `sfnctl describe ARN` and `sfnctl history ARN` come here for a
durable ARN."""

from __future__ import annotations

from sfnctl.commands.base import Group
from sfnctl.commands.durable import callback, describe, functions, history, listing, stop

GROUP = Group(
    "durable",
    "Lambda durable executions: describe, history, list, functions, stop, callback.",
    (
        describe.COMMAND,
        history.COMMAND,
        listing.COMMAND,
        functions.COMMAND,
        stop.COMMAND,
        callback.COMMAND,
    ),
)
