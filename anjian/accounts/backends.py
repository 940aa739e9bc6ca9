"""Password login with lockout after repeated failures."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db import transaction
from django.utils import timezone

from anjian.accounts.models import User
from anjian.audit.services import audit_record


class AccountLocked(Exception):
    pass


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        with transaction.atomic():
            user = User.objects.select_for_update().filter(username=username).first()
            if user is None:
                User().set_password(password)  # same cost as a real check: no timing oracle
                return None
            now = timezone.now()
            if user.locked_until and user.locked_until > now:
                if request is not None:
                    request.anjian_locked_until = user.locked_until
                audit_record(actor=None, agency=None, verb="login_refused_locked", target=user)
                return None
            if not user.is_active:
                audit_record(actor=None, agency=None, verb="login_refused_inactive", target=user)
                return None
            if user.check_password(password) and self.user_can_authenticate(user):
                if user.failed_logins or user.locked_until:
                    User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
                    user.failed_logins, user.locked_until = 0, None
                audit_record(actor=user, agency=None, verb="login", target=user)
                return user
            failures = user.failed_logins + 1
            locked_until = None
            if failures >= settings.ANJIAN_LOGIN_MAX_FAILURES:
                locked_until = now + timedelta(minutes=settings.ANJIAN_LOGIN_LOCK_MINUTES)
                failures = 0
                if request is not None:
                    request.anjian_locked_until = locked_until
            User.objects.filter(pk=user.pk).update(failed_logins=failures, locked_until=locked_until)
            audit_record(actor=None, agency=None, verb="login_locked" if locked_until else "login_failed",
                         target=user)
            return None
