"""Health endpoints for load balancers and process supervisors: public, cheap, never cached."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from anjian.accounts.capabilities import public
from anjian.ops.checks import run_checks


@public
@csrf_exempt  # no state changes here: a POST gets 405 from require_safe, not the CSRF page
@never_cache
@require_safe
def healthz(request):
    """The process answers (no database touched)."""
    return JsonResponse({"status": "ok"})


@public
@csrf_exempt  # no state changes here: a POST gets 405 from require_safe, not the CSRF page
@never_cache
@require_safe
def readyz(request):
    """Ready for traffic: database reachable, migrations applied, a worker seen lately, disk space left."""
    results = run_checks()
    checks = {name: {"ok": True} if problem is None else {"ok": False, "code": problem[0], "message": problem[1]}
              for name, problem in results.items()}
    ready = all(problem is None for problem in results.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks},
                        status=200 if ready else 503, json_dumps_params={"ensure_ascii": False})
