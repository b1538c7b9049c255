import logging
import time

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode

logger = logging.getLogger(__name__)


class SlidingSessionMiddleware:
    """Sessions end SESSION_COOKIE_AGE after the last request. Saving the session on every request
    (SESSION_SAVE_EVERY_REQUEST) wrote and committed its row for every page a user opened, about 20 ms of
    each page on a disk that syncs commits; the end is pushed forward at most once a minute instead."""

    KEY = "_refreshed_at"
    EVERY = 60  # seconds

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.accessed and session.session_key and not session.is_empty():
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= self.EVERY:
                session[self.KEY] = now  # modified: SessionMiddleware saves it with a new expiry
        return response


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
                if not has_device:
                    return redirect("otp_setup")
                # Back to the page asked for once verified (otp_verify follows only this site's addresses).
                asked = f"?{urlencode({'next': request.get_full_path()})}" if request.method == "GET" else ""
                return redirect(reverse("otp_verify") + asked)
        return self.get_response(request)


class NoStoreForSignedInMiddleware:
    """Offices share computers: nothing a signed-in user was shown (profiles, name lists, exports, form 4.1,
    import jobs, the admin) may stay in the browser's cache or a proxy's for the next person to find. Every
    response to a signed-in user gets Cache-Control: no-store, private (with no-cache and max-age=0), unless
    the view chose its own Cache-Control; static files are left alone (issue #16, finding 11)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not response.has_header("Cache-Control")
            and not request.path.startswith(self.static_prefix)
        ):
            add_never_cache_headers(response)
        return response


NUL_REFUSED = "คำขอไม่ถูกต้อง: ข้อมูลที่ส่งมามีอักขระที่ระบบไม่รับ (NUL) กรุณากลับไปที่หน้าเดิมแล้วกรอกข้อมูลใหม่"


class RejectNulMiddleware:
    """A NUL byte in the path, a query or form value or name, or an uploaded file's name is refused with a
    400 page before any view runs: PostgreSQL cannot hold one in text and answered a filter like
    /menu/1.2/?q=%00 with a 500 (issue #16, finding 12). One door for every form and query string."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.has_nul(request):
            return bad_request(request, NUL_REFUSED)
        return self.get_response(request)

    @staticmethod
    def has_nul(request) -> bool:
        if "\x00" in request.path:
            return True
        sources = [request.GET]
        if request.method == "POST":
            sources += [request.POST]
        for data in sources:
            for key, values in data.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    return True
        if request.method == "POST":
            for key, files in request.FILES.lists():
                if "\x00" in key or any("\x00" in (upload.name or "") for upload in files):
                    return True
        return False


def bad_request(request, message: str) -> HttpResponseBadRequest:
    """The portal's Thai 400 page (templates/400.html) when there is one, else the message as plain text."""
    try:
        return HttpResponseBadRequest(get_template("400.html").render({"message": message}, request))
    except TemplateDoesNotExist:
        pass
    except Exception:  # an error page must not fail: the plain message will do
        logger.exception("rendering 400.html failed")
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
