from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "ชื่อผู้ใช้งานหรือรหัสผ่านไม่ถูกต้อง กรุณาตรวจสอบแล้วลองใหม่อีกครั้ง",
        "inactive": "บัญชีนี้ถูกระงับการใช้งาน กรุณาติดต่อผู้ดูแลระบบ",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "ชื่อผู้ใช้งาน"
        self.fields["password"].label = "รหัสผ่าน"
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "placeholder": "เช่น P5200"})


class ForcedPasswordChangeForm(PasswordChangeForm):
    """The ordinary change form, which also lifts the must-change flag of a new account."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "รหัสผ่านเดิมไม่ถูกต้อง",
        "password_mismatch": "รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "รหัสผ่านเดิม"
        self.fields["new_password1"].label = "รหัสผ่านใหม่"
        self.fields["new_password2"].label = "ยืนยันรหัสผ่านใหม่"

    def clean_new_password1(self):
        password = self.cleaned_data.get("new_password1")
        if password and password == self.data.get("old_password"):
            raise forms.ValidationError("รหัสผ่านใหม่ต้องไม่ซ้ำกับรหัสผ่านเดิม")
        return password

    def save(self, commit=True):
        self.user.must_change_password = False
        return super().save(commit)


# ---- the portal's forms speak as the 2018 form did -----------------------------------------------------

PLEASE_CHOOSE = "- โปรดเลือก -"


def thai_choices(form: forms.BaseForm) -> None:
    """Messages and placeholders of a form as Thai users read them: a choice is chosen ("กรุณาเลือก…"), a
    box is filled in ("กรุณากรอก…"), an empty select says "- โปรดเลือก -" (as on the 2018 form), never
    "---------"."""
    for field in form.fields.values():
        label = field.label or ""
        if isinstance(field, forms.ChoiceField | forms.ModelChoiceField | forms.MultipleChoiceField):
            field.error_messages["required"] = "กรุณาเลือก" + label
            field.error_messages["invalid_choice"] = "ตัวเลือกไม่ถูกต้อง กรุณาเลือกใหม่"
            if isinstance(field, forms.ModelChoiceField) and field.empty_label is not None:
                field.empty_label = PLEASE_CHOOSE
            elif type(field) in (forms.ChoiceField, forms.TypedChoiceField) and not isinstance(
                field.widget, forms.RadioSelect
            ):
                choices = list(field.choices)
                if choices and choices[0][0] == "":
                    choices[0] = ("", PLEASE_CHOOSE)
                    field.choices = choices
        else:
            field.error_messages["required"] = "กรุณากรอก" + label


def projects_by_agency(field: forms.ModelChoiceField, *, label=None) -> None:
    """The field's projects grouped under their agency, agencies and projects in name order (Thai)."""
    label = label or (lambda project: f"{project.code} {project.name_th}")
    groups: dict[str, list] = {}
    for project in field.queryset.select_related("unit").order_by("unit__name_th", "name_th"):
        groups.setdefault(project.unit.name_th, []).append((project.pk, label(project)))
    blank = [("", field.empty_label)] if field.empty_label is not None else []
    field.choices = blank + list(groups.items())
