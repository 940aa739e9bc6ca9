"""Every demo login that acts on something finds a real item in its to-do list (待办) on the demo data."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from anjian.accounts.models import User
from anjian.home.demo import demo_logins
from anjian.home.todo import todo_list

pytestmark = pytest.mark.django_db
NOTHING_TO_DO = ("statistician", "read-only")  # they act on nothing: their list stays empty


def test_each_working_demo_login_has_a_real_item():
    for command, options in (("demo_data", {"enterprises": 800, "seed": 7}), ("load_campaign_2023", {})):
        call_command(command, stdout=StringIO(), **options)
    today, empty = timezone.localdate(), []
    for username, _, _ in demo_logins():
        todo = todo_list(User.objects.get(username=username), today)
        if username.endswith(NOTHING_TO_DO):
            assert todo.total == 0, (username, todo.items)
        elif username != "prov-system-admin" or today.month >= 11:  # the holiday year: asked for in the autumn
            if not todo.items:
                empty.append(username)
            assert all(i.link.startswith("/") for i in todo.items)
    assert empty == []
