class DrawInvalid(Exception):
    """Input that breaks a draw rule; `errors` are Chinese reasons for the user."""

    def __init__(self, errors: list[str] | str):
        self.errors = [errors] if isinstance(errors, str) else list(errors)
        super().__init__("；".join(self.errors))
