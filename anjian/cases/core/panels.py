"""The case page is built from panels, each owned by one part of the app; the core detail view merges them.

Each panel function ``(request, case)`` returns the context its template `cases/_<name>.html` needs.
"""

from anjian.cases.discretion.panels import panel as discretion_panel
from anjian.cases.execution.panels import panel as execution_panel
from anjian.cases.records.panels import disclosure_panel, file_check_panel
from anjian.cases.transfers.panels import panel as transfers_panel

PANELS = (("discretion", discretion_panel), ("execution", execution_panel), ("transfers", transfers_panel),
          ("disclosure", disclosure_panel), ("file_check", file_check_panel))


def panel_contexts(request, case) -> dict:
    """``{"panels": [(template, context), ...]}`` in page order."""
    return {"panels": [(f"cases/_{name}.html", fn(request, case)) for name, fn in PANELS]}
