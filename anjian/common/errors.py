"""The three ways a service refuses, shared by every app so that pages and the API map them once.

- ServiceInvalid: input breaks a rule; `errors` are Chinese reasons for the user (422 / form messages).
- ServiceConflict: someone else changed the record first (409).
- ServiceDenied: the actor may see the record but not do this to it (403).
"""


class ServiceInvalid(Exception):
    def __init__(self, errors: list[str] | str):
        self.errors = [errors] if isinstance(errors, str) else list(errors)
        super().__init__("；".join(self.errors))


class ServiceConflict(Exception):
    pass


class ServiceDenied(Exception):
    pass
