"""The forms of the name check (ตรวจสอบรายชื่อกับรายชื่อของหน่วยงาน): the upload, the ID column when the
file does not say, and recording progress for the `both` list."""

from django import forms

from cardholders.forms import ThaiDateField
from welfare_portal.models import DevelopmentUnit, Province, Role

from .models import ProgressStatus
from .name_check import mask_cell
from .progress_rules import progress_problems


class NameCheckForm(forms.Form):
    """An agency checks its own list in its own province; a province any agency's list in its province;
    central any agency's in the province it picks. Fixed choices are shown, and a hand-edited POST changes
    nothing (disabled fields take their initial value)."""

    file = forms.FileField(
        label="ไฟล์รายชื่อของหน่วยงาน (.xlsx, .xls, .ods หรือ .csv)",
        help_text="คอลัมน์ใดก็ได้ ระบบหาคอลัมน์เลขประจำตัวประชาชนจากหัวตาราง (เช่น เลขประจำตัวประชาชน หรือ เลขบัตรประชาชน) "
        "หากไม่ชัดเจนจะให้ท่านเลือกเอง",
        error_messages={
            "required": "กรุณาเลือกไฟล์รายชื่อ",
            "empty": "ไฟล์ว่าง ไม่มีข้อมูล",
            "invalid": "ไม่พบไฟล์ที่ส่งมา กรุณาเลือกไฟล์อีกครั้ง",
            "missing": "ไม่พบไฟล์ที่ส่งมา กรุณาเลือกไฟล์อีกครั้ง",
        },
    )
    unit = forms.ModelChoiceField(
        label="หน่วยงานพัฒนา",
        queryset=DevelopmentUnit.objects.order_by("pk"),
        error_messages={"required": "กรุณาเลือกหน่วยงานพัฒนา", "invalid_choice": "ตัวเลือกไม่ถูกต้อง"},
    )
    province = forms.ModelChoiceField(
        label="จังหวัดที่ดำเนินการพัฒนา",
        queryset=Province.objects.all(),
        error_messages={"required": "กรุณาเลือกจังหวัด", "invalid_choice": "ตัวเลือกไม่ถูกต้อง"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.xls,.ods,.csv"
        if user.role == Role.UNIT:
            self._fix("unit", DevelopmentUnit.objects.filter(pk=user.unit_id))
        if user.role in (Role.UNIT, Role.PROVINCE):
            self._fix("province", Province.objects.filter(pk=user.province_id))

    def _fix(self, name, queryset):
        field = self.fields[name]
        field.queryset = queryset
        field.disabled = True
        field.empty_label = None
        self.initial[name] = queryset.first()


class IdColumnForm(forms.Form):
    """Which row is the header and which column holds the IDs, when the header does not say."""

    header_index = forms.TypedChoiceField(label="แถวหัวตาราง", coerce=int)
    id_column = forms.TypedChoiceField(label="คอลัมน์เลขประจำตัวประชาชน", coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, check, reveal: bool, **kwargs):
        super().__init__(*args, **kwargs)
        rows = check.preview.get("rows", [])
        suggested = check.preview.get("header_index", 0)
        self.initial.setdefault("header_index", suggested)
        self.initial.setdefault("id_column", check.preview.get("id_column", 0))
        self.fields["header_index"].choices = [
            (index, f"แถวที่ {number:,}: " + " | ".join(_shown(cells, reveal)[:6]))
            if number
            else (index, f"แถวที่ {index + 1}")
            for index, (number, cells) in enumerate(rows)
        ] + [(-1, "ไม่มีแถวหัวตาราง (ข้อมูลเริ่มตั้งแต่แถวแรก)")]
        named = rows[suggested][1] if 0 <= suggested < len(rows) else []
        width = max((len(cells) for _, cells in rows), default=0)
        examples = rows[suggested + 1 :] if suggested >= 0 else rows
        self.fields["id_column"].choices = [
            (column, _column_label(column, named, examples, reveal)) for column in range(width)
        ]
        self.fields["header_index"].error_messages["invalid_choice"] = "ตัวเลือกไม่ถูกต้อง"
        self.fields["id_column"].error_messages["invalid_choice"] = "ตัวเลือกไม่ถูกต้อง"
        self.fields["id_column"].error_messages["required"] = "กรุณาเลือกคอลัมน์เลขประจำตัวประชาชน"


def _shown(cells, reveal: bool) -> list[str]:
    return [text if reveal else mask_cell(text) for text in cells]


def _column_label(column: int, named: list[str], examples, reveal: bool) -> str:
    name = named[column].strip() if column < len(named) and named[column].strip() else "(ไม่มีชื่อ)"
    sample = next((cells[column] for _, cells in examples if column < len(cells) and cells[column].strip()), "")
    sample = sample if reveal else mask_cell(sample, id_column=True)
    return f"คอลัมน์ที่ {column + 1}: {name}" + (f" เช่น {sample}" if sample else "")


class RecordProgressForm(forms.Form):
    """One status and its dates for the people of the `both` list: all of them, or those ticked."""

    SCOPES = [("selected", "เฉพาะรายชื่อที่เลือกในหน้านี้"), ("all", "ทั้งกลุ่ม")]

    scope = forms.ChoiceField(label="บันทึกให้", choices=SCOPES, widget=forms.RadioSelect, initial="selected")
    status = forms.ChoiceField(label="สถานะ", choices=ProgressStatus.choices, initial=ProgressStatus.COMPLETED)
    started_on = ThaiDateField(
        label="วันที่เริ่ม (พ.ศ.)", required=False, help_text="เว้นว่างไว้เพื่อใช้วันที่เริ่มที่บันทึกไว้แล้วของแต่ละคน"
    )
    ended_on = ThaiDateField(label="วันที่เสร็จ (พ.ศ.)", required=False)

    def __init__(self, *args, group_size: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = [("selected", "เฉพาะรายชื่อที่เลือกในหน้านี้"), ("all", f"ทั้งกลุ่ม ({group_size:,} คน)")]
        for field in self.fields.values():
            field.error_messages["required"] = "กรุณาเลือก" + (field.label or "")
            field.error_messages["invalid_choice"] = "ตัวเลือกไม่ถูกต้อง"

    def clean(self):
        data = super().clean()
        if not data.get("status"):
            return data
        problems = progress_problems(
            previous=None, status=data["status"], started_on=data.get("started_on"), ended_on=data.get("ended_on")
        )
        if data.get("started_on") is None and data["status"] != ProgressStatus.NOTIFIED:
            # A blank start keeps each person's recorded one; the preview names anyone who has none.
            problems.pop("started_on", None)
        for field, message in problems.items():
            self.add_error(field, message)
        return data
