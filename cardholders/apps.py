from django.apps import AppConfig


class CardholdersConfig(AppConfig):
    name = "cardholders"
    verbose_name = "ผู้มีบัตรสวัสดิการแห่งรัฐและการสัมภาษณ์"
