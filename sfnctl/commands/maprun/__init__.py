"""`sfnctl maprun list|show|update`: Distributed Map runs — one module per subcommand."""

from __future__ import annotations

from sfnctl.commands.base import Group
from sfnctl.commands.maprun import listing, show, update

GROUP = Group(
    "maprun",
    "Distributed Map runs: list, show, update.",
    (listing.COMMAND, show.COMMAND, update.COMMAND),
)
