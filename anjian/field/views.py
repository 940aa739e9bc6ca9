"""The officer's phone app (ADR 0040): the app shell, its manifest and service worker (installable, offline), and
the desk's view of what a phone recorded on site."""

import hashlib
import json

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static

from anjian.accounts.capabilities import public, requires
from anjian.domain.permissions import Capability
from anjian.field import selectors as sel

# What the service worker keeps for offline use: the shell (/field/) and these static files.
ASSETS = ("field/app.js", "field/store.js", "field/pad.js", "field/field.css", "field/icon-192.png",
          "field/icon-512.png")


def _assets() -> list[str]:
    return [static(a) for a in ASSETS]


@requires(Capability.INSPECTION_VIEW)
def app(request):
    return render(request, "field/app.html", {})


@public
def manifest(request):
    body = {"name": "安监现场执法", "short_name": "现场执法", "lang": "zh-CN", "start_url": "/field/",
            "scope": "/field/", "display": "standalone", "background_color": "#f4f6fa", "theme_color": "#1d4f91",
            "icons": [{"src": static("field/icon-192.png"), "sizes": "192x192", "type": "image/png"},
                      {"src": static("field/icon-512.png"), "sizes": "512x512", "type": "image/png"}]}
    return HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/manifest+json")


@public
def service_worker(request):
    """The service worker, with the current asset names (hashed by the manifest storage) and a version that
    changes with them, so a new release replaces the cached app."""
    assets = _assets()
    version = hashlib.sha256("\n".join(assets).encode()).hexdigest()[:12]
    body = render_to_string("field/sw.js", {"assets_json": json.dumps(["/field/", *assets]), "version": version})
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/field/"
    return response


@requires(Capability.INSPECTION_VIEW)
def records(request, pk: int):
    """What phones uploaded for one inspection: each record and photo with the device time, the corrected time, the
    server's receipt time, the position and its distance from the registered point."""
    inspection = sel.field_inspection_for(request.user, pk)
    return render(request, "field/records.html", {
        "inspection": inspection, "records": sel.field_records_of(inspection),
        "photos": sel.field_evidence_of(inspection)})
