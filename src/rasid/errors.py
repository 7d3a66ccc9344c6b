"""Every exception rasid raises. Each message names the input, the problem and the fix."""


class RasidError(Exception):
    """Base of every rasid error: a problem that makes the whole run meaningless."""


class UsageError(RasidError):
    """A bad option or argument (exit status 2)."""


class InputError(RasidError):
    """One input cannot be read; the batch goes on and the input is reported as skipped."""


class ModelError(RasidError):
    """A shipped model or lexicon is missing or unreadable: reinstall or rebuild it."""
