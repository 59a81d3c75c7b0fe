"""All exceptions framewise raises are defined here; the CLI catches FramewiseError once.

A user mistake exits 2 (like click's UsageError); a failure while generating exits 1.
Messages are one line, say what is wrong and, where there is a choice, the valid values.
"""

from __future__ import annotations

import framewise_hooks as rules


class FramewiseError(Exception):
    """Base of every error framewise reports to the user as one line."""

    exit_code = 2

    def __str__(self) -> str:
        return rules.visible(super().__str__())  # what the user gave, quoted, may hold line breaks


class InvalidValueError(FramewiseError):
    """Raised when an answer, --set value or name is outside what is allowed."""


class UnknownKeyError(FramewiseError):
    """Raised when an answers file or --set names a key that is neither a question nor a variable."""


class AnswersFileError(FramewiseError):
    """Raised when an answers file cannot be read or is not a flat mapping."""


class TargetExistsError(FramewiseError):
    """Raised when the project directory (or a file of that name) already exists."""


class OutputError(FramewiseError):
    """Raised when the output directory cannot be created or written."""


class NoTerminalError(FramewiseError):
    """Raised when a prompt is needed but standard input is not a terminal."""


class NotAProjectError(FramewiseError):
    """Raised when `framewise update` is pointed at a folder without framewise's record."""


class UncommittedChangesError(FramewiseError):
    """Raised when an update would write into a work tree with changes git has not committed."""


class GenerationError(FramewiseError):
    """Raised when rendering a template or running a hook step fails; nothing is left behind."""

    exit_code = 1
