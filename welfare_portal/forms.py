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
