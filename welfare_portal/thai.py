"""Thai presentation of dates and numbers: Buddhist era, Thai month names."""

import datetime

MONTHS = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
]
MONTHS_SHORT = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
]
BUDDHIST_ERA_OFFSET = 543


def _as_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return None


def date_short(value) -> str:
    """20 มิ.ย. 2561 (a four-digit Buddhist year, never the ambiguous "61")"""
    day = _as_date(value)
    if day is None:
        return ""
    return f"{day.day} {MONTHS_SHORT[day.month - 1]} {day.year + BUDDHIST_ERA_OFFSET}"


def date_long(value) -> str:
    """20 มิถุนายน 2561"""
    day = _as_date(value)
    if day is None:
        return ""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year + BUDDHIST_ERA_OFFSET}"


def date_numeric(value) -> str:
    """20/6/2561, the form people type into forms and spreadsheets."""
    day = _as_date(value)
    if day is None:
        return ""
    return f"{day.day}/{day.month}/{day.year + BUDDHIST_ERA_OFFSET}"


def date_file_name(value) -> str:
    """2561-06-20: a date in a file's name (the Buddhist year, sorting as text sorts by date)."""
    day = _as_date(value)
    if day is None:
        return ""
    return f"{day.year + BUDDHIST_ERA_OFFSET}-{day.month:02d}-{day.day:02d}"


def number(value) -> str:
    """14,500,000"""
    if value is None or value == "":
        return ""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return str(value)
