"""The one error for a table that cannot be read as a whole (its message is for the user, in Chinese)."""


class TabularError(Exception):
    """The file as a whole cannot be read; the message is for the user (Chinese)."""
