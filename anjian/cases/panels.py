"""The case page is built from panels, each owned by one part of the app; the core detail view merges them.

Each `panels_<name>.panel(request, case)` returns the context its template `cases/_<name>.html` needs.
"""

from anjian.cases import (
    panels_disclosure,
    panels_discretion,
    panels_execution,
    panels_file_check,
    panels_transfers,
)

PANELS = (("discretion", panels_discretion.panel), ("execution", panels_execution.panel),
          ("transfers", panels_transfers.panel), ("disclosure", panels_disclosure.panel),
          ("file_check", panels_file_check.panel))


def panel_contexts(request, case) -> dict:
    """``{"panels": [(template, context), ...]}`` in page order."""
    return {"panels": [(f"cases/_{name}.html", fn(request, case)) for name, fn in PANELS]}
