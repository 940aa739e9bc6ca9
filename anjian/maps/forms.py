from django import forms

from anjian.domain.registry import INDUSTRIES, RISK_LEVELS, SUPERVISION_CLASSES, choices
from anjian.maps.selectors import LAYERS, MapFilters

_ALL = [("", "全部")]


class MapFilterForm(forms.Form):
    """The map's filters (GET). The region travels with them; a code outside the user's scope is a 404 (the view)."""

    region = forms.RegexField(regex=r"^\d{6}$", required=False, max_length=6, widget=forms.HiddenInput)
    layers = forms.MultipleChoiceField(label="图层", required=False, choices=list(LAYERS.items()),
                                       widget=forms.CheckboxSelectMultiple)
    industry = forms.ChoiceField(label="行业领域", required=False, choices=_ALL + choices(INDUSTRIES))
    risk_level = forms.ChoiceField(label="风险等级", required=False, choices=_ALL + choices(RISK_LEVELS))
    supervision_class = forms.ChoiceField(label="检查类别", required=False, choices=_ALL + choices(SUPERVISION_CLASSES))

    def filters(self) -> MapFilters:
        """The filters asked for; unreadable ones are left out (the map still shows)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return MapFilters(industry=data.get("industry", ""), risk_level=data.get("risk_level", ""),
                          supervision_class=data.get("supervision_class", ""),
                          layers=frozenset(data.get("layers") or LAYERS))
