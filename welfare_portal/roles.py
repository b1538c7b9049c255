"""Who may do what: the roles, and the one table of which role holds which capability.

Every door is named here once. Views say `@requires(Capability.X)`; templates read `can.x` (put there by
the context processor `welfare_portal.context_processors.capabilities`); the menu shows an entry only to
the roles that may open it, because both ask the same capability. Which *people* a user sees within a
door is a different question, answered by `welfare_portal.scope` (`.for_user(user)`).

This module imports nothing from the portal's models (models.py imports Role from here).
"""

import enum
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models


class Role(models.TextChoices):
    CENTRAL = "central", "ศทส.สป.กค. (ส่วนกลาง)"
    PROVINCE = "province", "จังหวัด"
    AO = "ao", "AO ผู้ดูแลผู้มีบัตรสวัสดิการแห่งรัฐ"
    KJJ = "kjj", "คจจ. (คณะอนุกรรมการฯ ประจำจังหวัด)"
    DISTRICT_TEAM = "district_team", "ทีม ปรจ. (ทีมหมอประชารัฐสุขใจ)"
    UNIT = "unit", "หน่วยงานพัฒนา"


# What each role must be tied to; anything else is left empty.
ROLE_SCOPE = {
    Role.CENTRAL: set(),
    Role.PROVINCE: {"province"},
    Role.AO: {"province"},
    Role.KJJ: {"province"},
    Role.DISTRICT_TEAM: {"province", "district"},
    Role.UNIT: {"province", "unit"},
}


class Capability(enum.StrEnum):
    """Something a user may open or do. The value is the name templates use: `{% if can.interview %}`."""

    INTERVIEW = "interview"  # บันทึกแบบประเมิน (the AO interview form)
    PAPER_FORMS = "paper_forms"  # ทะเบียนแบบฟอร์มกระดาษ
    IMPORT = "import"  # นำเข้าข้อมูล: the import pages (which kinds of file: the importers' own capabilities)
    IMPORT_REGISTER = "import_register"  # import rosters and interviews (a file kind, see cardholders.importers)
    MATCHING = "matching"  # การจับคู่ (คจจ.): runs, confirmations, new decisions, delegations, transfers
    REINTERVIEW_QUEUE = "reinterview_queue"  # รายชื่อที่ต้องสัมภาษณ์ใหม่
    DELEGATED_CASES = "delegated_cases"  # รายชื่อที่ได้รับมอบหมาย: an agency decides the cases delegated to it
    PROGRESS = "progress"  # form 4.1 and progress files: record a person's development
    PROVINCE_RESULT = "province_result"  # แบบรายงานผลการดำเนินงาน (the provincial result workbook, 4.2)
    NAME_CHECK = "name_check"  # 4.3 ตรวจสอบรายชื่อกับรายชื่อของหน่วยงาน
    FOLLOW_UP = "follow_up"  # follow-ups recorded from the profile
    AUDIT = "audit"  # a person's whole audit trail
    ALL_PROVINCES = "all_provinces"  # acts for any province (chooses one), sees every user's imports and checks
    FULL_IDS = "full_ids"  # works with full national IDs in lists and exports (others see them masked)
    BEHIND = "behind"  # 4.4 ติดตามความคืบหน้าตามกำหนดเวลา: who is behind the round's due dates, per area and agency
    OPEN_WORK = "open_work"  # the names behind one's own open work (the home page's lines), within scope


C = Capability
R = Role
CAPABILITIES: dict[Capability, frozenset[Role]] = {
    C.INTERVIEW: frozenset({R.CENTRAL, R.PROVINCE, R.AO}),
    C.PAPER_FORMS: frozenset({R.CENTRAL, R.PROVINCE, R.DISTRICT_TEAM}),
    C.IMPORT: frozenset({R.CENTRAL, R.PROVINCE, R.UNIT}),
    C.IMPORT_REGISTER: frozenset({R.CENTRAL, R.PROVINCE}),
    C.MATCHING: frozenset({R.CENTRAL, R.KJJ}),
    C.REINTERVIEW_QUEUE: frozenset({R.CENTRAL, R.PROVINCE, R.AO, R.KJJ}),
    C.DELEGATED_CASES: frozenset({R.UNIT}),
    C.PROGRESS: frozenset({R.CENTRAL, R.PROVINCE, R.UNIT}),
    C.PROVINCE_RESULT: frozenset({R.CENTRAL, R.PROVINCE}),
    C.NAME_CHECK: frozenset({R.CENTRAL, R.PROVINCE, R.UNIT}),
    C.FOLLOW_UP: frozenset({R.AO, R.DISTRICT_TEAM}),
    C.AUDIT: frozenset({R.CENTRAL}),
    C.ALL_PROVINCES: frozenset({R.CENTRAL}),
    C.FULL_IDS: frozenset({R.CENTRAL, R.UNIT}),
    C.BEHIND: frozenset({R.CENTRAL, R.PROVINCE}),
    C.OPEN_WORK: frozenset({R.CENTRAL, R.PROVINCE, R.AO, R.KJJ, R.DISTRICT_TEAM, R.UNIT}),
}
del C, R


# Capabilities that write into a round: refused for a round that is closed (read-only), whatever the role.
WRITES_TO_ROUND = frozenset(
    {
        Capability.INTERVIEW,
        Capability.PAPER_FORMS,
        Capability.IMPORT,
        Capability.IMPORT_REGISTER,
        Capability.MATCHING,
        Capability.DELEGATED_CASES,
        Capability.PROGRESS,
        Capability.FOLLOW_UP,
    }
)
CLOSED_ROUND = "รอบนี้ปิดแล้ว ดูข้อมูลได้อย่างเดียว เลือกรอบปัจจุบันที่แถบด้านบนเพื่อบันทึกหรือนำเข้าข้อมูล"


def can(user, capability: Capability) -> bool:
    """Whether the (signed-in, active) user's role holds the capability; anyone else holds none."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.role in CAPABILITIES[capability]


def capabilities_of(user) -> frozenset[Capability]:
    return frozenset(capability for capability in Capability if can(user, capability))


def roles_with(capability: Capability) -> frozenset[Role]:
    return CAPABILITIES[capability]


def requires(capability: Capability):
    """View decorator: sign-in first (like login_required), then the capability, else the portal's 403 page.
    A write (POST) of a capability that writes into a round is refused while the chosen round is closed
    (`request.round`, welfare_portal.rounds)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not can(request.user, capability):
                raise PermissionDenied(f"บัญชีนี้ไม่มีสิทธิ์ ({capability})")
            if (
                capability in WRITES_TO_ROUND
                and request.method not in ("GET", "HEAD", "OPTIONS")
                and getattr(request, "round", None) is not None
                and request.round.is_closed
            ):
                raise PermissionDenied(CLOSED_ROUND)
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator
