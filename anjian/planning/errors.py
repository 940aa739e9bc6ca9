class PlanInvalid(Exception):
    """Input that breaks a rule; `errors` are Chinese reasons for the user."""

    def __init__(self, errors: list[str] | str):
        self.errors = [errors] if isinstance(errors, str) else list(errors)
        super().__init__("；".join(self.errors))


class PlanConflict(Exception):
    """Someone else changed the plan first."""


class PlanDenied(Exception):
    """The actor may see the plan but not do this to it."""
