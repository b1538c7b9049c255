from django import template

from welfare_portal import thai

register = template.Library()

register.filter("thai_date", thai.date_short)
register.filter("thai_date_long", thai.date_long)
register.filter("thai_date_numeric", thai.date_numeric)
register.filter("thai_number", thai.number)
