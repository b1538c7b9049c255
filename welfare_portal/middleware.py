from django.shortcuts import redirect
from django.urls import reverse


class ForcePasswordChangeMiddleware:
    """Until a new account has chosen its own password, every page but the change form and logout
    redirects to the change form: no generated or leaked password is usable for real work."""

    allowed_names = ("password_change", "logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse(name) for name in self.allowed_names}
            if request.path not in allowed and not request.path.startswith("/static/"):
                return redirect("password_change")
        return self.get_response(request)


class RequireOTPForCentralMiddleware:
    """Central accounts see every province: they must add a second factor (TOTP) and use it at every
    login. Until the session is verified, every page but the set-up and verify pages, the password change
    and logout leads there."""

    allowed_names = ("otp_setup", "otp_verify", "password_change", "logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_central and not user.is_verified():
            allowed = {reverse(name) for name in self.allowed_names}
            if request.path not in allowed and not request.path.startswith("/static/"):
                from django_otp.plugins.otp_totp.models import TOTPDevice

                has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
                return redirect("otp_verify" if has_device else "otp_setup")
        return self.get_response(request)
