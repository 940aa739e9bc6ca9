"""How a page turns a service error into an answer (the API's mapping is in config/api.py).

``post_step`` (a POSTed step on one record), ``form_step`` (a page that re-renders its form) and ``service_call``:
invalid input and conflicts become error messages on the page the user is sent back to; ``ServiceErrorsMiddleware`` (anjian.common.middleware): a refusal no view caught becomes the
403 / 404 page, an invalid or conflicting step a 400 page that says why.
"""

from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404

from anjian.common.errors import NotFound, ServiceConflict, ServiceDenied, ServiceInvalid


class Failed(Exception):
    """Raised after the messages are queued, so the view can re-render or redirect."""


@contextmanager
def service_call(request, form=None):
    """Around a service call on a page. ``form``: the page re-renders it, so invalid input and conflicts go onto
    the form instead of the messages, each reason at its field when the form has that field."""
    try:
        yield
    except ServiceDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    except (ServiceInvalid, ServiceConflict) as exc:
        if form is not None:
            for field, reason in getattr(exc, "fields", [("", str(exc))]):
                form.add_error(field if field in form.fields else None, reason)
        else:
            for reason in getattr(exc, "errors", [str(exc)]):
                messages.error(request, reason)
        raise Failed from exc


REFUSED = object()


def attempt(request, run, *, form=None):
    """``run()`` through `service_call`: its result, or ``REFUSED`` with the reasons queued (on ``form`` when
    given). For steps whose success renders a page rather than redirecting (post_step / form_step redirect)."""
    try:
        with service_call(request, form=form):
            return run()
    except Failed:
        return REFUSED


def form_errors_as_messages(request, form, *, labelled: bool = False) -> None:
    """Queue each form error as a message (``labelled``: prefixed with the field's label)."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if labelled and field in form.fields else ""
        for e in errors:
            messages.error(request, f"{label}：{e}" if label else e)


def post_step(request, subject, form_class, run, done, target, *, back: str | None = None, labelled: bool = False,
              **form_kwargs):
    """A POSTed step on one record: validate ``form_class`` (None: the raw POST), call ``run(subject, data)`` through
    `service_call`, queue the errors or ``done`` (text, or a function of the result), and redirect to ``target``
    (a URL, or a function of the result; then ``back`` is where a refused step returns, by default ``target``)."""
    from django.shortcuts import redirect

    back = back if back is not None else target
    form = form_class(request.POST, **form_kwargs) if form_class else None
    if form is not None and not form.is_valid():
        form_errors_as_messages(request, form, labelled=labelled)
        return redirect(back)
    result = attempt(request, lambda: run(subject, form.cleaned_data if form is not None else request.POST))
    if result is REFUSED:
        return redirect(back)
    messages.success(request, done(result) if callable(done) else done)
    return redirect(target(result) if callable(target) else target)


def form_step(request, form, run, done, target, *, on_form: bool = False):
    """A page whose form is re-rendered until the step succeeds: on a valid POSTed ``form``, call
    ``run(form.cleaned_data)`` through `service_call`; on success queue ``done`` (text, or a function of the result)
    and return a redirect to ``target`` (a URL or view name, or a function of the result). Otherwise None: the
    caller renders the form again (its field errors, and the service's reasons as messages, or with ``on_form``
    on the form, each at its field).

        return form_step(request, form, run, "已保存", "app:list") or render(request, "form.html", {"form": form})
    """
    from django.shortcuts import redirect

    if request.method != "POST" or not form.is_valid():
        return None
    result = attempt(request, lambda: run(form.cleaned_data), form=form if on_form else None)
    if result is REFUSED:
        return None
    messages.success(request, done(result) if callable(done) else done)
    return redirect(target(result) if callable(target) else target)
