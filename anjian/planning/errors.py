from anjian.common.errors import ServiceConflict, ServiceDenied, ServiceInvalid


class PlanInvalid(ServiceInvalid):
    """Input that breaks a rule; `errors` are Chinese reasons for the user."""


class PlanConflict(ServiceConflict):
    """Someone else changed the plan first."""


class PlanDenied(ServiceDenied):
    """The actor may see the plan but not do this to it."""
