"""Signatures taken on site (现场签名) that a document carries when it is issued.

The documents app does not import the apps whose records documents are about. An app above registers, from its
ready(), a source for a model (`site_signatures_register`): given a document about a record of that model, it
returns the signatures that document carries, as plain values. `signed_content` puts them into the content as
`site_signatures` at issue (and in the preview), so the frozen content and its SHA-256 pin each image's SHA-256;
`render_context` shows them in the signature blocks, reading each image from the storage checked against that
SHA-256 (signatures/<sha256>.png, ADR 0034).

An entry: {"id", "role", "role_label", "party" (the party's side, not an officer), "name", "refused", "witness",
"note", "sha256" ("" for a refusal), "signed_at" (ISO, the device's time), "signed_at_cn"}.
"""

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType

from anjian.common.errors import ServiceConflict
from anjian.common.storage import SIGNATURES, StoredFileProblem, read_verified, stored_name

KEY = "site_signatures"
# model → source(subject_id, document) → entries
_SOURCES: dict[type, Callable[[int, object], list[dict]]] = {}


def site_signatures_register(model: type, source: Callable[[int, object], list[dict]]) -> None:
    """Called from an app's ready()."""
    _SOURCES[model] = source


def site_signatures_of(document) -> list[dict] | None:
    """The entries a document about a registered model carries now; None for documents about anything else."""
    if document.subject_type_id is None or document.subject_id is None:
        return None
    for model, source in _SOURCES.items():
        if document.subject_type_id == ContentType.objects.get_for_model(model).pk:
            return source(document.subject_id, document)
    return None


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def signature_blocks(content: dict) -> tuple[list[dict], list[dict]]:
    """(the party's signatures, the officers') for the templates, each with its PNG bytes ("png"; None for a
    refusal). A stored image that is missing or no longer matches refuses the rendering in plain words."""
    party, officers = [], []
    entries = content.get(KEY)
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        digest = _text(entry.get("sha256"))
        refused = entry.get("refused") is True
        png = None
        if digest and not refused:
            try:
                png = read_verified(stored_name(SIGNATURES, digest, "png"), digest, "现场签名图像")
            except (StoredFileProblem, ValueError) as exc:
                raise ServiceConflict(str(exc)) from exc
        block = {"label": _text(entry.get("role_label")), "name": _text(entry.get("name")), "refused": refused,
                 "witness": _text(entry.get("witness")), "signed_at": _text(entry.get("signed_at_cn")), "png": png,
                 "image": ""}
        (party if entry.get("party") is True else officers).append(block)
    return party, officers
