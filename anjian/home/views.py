from django.shortcuts import render

from anjian.accounts.capabilities import requires
from anjian.domain.permissions import Capability
from anjian.enterprises.selectors import enterprise_counts_for
from anjian.notices.selectors import notices_for
from anjian.officers.selectors import officer_counts_for


@requires(Capability.DASHBOARD_VIEW)
def index(request):
    return render(request, "home/index.html", {
        "enterprise_counts": enterprise_counts_for(request.user),
        "officer_counts": officer_counts_for(request.user),
        "notices": notices_for(request.user),
    })


def forbidden(request, exception=None):
    return render(request, "home/error.html", {"title": "无权访问", "text": "您没有执行此操作的权限。"}, status=403)


def not_found(request, exception=None):
    return render(request, "home/error.html", {"title": "未找到", "text": "页面或记录不存在，或不在您的管辖范围内。"},
                  status=404)


def server_error(request):
    return render(request, "home/error.html", {"title": "系统错误", "text": "系统暂时无法处理该请求，请稍后重试。"},
                  status=500)
