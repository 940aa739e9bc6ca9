"""Form fields with the bounds every page shares (the API's ``api_types`` say the same)."""

from django import forms
from django.core.exceptions import ValidationError

from anjian.domain import input_bounds as b


class DayField(forms.DateField):
    """A date of enforcement work: 2000-01-01 … 2099-12-31 (year 9999 is a typing error, not a deadline)."""

    earliest, latest = b.EARLIEST, b.LATEST

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("min", self.earliest.isoformat())
        self.widget.attrs.setdefault("max", self.latest.isoformat())

    def validate(self, value):
        super().validate(value)
        if value is not None:
            problem = b.date_problem(value, earliest=self.earliest, latest=self.latest)
            if problem:
                raise ValidationError(problem, code="date_range")


class IdField(forms.IntegerField):
    """A record id typed or posted: 1 … 2^63 − 1."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", b.ID_MAX)
        super().__init__(*args, **kwargs)
