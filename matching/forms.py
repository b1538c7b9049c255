"""The คจจ.'s decision forms: errors beside the field they are about, in Thai."""

from django import forms

from welfare_portal.forms import projects_by_agency, thai_choices
from welfare_portal.models import Project, Province


class ProjectChangeForm(forms.Form):
    project = forms.ModelChoiceField(label="โครงการใหม่", queryset=Project.objects.select_related("unit"))
    reason = forms.CharField(label="เหตุผล / เลขที่มติ", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, assignment, **kwargs):
        super().__init__(*args, prefix="change", **kwargs)
        self.fields["project"].queryset = Project.objects.select_related("unit").exclude(pk=assignment.project_id)
        thai_choices(self)
        projects_by_agency(self.fields["project"])
        self.fields["reason"].error_messages["required"] = "กรุณากรอกเหตุผลหรือเลขที่มติ"


class TransferForm(forms.Form):
    to_province = forms.ModelChoiceField(label="จังหวัดปลายทาง", queryset=Province.objects.none())
    reason = forms.CharField(label="เหตุผล", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, assignment, **kwargs):
        super().__init__(*args, prefix="transfer", **kwargs)
        # No default: the person's own province is never a destination, and Bangkok is not preselected.
        self.fields["to_province"].queryset = Province.objects.exclude(pk=assignment.development_province_id).order_by(
            "name_th"
        )
        self.fields["to_province"].label_from_instance = lambda province: province.name_th
        thai_choices(self)
        self.fields["reason"].error_messages["required"] = "กรุณากรอกเหตุผล"
