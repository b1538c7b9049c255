from django.apps import AppConfig


class WelfarePortalConfig(AppConfig):
    name = "welfare_portal"
    verbose_name = "บัญชีผู้ใช้และข้อมูลอ้างอิง"
