import datetime

from django import forms
from stdnum.th import pin

from welfare_portal.forms import projects_by_agency, thai_choices
from welfare_portal.models import BasicNeed, Project, Skill
from welfare_portal.thai import date_numeric

from .importers.base import parse_date
from .models import Cardholder, Group, Interview


class ThaiDateField(forms.DateField):
    """A date typed the Thai way (20/6/2561, Buddhist era) or in ISO form."""

    widget = forms.TextInput(attrs={"placeholder": "เช่น 20/6/2561", "inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_date(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def prepare_value(self, value):
        return date_numeric(value) if isinstance(value, datetime.date) else value


class InterviewForm(forms.Form):
    national_id = forms.CharField(label="เลขประจำตัวประชาชน", max_length=20)
    interviewed_on = ThaiDateField(label="วันที่สัมภาษณ์ (พ.ศ.)")
    group = forms.TypedChoiceField(label="กลุ่ม", choices=Group.choices, coerce=int, widget=forms.RadioSelect)
    choice_1 = forms.ModelChoiceField(label="ความต้องการอันดับ 1", queryset=Project.objects.select_related("unit"))
    choice_2 = forms.ModelChoiceField(
        label="ความต้องการอันดับ 2", queryset=Project.objects.select_related("unit"), required=False
    )
    choice_3 = forms.ModelChoiceField(
        label="ความต้องการอันดับ 3", queryset=Project.objects.select_related("unit"), required=False
    )
    basic_needs = forms.ModelMultipleChoiceField(
        label="สิ่งจำเป็นพื้นฐานที่ต้องการเข้าถึง",
        queryset=BasicNeed.objects.all(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    skill = forms.ModelChoiceField(label="ทักษะอาชีพที่ต้องการฝึก", queryset=Skill.objects.all(), required=False)

    error_messages = {"required": "กรุณากรอกช่องนี้"}

    def __init__(self, *args, user, round, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.round = round  # the round the interview goes into (request.round)
        self.cardholder = person  # chosen from a list (the re-interview queue): no ID to type, none shown
        self.looked_up = ""  # the complete, valid ID looked up in the register, if any
        self.fields["national_id"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        if person is not None:
            del self.fields["national_id"]
        thai_choices(self)
        for rank in (1, 2, 3):
            projects_by_agency(self.fields[f"choice_{rank}"])

    def clean_national_id(self):
        text = self.cleaned_data["national_id"]
        if not pin.is_valid(text):
            raise forms.ValidationError("เลขประจำตัวประชาชนไม่ถูกต้อง กรุณาตรวจสอบ 13 หลัก")
        self.looked_up = pin.compact(text)
        self.cardholder = Cardholder.objects.for_user(self.user).filter(national_id=self.looked_up).first()
        if self.cardholder is None:
            raise forms.ValidationError("ไม่พบผู้มีบัตรฯ รายนี้ในพื้นที่ของท่าน")
        return pin.compact(text)

    def clean_interviewed_on(self):
        day = self.cleaned_data["interviewed_on"]
        if day > datetime.date.today():
            raise forms.ValidationError("วันที่สัมภาษณ์อยู่ในอนาคต")
        return day

    def clean(self):
        data = super().clean()
        choices = [data.get("choice_1"), data.get("choice_2"), data.get("choice_3")]
        if choices[2] and not choices[1]:
            self.add_error("choice_3", "ระบุอันดับ 3 ได้เมื่อระบุอันดับ 2 แล้วเท่านั้น")
        for rank in (2, 3):
            if choices[rank - 1] and choices[rank - 1] in choices[: rank - 1]:
                self.add_error(f"choice_{rank}", "โครงการนี้ซ้ำกับอันดับก่อนหน้า")
        day = data.get("interviewed_on")
        if self.cardholder and not self.cardholder.roster_entries.filter(round=self.round).exists():
            # as the interview import: the person must hold a card in the round (be on its roster)
            self.add_error(None, f"ผู้มีบัตรฯ รายนี้ไม่อยู่ในทะเบียนของรอบ {self.round.code} (นำเข้าทะเบียนของรอบนี้ก่อน)")
        elif (
            self.cardholder
            and day
            and Interview.objects.filter(cardholder=self.cardholder, round=self.round, interviewed_on=day).exists()
        ):
            self.add_error("interviewed_on", "ผู้มีบัตรฯ รายนี้มีแบบประเมินวันที่นี้แล้ว")
        return data

    @property
    def choices(self):
        return [self.cleaned_data[f"choice_{rank}"] for rank in (1, 2, 3) if self.cleaned_data.get(f"choice_{rank}")]
