from anjian.common.errors import ServiceInvalid


class DrawInvalid(ServiceInvalid):
    """Input that breaks a draw rule; `errors` are Chinese reasons for the user."""
