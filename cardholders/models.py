from django.db import models
from stdnum.th import pin

from welfare_portal.models import Subdistrict
from welfare_portal.scope import ScopedQuerySet


class CardholderQuerySet(ScopedQuerySet):
    subdistrict_path = "subdistrict"


class Cardholder(models.Model):
    # Normal form: the 13 digits, no dashes or spaces (see normalize_national_id).
    national_id = models.CharField("เลขประจำตัวประชาชน", max_length=13, unique=True)
    title = models.CharField("คำนำหน้า", max_length=50, blank=True)
    first_name = models.CharField("ชื่อ", max_length=100)
    last_name = models.CharField("นามสกุล", max_length=100)
    phone = models.CharField("เบอร์โทรศัพท์", max_length=30, blank=True)
    house_no = models.CharField("บ้านเลขที่", max_length=50, blank=True)
    moo = models.CharField("หมู่ที่", max_length=10, blank=True)
    village = models.CharField("หมู่บ้าน", max_length=100, blank=True)
    subdistrict = models.ForeignKey(Subdistrict, on_delete=models.PROTECT, verbose_name="ตำบล")
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)
    updated_at = models.DateTimeField("แก้ไขเมื่อ", auto_now=True)

    objects = CardholderQuerySet.as_manager()

    class Meta:
        verbose_name = "ผู้มีบัตรสวัสดิการแห่งรัฐ"
        verbose_name_plural = "ผู้มีบัตรสวัสดิการแห่งรัฐ"

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.title}{self.first_name} {self.last_name}".strip()

    @property
    def national_id_display(self) -> str:
        return pin.format(self.national_id)
