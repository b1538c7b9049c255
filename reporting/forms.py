"""Forms of the reporting app: the filters of every report page (ReportFilterForm)."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from cardholders.forms import ThaiDateField
from welfare_portal.forms import PLEASE_CHOOSE
from welfare_portal.models import DevelopmentUnit, District, Project, Province, Role
from welfare_portal.thai import date_numeric

from .reports import PROGRESS_COLUMNS, Filters, scoped_filters

# ---- the filters of every report page ----------------------------------------------------------------

NUL_REFUSED = "ข้อมูลมีอักขระที่ระบบไม่รับ (NUL)"
INTERVIEW_STATUSES = [("done", "ทำแบบประเมินแล้ว"), ("waiting", "รอทำแบบประเมิน")]  # the 2.1 name list
# Every status a list page takes: 2.1's above, and 4.2's development statuses (see reports.Report42List).
STATUSES = [
    *INTERVIEW_STATUSES,
    *PROGRESS_COLUMNS,
    ("developed", "พัฒนาแล้วหรืออยู่ระหว่างพัฒนา"),
    ("wanting", "ผู้ต้องการพัฒนา (รวมทุกหน่วยงานพัฒนา)"),
    ("all", "ทั้งหมด"),
]


class QuickSelect(forms.Select):
    """A select written in Python from the widget's own context (its attributes, the error attributes the
    bound field adds, its options), not through a template per option: the country's 77 provinces cost a
    report page two template includes per option, about 10 ms of every page."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = [
            format_html('<option value="{}"{}>{}</option>', option["value"], flatatt(option["attrs"]), option["label"])
            for _, group, _ in widget["optgroups"]
            for option in group
        ]
        return format_html(
            '<select name="{}"{}>\n  {}\n</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("\n  ".join(options)),
        )


class ReferenceChoiceIterator(forms.models.ModelChoiceIterator):
    """The options of a small reference table from the queryset itself, so that the page that counted the
    rows (`provinces|length`) and the select read them once; Django's iterator opens a server-side cursor
    for every select, built for tables too large to hold."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for row in self.queryset:
            yield self.choice(row)


class CodeChoiceField(forms.ModelChoiceField):
    """A select of reference rows that accepts any row that exists, by its integer key (or `to_field_name`).

    What the select offers (`queryset`, the user's own areas) is not what it accepts: a code outside the
    user's scope is narrowed afterwards by the one clamp, `reports.scoped_filters`, as it always was."""

    widget = QuickSelect
    iterator = ReferenceChoiceIterator

    def __init__(self, model, *, numeric: bool = True, empty_label=PLEASE_CHOOSE, **kwargs):
        # On a report's filters an empty choice means every one of them, and says so ("ทุกอำเภอ").
        super().__init__(model.objects.none(), required=False, empty_label=empty_label, **kwargs)
        self.model = model
        self.numeric = numeric

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value).strip()
        if "\x00" in value:
            raise ValidationError(NUL_REFUSED, code="null_characters_not_allowed")
        if self.numeric and not re.fullmatch(r"\d+", value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        key = self.to_field_name or "pk"
        # A number longer than any key is not found, without asking the database about one no column holds.
        too_long = self.numeric and len(value) > 9
        found = None if too_long else self.model.objects.filter(**{key: int(value) if self.numeric else value}).first()
        if found is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return found


class FlagInput(forms.CheckboxInput):
    """A checkbox that sends "1" (as the links do) and hands the field what was sent, so that a hand-typed
    value is refused rather than taken for "on"."""

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=lambda value: value in (True, "1"))

    def format_value(self, value):
        return "1"

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class FlagField(forms.Field):
    """ "1" is on; absent, empty or "0" is off."""

    widget = FlagInput
    default_error_messages = {"invalid": "ค่าไม่ถูกต้อง (ใช้ 1 หรือเว้นว่าง)"}

    def to_python(self, value):
        if value in (None, "", "0", False):
            return False
        if value in ("1", True):
            return True
        raise ValidationError(self.error_messages["invalid"], code="invalid")


class AsOfField(ThaiDateField):
    """The as-of date of section 3: Buddhist-era 20/6/2561 or ISO 2018-06-20 (the links' form), never after
    today; empty is today."""

    def to_python(self, value):
        if isinstance(value, str) and "\x00" in value:
            raise ValidationError(NUL_REFUSED, code="null_characters_not_allowed")
        try:
            day = super().to_python(value)
        except ValidationError as error:
            raise ValidationError(f"{error.messages[0]} จึงแสดงข้อมูล ณ วันนี้", code="invalid") from None
        today = datetime.date.today()
        return today if day is None else min(day, today)


class SearchIdField(forms.Field):
    """The random id the session keeps a 1.2 search under (views.search_people), never the text itself."""

    default_error_messages = {"invalid": "รหัสการค้นหาไม่ถูกต้อง กรุณาค้นหาอีกครั้ง"}

    def to_python(self, value):
        if value in self.empty_values:
            return ""
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return value


class ReportFilterForm(forms.Form):
    """What a report page, the 1.2 search and `manage.py report` are asked for, as `Filters` (`.filters`).

    Every value is checked: a bad one (letters in a code, an unknown code, a district outside the province,
    a date in the Christian era, a NUL) is named in Thai (`.problems`) and left out, the rest applies. What
    the user may see is then decided by `scoped_filters`, the one clamp: a province account asking for
    another province gets its own, as before, without a message."""

    province = CodeChoiceField(
        Province,
        empty_label="ทุกจังหวัด",
        label="จังหวัด",
        widget=QuickSelect(attrs={"data-autosubmit": True, "data-clears": "district"}),
        error_messages={"invalid": "รหัสจังหวัดต้องเป็นตัวเลข", "invalid_choice": "ไม่พบจังหวัดรหัส %(value)s"},
    )
    district = CodeChoiceField(
        District,
        empty_label="ทุกอำเภอ",
        label="อำเภอ",
        widget=QuickSelect(attrs={"data-autosubmit": True}),
        error_messages={"invalid": "รหัสอำเภอต้องเป็นตัวเลข", "invalid_choice": "ไม่พบอำเภอรหัส %(value)s"},
    )
    status = forms.ChoiceField(
        label="สถานะ",
        choices=[("", "ทั้งหมด"), *STATUSES],
        required=False,
        error_messages={"invalid_choice": "สถานะไม่ถูกต้อง"},
    )
    unit = CodeChoiceField(
        DevelopmentUnit,
        empty_label="ทุกหน่วยงาน",
        numeric=False,
        to_field_name="code",
        label="หน่วยงานพัฒนา",
        error_messages={"invalid_choice": "ไม่พบหน่วยงานรหัส %(value)s"},
    )
    as_of = AsOfField(label="ณ วันที่ (พ.ศ.)", required=False)
    by_group = FlagField(label="แยกกลุ่มที่ 1 / กลุ่มที่ 2", required=False)
    compare = FlagField(label="เทียบกับรอบก่อนหน้า", required=False)
    # Not shown in the form: set by the links of a count to the name list behind it (3.5, 4.2).
    list = FlagField(label="รายชื่อ", required=False, widget=forms.HiddenInput)
    project = CodeChoiceField(
        Project,
        label="โครงการ",
        widget=forms.HiddenInput,
        error_messages={"invalid": "รหัสโครงการต้องเป็นตัวเลข", "invalid_choice": "ไม่พบโครงการนี้ (%(value)s)"},
    )
    unit_id = CodeChoiceField(
        DevelopmentUnit,
        label="หน่วยงานพัฒนา",
        widget=forms.HiddenInput,
        error_messages={"invalid": "รหัสหน่วยงานต้องเป็นตัวเลข", "invalid_choice": "ไม่พบหน่วยงานนี้ (%(value)s)"},
    )
    group = forms.TypedChoiceField(
        label="กลุ่ม",
        choices=[("", ""), ("1", "กลุ่มที่ 1"), ("2", "กลุ่มที่ 2")],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "กลุ่มไม่ถูกต้อง (1 หรือ 2)"},
    )
    search = SearchIdField(label="การค้นหา", required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *, user, round, **kwargs):
        super().__init__(data if data is not None else {}, label_suffix="", **kwargs)
        self.user = user
        self.round = round  # the round the page is about (request.round, or `--round`)
        # The 2.1 list is the only page that shows the status: its two choices; 4.2's come from its links.
        self.fields["status"].widget.choices = [("", "ทั้งหมด"), *INTERVIEW_STATUSES]

    def clean(self):
        data = super().clean()
        district = data.get("district")
        # The province the district must lie in: the account's own, or for central the one asked for.
        province = data.get("province") if self.user.role == Role.CENTRAL else self.user.province
        if district is not None and province is not None and district.province_id != province.pk:
            self.add_error("district", f"อำเภอนี้ไม่อยู่ในจังหวัด{province.name_th}")  # and out of `data`
        self._filters = self._scoped(data)
        self._show(self._filters)
        return data

    @property
    def filters(self) -> Filters:
        """The filters to apply: the checked values, the refused ones left out, clamped to the user's scope."""
        if self._errors is None:
            self.full_clean()
        return self._filters

    @property
    def problems(self) -> list[str]:
        """Each refused value as a Thai sentence naming its filter, for the page, a message or the command."""
        errors = self.errors
        return [f"{field.label}: {message}" for name, field in self.fields.items() for message in errors.get(name, [])]

    def _scoped(self, data) -> Filters:
        return scoped_filters(
            self.user,
            province=_pk(data.get("province")),
            district=_pk(data.get("district")),
            unit=data["unit"].code if data.get("unit") else None,
            as_of=data.get("as_of") or datetime.date.today(),
            by_group=data.get("by_group", False),
            compare=data.get("compare", False),
            status=data.get("status", ""),
            list=data.get("list", False),
            project=_pk(data.get("project")),
            unit_id=_pk(data.get("unit_id")),
            group=data.get("group"),
            round=self.round.pk,
        )

    def _show(self, filters: Filters) -> None:
        """Render what applies: the selects offer the user's own areas and mark the filters after the clamp
        (a district team's district, the province a district implies); a refused value stays as typed."""
        user = self.user
        provinces = (
            Province.objects.all() if user.role == Role.CENTRAL else Province.objects.filter(pk=user.province_id)
        )
        districts = (
            District.objects.filter(province_id=filters.province) if filters.province else District.objects.none()
        )
        if user.role == Role.DISTRICT_TEAM:
            districts = districts.filter(pk=user.district_id)
        self.fields["province"].queryset = provinces
        self.fields["district"].queryset = districts
        units = DevelopmentUnit.objects.order_by("pk")
        if user.role == Role.UNIT:
            # An agency account sees its own agency's people only: it is offered that agency (or all it sees),
            # not twelve others that would show it nothing.
            units = units.filter(pk=user.unit_id)
        self.fields["unit"].queryset = units
        shown = {
            "province": filters.province,
            "district": filters.district,
            "status": filters.status,
            "unit": filters.unit,
            "as_of": date_numeric(filters.as_of),
            "by_group": "1" if filters.by_group else "",
            "compare": "1" if filters.compare else "",
        }
        # The form is cleaned by now; from here on `data` only feeds the widgets.
        self.data = {name: self.data.get(name) if name in self.errors else value for name, value in shown.items()}


def _pk(row):
    return None if row is None else row.pk
