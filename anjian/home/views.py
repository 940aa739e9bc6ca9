from django.shortcuts import render
from django.utils import timezone

from anjian.accounts.access import grants_of
from anjian.accounts.capabilities import requires
from anjian.domain.permissions import Capability
from anjian.domain.todo import KINDS, TodoList
from anjian.enterprises.selectors import enterprise_counts_for
from anjian.home.context import remember_count
from anjian.home.todo import agency_counts, kind_counts, notices_to_act, todo_list
from anjian.officers.selectors import officer_counts_for


def _supervises(user) -> bool:
    """City and province users (a grant above county level): their list includes subordinates' overdue items."""
    return any(len(g.prefix) < 6 for g in grants_of(user))


@requires(Capability.DASHBOARD_VIEW)
def index(request):
    today = timezone.localdate()
    kind = request.GET.get("kind", "")
    kind = kind if kind in KINDS else ""
    everything = todo_list(request.user, today)
    todo = todo_list(request.user, today, kind=kind) if kind else everything
    remember_count(request, everything.total)
    request._anjian_todo_count = everything.total
    agencies = agency_counts(everything)
    agency = request.GET.get("agency", "")[:64]
    agency = agency if agency in dict(agencies) else ""
    below = [i for i in everything.below if i.agency == agency] if agency else everything.below
    return render(request, "home/index.html", {
        "todo": todo, "own": todo.own, "below": below, "today": today, "kind": kind,
        "kind_label": KINDS.get(kind, ""), "agency": agency,
        "tiles": kind_counts(TodoList(items=everything.own)), "agencies": agencies,
        "supervises": _supervises(request.user), "notices": notices_to_act(request.user),
        "enterprise_counts": enterprise_counts_for(request.user),
        "officer_counts": officer_counts_for(request.user, today),
    })


def forbidden(request, exception=None):
    return render(request, "home/error.html", {"title": "无权访问", "text": "您没有执行此操作的权限。"}, status=403)


def not_found(request, exception=None):
    return render(request, "home/error.html", {"title": "未找到", "text": "页面或记录不存在，或不在您的管辖范围内。"},
                  status=404)


def server_error(request):
    return render(request, "home/error.html", {"title": "系统错误", "text": "系统暂时无法处理该请求，请稍后重试。"},
                  status=500)
