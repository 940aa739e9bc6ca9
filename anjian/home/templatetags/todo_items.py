"""The to-do items as HTML in one pass: a leader's 100 items through `{% include %}` cost 50 ms a page."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _meta(i, today) -> SafeString:
    parts = []
    if i.overdue:
        parts.append(format_html('<span class="badge risk-red">已逾期{}日</span>', i.days_overdue))
    elif i.due == today:
        parts.append(mark_safe('<span class="badge risk-orange">今日到期</span>'))
    parts.append(format_html("<span>期限 {}</span>", i.due.isoformat()) if i.due
                 else mark_safe('<span class="muted">无期限</span>'))
    if i.agency:
        parts.append(format_html('<span class="badge risk-blue">{}</span>', i.agency))
    if i.supervise:
        parts.append(mark_safe('<span class="badge">督促</span>'))
    for text in (i.record, i.note):
        if text:
            parts.append(format_html('<span class="muted">{}</span>', text))
    return mark_safe("\n      ".join(parts))


@register.simple_tag
def todo_items(items, today) -> SafeString:
    """<li> per item: the action and record linked, then overdue/due badges, the due date, agency and notes."""
    return format_html_join("\n", (
        '<li class="todo-item{}" data-kind="{}"{}>\n    <a href="{}"><strong class="todo-action">{}</strong>　{}</a>\n'
        '    <div class="todo-meta">\n      {}\n    </div>\n  </li>'), (
        (" overdue" if i.overdue else "", i.kind, mark_safe(' data-supervise="1"') if i.supervise else "", i.link,
         i.action, i.title, _meta(i, today)) for i in items))
