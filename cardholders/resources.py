"""django-import-export resources for the admin's import and export buttons. Column names are the Thai
ones of the contract (docs/roster.md, docs/interviews.md), so the same roster file works here and in the portal's own importer."""

from import_export import fields, resources, widgets

from welfare_portal.models import Project, Round, Skill, Subdistrict

from .models import Cardholder, Channel, Interview
from .services import interviews_refresh_current, takes_current


class NationalIdWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        from .importers.base import parse_national_id

        return parse_national_id(value)


class TextWidget(widgets.CharWidget):
    """A text cell as the portal's importers read it: an empty cell is "" (the columns are NOT NULL; an
    empty optional cell made the whole import fail, issue #16 finding 13), numbers typed into Excel lose
    their ".0", spaces around are dropped."""

    def clean(self, value, row=None, **kwargs):
        from .importers.base import cell_text

        return cell_text(value)


def _text(attribute, column):
    return fields.Field(attribute, column, widget=TextWidget())


class CardholderResource(resources.ModelResource):
    national_id = fields.Field("national_id", "เลขประจำตัวประชาชน", widget=NationalIdWidget())
    title = _text("title", "คำนำหน้า")
    first_name = _text("first_name", "ชื่อ")
    last_name = _text("last_name", "นามสกุล")
    phone = _text("phone", "เบอร์โทรศัพท์")
    house_no = _text("house_no", "บ้านเลขที่")
    moo = _text("moo", "หมู่ที่")
    village = _text("village", "หมู่บ้าน")
    subdistrict = fields.Field("subdistrict", "รหัสตำบล", widget=widgets.ForeignKeyWidget(Subdistrict, "code"))

    class Meta:
        model = Cardholder
        import_id_fields = ["national_id"]
        fields = [
            "national_id",
            "title",
            "first_name",
            "last_name",
            "phone",
            "house_no",
            "moo",
            "village",
            "subdistrict",
        ]
        skip_unchanged = True
        report_skipped = False
        # The model's own rules (a name is required, lengths) refuse a row before the database would.
        clean_model_instances = True


class ThaiDateWidget(widgets.DateWidget):
    def clean(self, value, row=None, **kwargs):
        from .importers.base import parse_date

        return parse_date(value) if value not in (None, "") else None


class CardholderByIdWidget(widgets.ForeignKeyWidget):
    def clean(self, value, row=None, **kwargs):
        from .importers.base import parse_national_id

        return super().clean(parse_national_id(value), row, **kwargs)


class NeedsWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return sorted({code.strip().upper() for code in str(value or "").split(",") if code.strip()})

    def render(self, value, obj=None, **kwargs):
        return ",".join(value or [])


def _project(column, attribute):
    return fields.Field(attribute, column, widget=widgets.ForeignKeyWidget(Project, "code"))


class InterviewResource(resources.ModelResource):
    cardholder = fields.Field("cardholder", "เลขประจำตัวประชาชน", widget=CardholderByIdWidget(Cardholder, "national_id"))
    interviewed_on = fields.Field("interviewed_on", "วันที่สัมภาษณ์", widget=ThaiDateWidget())
    group = fields.Field("group", "กลุ่ม", widget=widgets.IntegerWidget())
    choice_1 = _project("ความต้องการอันดับ 1", "choice_1")
    choice_2 = _project("ความต้องการอันดับ 2", "choice_2")
    choice_3 = _project("ความต้องการอันดับ 3", "choice_3")
    basic_needs = fields.Field("basic_needs", "สิ่งจำเป็นพื้นฐาน", widget=NeedsWidget())
    skill = fields.Field("skill", "ทักษะอาชีพ", widget=widgets.ForeignKeyWidget(Skill, "code"))

    class Meta:
        model = Interview
        import_id_fields = ["cardholder", "interviewed_on"]
        fields = ["cardholder", "interviewed_on", "group", "choice_1", "choice_2", "choice_3", "basic_needs", "skill"]
        skip_unchanged = True

    def before_save_instance(self, instance, row, **kwargs):
        instance.channel = Channel.ADMIN
        if instance.pk is None:  # a new interview is written current or not, as it is (services.takes_current)
            instance.round = Round.objects.current()
            instance.is_current = takes_current(instance.cardholder_id, instance.round, instance.interviewed_on)

    def after_import(self, dataset, result, **kwargs):
        # The latest interview of everyone touched becomes current, as with every other channel.
        ids = [row.object_id for row in result.rows if row.object_id]
        if ids and not kwargs.get("dry_run"):
            interviews_refresh_current(
                cardholder_ids_sql="SELECT cardholder_id FROM cardholders_interview WHERE id = ANY(%s)", params=[ids]
            )
