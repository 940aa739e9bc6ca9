"""Where enforcement documents will be attached to the inspection process.

`inspection_documents_hook` is called inside the service's transaction after each step named below.
It does nothing yet: the documents app (现场检查记录, 责令限期整改指令书, 现场处理措施决定书 …) is wired in
here later, e.g. `document_draft(actor=actor, agency=inspection.agency, kind_code=…, enterprise=…,
subject=inspection, content={…})` on "recorded".
"""

STEPS = ("approved", "started", "hazard_added", "recorded", "closed")


def inspection_documents_hook(*, actor, inspection, step: str, hazard=None) -> None:
    assert step in STEPS, step
