from django import forms

from cardholders.forms import ThaiDateField
from matching.models import Progress, ProgressStatus
from matching.progress_rules import progress_problems
from welfare_portal.models import DevelopmentUnit, Project, Province, Role


class ProgressForm(forms.Form):
    """Form 4.1, แบบแจ้งผลการพัฒนาตนเอง: what the agency records for one person."""

    unit = forms.ModelChoiceField(label="หน่วยงานที่ดำเนินการพัฒนา", queryset=DevelopmentUnit.objects.order_by("pk"))
    project = forms.ModelChoiceField(label="โครงการที่ส่งเสริมการพัฒนา", queryset=Project.objects.select_related("unit"))
    province = forms.ModelChoiceField(label="จังหวัดที่ดำเนินการพัฒนา", queryset=Province.objects.all())
    status = forms.ChoiceField(label="สถานะ", choices=ProgressStatus.choices)
    started_on = ThaiDateField(label="วันที่เริ่ม (พ.ศ.)", required=False)
    ended_on = ThaiDateField(label="วันที่เสร็จ (พ.ศ.)", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, cardholder, **kwargs):
        super().__init__(*args, **kwargs)
        self.cardholder = cardholder
        for field in self.fields.values():
            field.error_messages["required"] = "กรุณาเลือก" + (field.label or "")
            field.error_messages["invalid_choice"] = "ตัวเลือกไม่ถูกต้อง"
        if user.role == Role.UNIT:
            # An agency reports its own work in its own province; a hidden field edited by hand changes nothing.
            self.fields["unit"].queryset = DevelopmentUnit.objects.filter(pk=user.unit_id)
            self.fields["province"].queryset = Province.objects.filter(pk=user.province_id)
            self.fields["project"].queryset = Project.objects.filter(unit_id=user.unit_id)

    def clean(self):
        data = super().clean()
        unit, project = data.get("unit"), data.get("project")
        if unit and project and project.unit_id != unit.pk:
            self.add_error("project", "โครงการนี้ไม่ใช่ของหน่วยงานที่เลือก")
        if project and data.get("status"):
            existing = Progress.objects.filter(cardholder=self.cardholder, project=project).first()
            problems = progress_problems(
                previous=existing.status if existing else None,
                status=data["status"],
                started_on=data.get("started_on"),
                ended_on=data.get("ended_on"),
            )
            for field, message in problems.items():
                self.add_error(field, message)
        return data
