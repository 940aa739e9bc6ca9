from anjian.common.errors import ServiceConflict, ServiceDenied, ServiceInvalid


class InspectionInvalid(ServiceInvalid):
    """Input that breaks a rule; `errors` are Chinese reasons for the user."""


class InspectionConflict(ServiceConflict):
    """Someone else changed the record first (conditional update touched no row)."""


class InspectionDenied(ServiceDenied):
    """The actor may see the record but not do this to it."""
