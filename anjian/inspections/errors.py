class InspectionInvalid(Exception):
    """Input that breaks a rule; `errors` are Chinese reasons for the user."""

    def __init__(self, errors: list[str] | str):
        self.errors = [errors] if isinstance(errors, str) else list(errors)
        super().__init__("；".join(self.errors))


class InspectionConflict(Exception):
    """Someone else changed the record first (conditional update touched no row)."""


class InspectionDenied(Exception):
    """The actor may see the record but not do this to it."""
