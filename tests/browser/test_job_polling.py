"""Through the browser: the job page keeps polling through failed answers (a 503 while the server reloads, a 400),
with a growing pause, and stops only at a final state (the page reloads) or a 404."""

import json

import pytest

from anjian.jobs.registry import JobOutcome, register
from anjian.jobs.services import job_submit
from tests.browser.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)
DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@register("test.browser_poll", label="测试：轮询", atomic=False)
def poll_body(job, params, progress):
    return JobOutcome(message="完成")


def _answer(state: str, done: int) -> str:
    return json.dumps({"state": state, "state_label": {"running": "运行中", "done": "已完成"}[state],
                       "percent": done * 10, "progress_done": done, "progress_total": 10, "message": f"第 {done} 行",
                       "error": "", "result_message": "", "result_url": None})


@pytest.mark.parametrize("final", ["404", "running"])
def test_polling_survives_failed_answers_goes_on_while_running_and_stops_at_404(page, county_officer, settings, final):
    settings.TASKS = DB_BACKEND
    job = job_submit(actor=county_officer, kind="test.browser_poll", params={}, title="轮询")
    login(page, county_officer)
    answers = [(503, "{}"), (502, "{}"), (400, "{}"), (200, _answer("running", 7))]
    answers.append((404, "{}") if final == "404" else (200, _answer("running", 9)))
    asked = []

    def api(route):
        status, body = answers[len(asked)] if len(asked) < len(answers) else answers[-1]
        asked.append(status)
        route.fulfill(status=status, body=body, content_type="application/json")

    page.clock.install()
    page.route(f"**/api/v1/jobs/{job.public_id}", api)
    page.goto(f"{page.base}/jobs/{job.public_id}/")
    for _ in range(12):  # 2 + 4 + 8 + 16 s of back-off, then 2 s again, … — far more than needed
        page.clock.run_for(31_000)
        page.wait_for_timeout(50)
    assert page.locator('[data-job="counts"]').inner_text() in ("7 / 10", "9 / 10")
    if final == "404":
        assert asked == [503, 502, 400, 200, 404]  # nothing after the 404
    else:
        assert asked[:5] == [503, 502, 400, 200, 200] and len(asked) >= 8  # still polling while running
        assert page.locator('[data-job="counts"]').inner_text() == "9 / 10"
