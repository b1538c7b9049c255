"""Forms of the development app: form 4.1 (ProgressForm) and the follow-ups of AO and ทีม ปรจ."""

import datetime

from django import forms

from cardholders.forms import ThaiDateField
from welfare_portal.forms import projects_by_agency, thai_choices
from welfare_portal.models import DevelopmentUnit, Project, Province, Role

from .models import FollowUp, FollowUpOutcome, FollowUpPeriod, Progress, ProgressStatus
from .progress_rules import progress_problems


class ProgressForm(forms.Form):
    """Form 4.1, แบบแจ้งผลการพัฒนาตนเอง: what the agency records for one person."""

    unit = forms.ModelChoiceField(label="หน่วยงานที่ดำเนินการพัฒนา", queryset=DevelopmentUnit.objects.order_by("pk"))
    project = forms.ModelChoiceField(label="โครงการที่ส่งเสริมการพัฒนา", queryset=Project.objects.select_related("unit"))
    province = forms.ModelChoiceField(label="จังหวัดที่ดำเนินการพัฒนา", queryset=Province.objects.all())
    status = forms.ChoiceField(label="สถานะ", choices=ProgressStatus.choices)
    started_on = ThaiDateField(label="วันที่เริ่ม (พ.ศ.)", required=False)
    ended_on = ThaiDateField(label="วันที่เสร็จ (พ.ศ.)", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, cardholder, assignment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.cardholder = cardholder
        # The progress it updates is of the assignment's round (issue 15); without one, the service refuses.
        self.in_round = {} if assignment is None else {"round_id": assignment.round_id}
        if assignment is not None:
            # Progress is the assigned agency's, in the province that develops the person (progress_rules):
            # the form offers nothing else, for every role; a select edited by hand changes nothing.
            self.fields["unit"].queryset = DevelopmentUnit.objects.filter(pk=assignment.unit_id)
            self.fields["province"].queryset = Province.objects.filter(pk=assignment.development_province_id)
            self.fields["project"].queryset = Project.objects.filter(unit_id=assignment.unit_id)
        elif user.role == Role.UNIT:
            # An agency reports its own work in its own province; a hidden field edited by hand changes nothing.
            self.fields["unit"].queryset = DevelopmentUnit.objects.filter(pk=user.unit_id)
            self.fields["province"].queryset = Province.objects.filter(pk=user.province_id)
            self.fields["project"].queryset = Project.objects.filter(unit_id=user.unit_id)
        thai_choices(self)
        projects_by_agency(self.fields["project"])

    def clean(self):
        data = super().clean()
        unit, project = data.get("unit"), data.get("project")
        if unit and project and project.unit_id != unit.pk:
            self.add_error("project", "โครงการนี้ไม่ใช่ของหน่วยงานที่เลือก")
        if project and data.get("status"):
            existing = Progress.objects.filter(cardholder=self.cardholder, project=project, **self.in_round).first()
            problems = progress_problems(
                previous=existing.status if existing else None,
                status=data["status"],
                started_on=data.get("started_on"),
                ended_on=data.get("ended_on"),
            )
            for field, message in problems.items():
                self.add_error(field, message)
        return data


class FollowUpForm(forms.ModelForm):
    followed_on = ThaiDateField(label="วันที่ติดตาม (พ.ศ.)")

    class Meta:
        model = FollowUp
        fields = ["period", "followed_on", "outcome", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, cardholder, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cardholder = cardholder
        self.instance.round = round
        self.instance.recorded_by = user
        # AO follow up in February and September; ทีม ปรจ. record results in December.
        allowed = (
            [FollowUpPeriod.TEAM_DECEMBER]
            if user.role == Role.DISTRICT_TEAM
            else [FollowUpPeriod.AO_FEBRUARY, FollowUpPeriod.AO_SEPTEMBER]
        )
        self.fields["period"].choices = [(p.value, p.label) for p in allowed]
        thai_choices(self)

    def clean_followed_on(self):
        day = self.cleaned_data["followed_on"]
        if day > datetime.date.today():
            raise forms.ValidationError("วันที่ติดตามอยู่ในอนาคต")
        return day

    def clean(self):
        data = super().clean()
        day, period = data.get("followed_on"), data.get("period")
        if day and period:
            self.instance.year = day.year + 543
            if FollowUp.objects.filter(
                cardholder=self.instance.cardholder, round=self.instance.round, period=period, year=self.instance.year
            ).exists():
                self.add_error("period", f"บันทึกการติดตามรอบนี้ของปี {self.instance.year} ไว้แล้ว")
        if data.get("outcome") == FollowUpOutcome.OTHER and not data.get("notes", "").strip():
            self.add_error("notes", "กรุณาระบุรายละเอียดในหมายเหตุ")
        return data

    def validate_unique(self):
        pass  # checked in clean() with a Thai message
