from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .forms import ForcedPasswordChangeForm, LoginForm

admin.site.site_header = "MOF Welfare: ผู้ดูแลระบบ"
admin.site.site_title = "MOF Welfare"
admin.site.index_title = "การจัดการระบบ"

# Thai error pages in the portal's layout (templates/400.html …); 403, 404 and 500 are Django's own views,
# and 500 renders without the request, so it needs neither the session nor the database.
handler400 = "welfare_portal.views.bad_request"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(form_class=ForcedPasswordChangeForm),
        name="password_change",
    ),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("round/", views.choose_round, name="choose_round"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("otp/verify/", views.otp_verify, name="otp_verify"),
    path("admin/", admin.site.urls),
    path("", include("cardholders.urls")),
    path("", include("matching.urls")),
    path("", include("development.urls")),
    path("", include("reporting.urls")),
]
