"""How a page shows a service refusal (common.service_views): on the form it re-renders, or as messages."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from anjian.common.errors import NotFound, ServiceConflict, ServiceDenied, ServiceInvalid
from anjian.common.service_views import Failed, service_call


class NameForm(forms.Form):
    name = forms.CharField(required=False)


def _request():
    request = RequestFactory().post("/", {"name": "x"})
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_invalid_input_goes_onto_the_form_at_its_field_or_above_it():
    request, form = _request(), NameForm({"name": "x"})
    with pytest.raises(Failed), service_call(request, form=form):
        raise ServiceInvalid([("name", "名称已被使用"), ("uscc", "不在表单上的字段"), "没有字段的理由"])
    assert form.errors["name"] == ["名称已被使用"]
    assert form.non_field_errors() == ["不在表单上的字段", "没有字段的理由"]
    assert list(get_messages(request)) == []


def test_a_conflict_goes_above_the_form():
    request, form = _request(), NameForm({"name": "x"})
    with pytest.raises(Failed), service_call(request, form=form):
        raise ServiceConflict("已被他人处理，请刷新后重试")
    assert form.non_field_errors() == ["已被他人处理，请刷新后重试"]


def test_without_a_form_the_reasons_are_messages():
    request = _request()
    with pytest.raises(Failed), service_call(request):
        raise ServiceInvalid([("name", "名称已被使用"), "另一条"])
    assert [m.message for m in get_messages(request)] == ["名称已被使用", "另一条"]


@pytest.mark.parametrize(("error", "answer"), [(ServiceDenied("无权"), PermissionDenied), (NotFound(), Http404)])
def test_denied_and_not_found_become_403_and_404_with_or_without_a_form(error, answer):
    with pytest.raises(answer), service_call(_request(), form=NameForm({})):
        raise error


def test_form_step_puts_the_reasons_on_the_form_when_asked():
    from anjian.common.service_views import form_step

    def refuse(_data):
        raise ServiceInvalid([("name", "名称已被使用")])

    request, form = _request(), NameForm({"name": "x"})
    assert form_step(request, form, refuse, "已保存", "/", on_form=True) is None
    assert form.errors["name"] == ["名称已被使用"] and list(get_messages(request)) == []
    request, form = _request(), NameForm({"name": "x"})
    assert form_step(request, form, refuse, "已保存", "/") is None
    assert not form.errors and [m.message for m in get_messages(request)] == ["名称已被使用"]
