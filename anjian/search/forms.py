from django import forms

from anjian.domain.input_bounds import QUERY_MAX


class SearchForm(forms.Form):
    q = forms.CharField(label="检索", max_length=QUERY_MAX, required=False, strip=True,
                        error_messages={"max_length": f"检索词最多{QUERY_MAX}个字符"},  # search_words' words
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": "单位名称、信用代码、案件名称或文书编号"}))
