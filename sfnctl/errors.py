"""sfnctl's one error type and the exit-code table (README documents it)."""

from __future__ import annotations

from enum import IntEnum


class Exit(IntEnum):
    OK = 0
    UNEXPECTED = 1
    USAGE = 2
    NOT_FOUND = 3
    ACCESS = 4
    UNAVAILABLE = 5
    REJECTED = 6
    INTERRUPTED = 130


class SfnctlError(Exception):
    """An error with a one-line message and the exit code it maps to.

    `hint` is the next step for the operator ("To list executions, run: ...").
    """

    def __init__(self, message: str, code: Exit = Exit.UNEXPECTED, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.hint = hint

    def __str__(self) -> str:
        return self.message


def usage(message: str, hint: str | None = None) -> SfnctlError:
    return SfnctlError(message, Exit.USAGE, hint)


# `--exit-status` codes live with the status names: sfnctl.model.status.STATUS_EXIT_CODES.
