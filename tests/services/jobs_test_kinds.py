"""A slow all-or-nothing test job kind, known to the test process and to the worker it starts."""

import time

from django.utils import timezone

from anjian.jobs.models import DailyRun
from anjian.jobs.registry import JobOutcome, register


@register("test.slow_rows", label="测试：慢慢写入")
def slow_rows(job, params, progress):
    total, pause = params["n"], params["pause"]
    for i in range(1, total + 1):
        DailyRun.objects.create(name=f"{params['prefix']}-{i}", day=timezone.localdate())  # unique: never twice
        progress(i, total, f"第 {i} 行")
        time.sleep(pause)
    return JobOutcome(message=f"已写入 {total} 行")
