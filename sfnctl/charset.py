"""Which character set the terminal can show, from the environment alone (imported by the fast
entry point and by the consoles: os and sys only)."""

from __future__ import annotations

import os
import sys


def c_locale() -> bool:
    """LC_ALL, else LC_CTYPE, else LANG names the C or POSIX locale (ASCII). Python turns on
    UTF-8 mode there, and PEP 538 rewrites LC_CTYPE to C.UTF-8: that value is skipped."""
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = os.environ.get(name, "")
        if name == "LC_CTYPE" and sys.flags.utf8_mode and value in ("C.UTF-8", "C.utf8", "UTF-8"):
            continue
        if value:
            return value in ("C", "POSIX")
    return False
