from django.shortcuts import render
from django.utils import timezone

from anjian.accounts.access import grants_of
from anjian.accounts.capabilities import requires
from anjian.domain.permissions import Capability
from anjian.domain.todo import KINDS
from anjian.enterprises.selectors import enterprise_counts_for
from anjian.home.context import remember_count
from anjian.home.todo import kind_counts, todo_list
from anjian.notices.selectors import notices_for
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
    tiles = kind_counts(everything)
    remember_count(request, everything.total)
    request._anjian_todo_count = everything.total
    supervises = _supervises(request.user)
    return render(request, "home/index.html", {
        "todo": todo, "today": today, "kind": kind, "kind_label": KINDS.get(kind, ""), "tiles": tiles,
        "supervises": supervises, "notices": notices_for(request.user, limit=10), "enterprise_counts": enterprise_counts_for(request.user),
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
