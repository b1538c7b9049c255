"""Password rules, every one in Thai (settings.AUTH_PASSWORD_VALIDATORS).

Django's four validators are kept as they are, with Thai messages and help texts (Django ships no Thai
translation of them). GuessablePasswordValidator adds what an attacker of this portal would try first
(issue 16, finding 10): the user name in any case, and passwords built from what the 2018 letter and the
portal make public: province names (Thai and English, from the reference data), the letter's year and the
province account codes (P5200), and the portal's own words (welfare, MOF).
"""

import re
import unicodedata

from django.contrib.auth import password_validation as django_validators
from django.core.exceptions import ValidationError


class MinimumLengthValidator(django_validators.MinimumLengthValidator):
    def get_error_message(self):
        return f"รหัสผ่านสั้นเกินไป ต้องยาวอย่างน้อย {self.min_length} ตัวอักษร"

    def get_help_text(self):
        return f"ยาวอย่างน้อย {self.min_length} ตัวอักษร"


class UserAttributeSimilarityValidator(django_validators.UserAttributeSimilarityValidator):
    def get_error_message(self):
        # Django names the field here ("%(verbose_name)s"); the user's fields have English names.
        return "รหัสผ่านคล้ายกับชื่อผู้ใช้งานหรือข้อมูลส่วนตัวของบัญชีมากเกินไป"

    def get_help_text(self):
        return "ไม่คล้ายกับชื่อผู้ใช้งานหรือข้อมูลส่วนตัวของบัญชี"


class CommonPasswordValidator(django_validators.CommonPasswordValidator):
    def get_error_message(self):
        return "รหัสผ่านนี้มีผู้ใช้ทั่วไปมากและเดาง่ายเกินไป"

    def get_help_text(self):
        return "ไม่เป็นรหัสผ่านที่มีผู้ใช้ทั่วไปมาก (เช่น qwertyuiop, password123)"


class NumericPasswordValidator(django_validators.NumericPasswordValidator):
    def get_error_message(self):
        return "รหัสผ่านเป็นตัวเลขล้วน ต้องมีตัวอักษรด้วย"

    def get_help_text(self):
        return "ไม่เป็นตัวเลขล้วน"


# The year of the 2018 letter (2561 in the Buddhist era), the measure's round, printed on every page of it.
LETTER_YEARS = ("2561", "2018")
# Province accounts are P{province code}00 (P1000 … P9600); the letter listed them all, with or without the P.
ACCOUNT_CODE = re.compile(r"p?\d\d00")
# The portal's and the ministry's own words, as a user would type them.
PORTAL_WORDS = (
    "welfare",
    "mofwelfare",
    "mof",
    "finance",
    "pracharat",
    "province",
    "changwat",
    "thailand",
    "สวัสดิการ",
    "บัตร",
    "คลัง",
    "ประชารัฐ",
    "จังหวัด",
    "ประเทศไทย",
)


# Letters written as digits or signs ("L4mp4ng", "W3lf@re"): a guesser's dictionary tries them, so does the check.
_LEET = [str.maketrans("4@3011$5!7", "aaeooissit"), str.maketrans("4@3011$5!7", "aaeolssslt")]


def _squash(text: str) -> str:
    """Lower case, letters and digits only: "Chiang-Mai" and "chiangmai" are the same guess. Thai vowel
    and tone marks are dropped too (they are not letters to str.isalnum), on both sides alike."""
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in text if ch.isalnum())


def _province_names() -> list[str]:
    # Read from the reference data on each check (77 rows): administrators may correct names in the admin.
    from .models import Province

    names = []
    for name_th, name_en in Province.objects.values_list("name_th", "name_en"):
        names += [_squash(name_th), _squash(name_en)]
    return [name for name in names if name]


def _without(text: str, words) -> str:
    for word in words:
        text = text.replace(word, "")
    return text


class GuessablePasswordValidator:
    """Refuses the user name anywhere in the password (any case, separators ignored), and passwords that,
    once every province name, the letter's year, account code and portal word is taken out (also when written
    with digits for letters, "L4mp4ng"), leave fewer than `min_rest` letters or digits, only digits, or a common
    password: `lampang2561`, `welfare2561` and `12149P5200` are refused, `Lampang-Portal-2569` is not."""

    def __init__(self, min_rest: int = 6):
        self.min_rest = min_rest
        self._common = CommonPasswordValidator().passwords

    def validate(self, password, user=None):
        squashed = _squash(password)
        username = _squash(getattr(user, "username", "") or "")
        if len(username) >= 3 and username in squashed:
            raise ValidationError(
                "รหัสผ่านต้องไม่มีชื่อผู้ใช้งานอยู่ในรหัสผ่าน ไม่ว่าจะพิมพ์ตัวพิมพ์เล็กหรือตัวพิมพ์ใหญ่",
                code="password_contains_username",
            )
        # Longest first, so "mofwelfare" goes whole and "chiangmai" before a shorter name inside it.
        words = sorted({*_province_names(), *PORTAL_WORDS}, key=len, reverse=True)
        rest = ACCOUNT_CODE.sub("", _without(squashed, LETTER_YEARS))
        rest = _without(rest, words)
        # What is left, read again with its digits and signs as letters (the signs are gone from `squashed`, so
        # the leet forms are read from the password itself, with the numbers already taken out).
        spelled = ACCOUNT_CODE.sub("", _without(unicodedata.normalize("NFKC", password).lower(), LETTER_YEARS))
        rests = [rest] + [_without(_squash(spelled.translate(table)), words) for table in _LEET]
        if rest.isdigit() or any(len(r) < self.min_rest or r in self._common for r in rests):
            raise ValidationError(self.get_error_message(), code="password_guessable")

    def get_error_message(self):
        return (
            "รหัสผ่านเดาง่ายเกินไป: เมื่อตัดชื่อจังหวัด ปี 2561 รหัสบัญชีจังหวัด (เช่น P5200) และคำเกี่ยวกับระบบ "
            "(เช่น welfare, MOF) ออกแล้ว ส่วนที่เหลือสั้นเกินไป เป็นตัวเลขล้วน หรือเป็นรหัสผ่านที่ใช้กันทั่วไป "
            "กรุณาเพิ่มคำหรือตัวอักษรอื่นที่คนอื่นเดาไม่ได้"
        )

    def get_help_text(self):
        return (
            f"ไม่มีชื่อผู้ใช้งาน และเมื่อตัดชื่อจังหวัด ปี 2561/2018 รหัสบัญชีจังหวัด (เช่น P5200) และคำเกี่ยวกับระบบ "
            f"(เช่น welfare, MOF) ออกแล้ว ยังเหลือตัวอักษรหรือตัวเลขอื่นอย่างน้อย {self.min_rest} ตัว และไม่เป็นตัวเลขล้วน"
        )
