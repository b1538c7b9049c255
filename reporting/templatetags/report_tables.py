"""The cells of a report table, built in Python as Django's admin builds the cells of its change lists
(`admin_list.items_for_result`): a national table holds hundreds of cells, each a drill-down link, and the
template language's per-cell lookups cost a 1.1 page about as much as everything else it does."""

from django import template
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from welfare_portal.thai import number

register = template.Library()


def _count(count, link, is_number):
    if not is_number:
        return format_html("<td>{}</td>", localize(count))
    if link and count:
        return format_html('<td class="num"><a href="?{}">{}</a></td>', link, number(count))
    return format_html('<td class="num">{}</td>', number(count))


def _label(index, cell, table, link):
    text = str(cell) if isinstance(cell, int) else localize(cell)  # codes (5201) never take separators
    if index == table.label_column and link:
        return format_html('<td><a href="?{}">{}</a></td>', link, text)
    return format_html("<td>{}</td>", text)


@register.simple_tag
def table_rows(table):
    """Every body row: the label cells (one drilling down to the next level), then the counts, each linking
    to the names behind it."""
    rows = []
    for labels, counts, link in table.linked_rows:
        cells = [_label(index, cell, table, link) for index, cell in enumerate(labels)]
        cells += [_count(*cell) for cell in counts]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return mark_safe("\n".join(rows))  # every piece escaped by format_html


@register.simple_tag
def table_total(table):
    """The totals row's cells."""
    return mark_safe("".join(_count(*cell) for cell in table.linked_total))
