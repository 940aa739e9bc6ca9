"""ECharts options for a bulletin's web page: one bar chart per ranked metric and one of the total scores.

Options are plain dicts (JSON via json_script); static/reports/bulletin-charts.js draws every chart.
Bars are in rank order, best first; with last year's figures a second series shows them beside.
"""

from anjian.domain.bulletin import Bulletin

BLUE, GREY, RED = "#1d4f91", "#9aa5b8", "#c62828"


def _bar_option(title: str, units: list[str], series: list[dict], *, unit_name: str = "") -> dict:
    return {
        "title": {"text": title, "left": "center", "textStyle": {"fontSize": 14}},
        "tooltip": {"trigger": "axis"},
        "legend": {"show": len(series) > 1, "bottom": 0},
        "grid": {"left": 48, "right": 16, "top": 40, "bottom": 64 if len(series) > 1 else 48},
        "xAxis": {"type": "category", "data": units, "axisLabel": {"interval": 0, "rotate": 30 if len(units) > 8 else 0}},
        "yAxis": {"type": "value", "name": unit_name},
        "series": series,
    }


def bulletin_charts(bulletin: Bulletin) -> list[dict]:
    """[{"id", "title", "option"}] — the charts of the bulletin page, in order."""
    table = bulletin.ranked
    previous = {u.unit: u.previous for u in bulletin.units}
    charts = []
    for i, metric in enumerate(table.metrics):
        rows = sorted(table.rows, key=lambda r, i=i: r.results[i].rank)
        units = [r.unit for r in rows]
        series = [{"name": bulletin.period or "本期", "type": "bar", "itemStyle": {"color": BLUE},
                   "label": {"show": True, "position": "top"},
                   "data": [float(r.results[i].value) for r in rows]}]
        if bulletin.has_previous:
            series.append({"name": "上年同期", "type": "bar", "itemStyle": {"color": GREY},
                           "data": [float(previous[u][metric.key]) if metric.key in previous[u] else None
                                    for u in units]})
        direction = "" if metric.higher_is_better else "（越低越好）"
        charts.append({"id": f"chart-{i}", "script_id": f"chart-{i}-option", "title": f"{metric.label}{direction}",
                       "option": _bar_option(f"{metric.label}{direction}", units, series)})
    units = [r.unit for r in table.rows]
    best, worst = set(bulletin.best), set(bulletin.worst) | set(bulletin.idle)
    data = [{"value": r.total, "itemStyle": {"color": RED if r.unit in worst else BLUE if r.unit in best else GREY}}
            for r in table.rows]
    charts.append({"id": "chart-total", "script_id": "chart-total-option", "title": bulletin.total_heading,
                   "option": _bar_option(bulletin.total_heading, units,
                                         [{"name": "总得分", "type": "bar", "data": data,
                                           "label": {"show": True, "position": "top"}}], unit_name="分")})
    return charts
