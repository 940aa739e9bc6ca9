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


class _Offered:
    """Options shown by the widget only: the field does not check that a value is among them."""

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = choices

    @property
    def choices(self):
        return self.widget.choices

    @choices.setter
    def choices(self, value):
        self.widget.choices = list(value)


class OfferedIdField(_Offered, IdField):
    """An id picked from offered options (a select). The field parses the id only: whether it may be used is the
    service's scoped conversion, so a page refuses exactly what the API refuses, in the same words."""

    widget = forms.Select


class OfferedChoiceField(_Offered, forms.CharField):
    """A code picked from offered options (a select), taken as bounded text like the API's ``Code``: the service's
    validator, which the API and the imports use too, says whether it is known (and accepts the Chinese label)."""

    widget = forms.Select

    def __init__(self, *args, max_length: int = 64, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)

    def widget_attrs(self, widget):
        return {k: v for k, v in super().widget_attrs(widget).items() if k not in ("maxlength", "minlength")}


class OfferedIdsField(_Offered, forms.Field):
    """Ids ticked among offered options (checkboxes); parsed only, like `OfferedIdField`."""

    widget = forms.CheckboxSelectMultiple
    max_count = 200

    def to_python(self, value):
        if value in self.empty_values:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        if len(values) > self.max_count:
            raise ValidationError(f"最多选择{self.max_count}项", code="max_count")
        ids = []
        for v in values:
            text = str(v).strip()
            if not b.digits(text) or not 1 <= int(text) <= b.ID_MAX:
                raise ValidationError("所选项无效", code="invalid_id")
            ids.append(int(text))
        return ids
