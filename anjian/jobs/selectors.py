"""Reads of background jobs, scoped: a user sees their own jobs; an agency's job administrator (JOB_MANAGE) sees
the agency's and the system's scheduled jobs. Anything else reads as missing."""

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connections
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from anjian.accounts.access import agencies_for
from anjian.common.errors import NotFound
from anjian.domain.permissions import Capability
from anjian.jobs.models import Job, WorkerBeat


def _visible_q(user) -> Q:
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    q = Q(owner=user)
    admin_agencies = [g.agency_id for g in agencies_for(user, Capability.JOB_MANAGE)]
    if admin_agencies:
        q |= Q(agency_id__in=admin_agencies) | Q(owner__isnull=True, agency__isnull=True)
    return q


def jobs_for(user) -> QuerySet[Job]:
    """The jobs the user may see, newest first."""
    return Job.objects.filter(_visible_q(user)).select_related("owner").order_by("-created_at", "-id")


def job_get_for(user, public_id) -> Job:
    try:
        key = uuid.UUID(str(public_id))
    except ValueError as exc:
        raise NotFound() from exc
    job = jobs_for(user).filter(public_id=key).first()
    if job is None:
        raise NotFound()
    return job


def busy_alive_seconds() -> int:
    """How long a job running on SQLite vouches for its worker (ANJIAN_JOB_BUSY_ALIVE_SECONDS, 1 hour)."""
    return max(1, int(getattr(settings, "ANJIAN_JOB_BUSY_ALIVE_SECONDS", 3600)))


def latest_worker_beat() -> datetime | None:
    """When any worker last said it is alive (None: no worker has ever run).

    On SQLite (one writer at a time) an atomic job's write transaction locks its own worker's beat out, so there
    a worker still registered (its beat row exists: it has not stopped cleanly) that runs a job started less than
    ``busy_alive_seconds()`` ago counts as alive now (ADR 0033, addendum). PostgreSQL: the beats alone."""
    last = WorkerBeat.objects.aggregate(last=Max("last_seen"))["last"]
    if connections["default"].vendor == "sqlite":
        now = timezone.now()
        busy = Job.objects.filter(state=Job.State.RUNNING, started_at__gte=now - timedelta(seconds=busy_alive_seconds()),
                                  worker__in=WorkerBeat.objects.values("name"))
        if busy.exists():
            return now
    return last
