"""Who may see which people: one queryset method, `.for_user(user)`, used by every view, export and command.

Every people-bearing model's queryset inherits ScopedQuerySet and says how to reach the person's
subdistrict. The rules fail closed: an unknown role, a missing province or an inactive account sees nothing.
"""

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Q

from .models import District, Province, Role
from .roles import Capability, roles_with


class ScopedQuerySet(models.QuerySet):
    # Lookup path from this model to the subdistrict of the person's current address.
    subdistrict_path = "subdistrict"
    # Expression for the person's id in this model, for the assignment-based rules below.
    cardholder_path = "cardholder_id"

    def for_user(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role == Role.CENTRAL:
            return self.all()
        if user.role in (Role.PROVINCE, Role.AO, Role.KJJ) and user.province_id:
            return self.filter(self.province_q(user.province_id) | self.extra_scope_q(user))
        if user.role == Role.DISTRICT_TEAM and user.district_id:
            return self.filter(self.district_q(user.district_id))
        if user.role == Role.UNIT and user.unit_id and user.province_id:
            return self.filter(self.unit_q(user))
        return self.none()

    def in_province(self, code: int):
        return self.filter(self.province_q(code))

    def in_district(self, code: int):
        return self.filter(self.district_q(code))

    def province_q(self, code: int) -> Q:
        return Q(**{f"{self.subdistrict_path}__code__range": Province.subdistrict_range(code)})

    def district_q(self, code: int) -> Q:
        return Q(**{f"{self.subdistrict_path}__code__range": District.subdistrict_range(code)})

    def extra_scope_q(self, user) -> Q:
        """People a province sees besides its residents: those sent to be developed in it."""
        return Q(Exists(self._active_assignments(development_province_id=user.province_id)))

    def unit_q(self, user) -> Q:
        """People an agency user sees: those assigned to its agency, developed in its province."""
        return Q(Exists(self._active_assignments(unit_id=user.unit_id, development_province_id=user.province_id)))

    def _active_assignments(self, **conditions):
        # Looked up by name: assignments live in the matching app, which depends on this one.
        assignment = apps.get_model("matching", "Assignment")
        return assignment.objects.filter(
            cardholder_id=OuterRef(self.cardholder_path), ended_at__isnull=True, **conditions
        )


def sees_full_ids(user) -> bool:
    """Capability.FULL_IDS: central (the system), and agencies matching names against their own rosters.
    Everyone else sees 3-1101-xxxxx-xx-1 in lists and exports, and can reveal one ID at a time in the
    profile, which is logged."""
    return user is not None and user.is_authenticated and user.role in roles_with(Capability.FULL_IDS)


def scope_is_an_area(user) -> bool:
    """True when what the user may see is exactly the people living in an area (the whole country, a
    province, a district), so counts kept per area (the summary tables) answer for them. Agencies see a
    selection of people, and broken accounts nothing: they are counted from the base tables."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.role == Role.CENTRAL:
        return True
    if user.role in (Role.PROVINCE, Role.AO, Role.KJJ):
        return bool(user.province_id)
    if user.role == Role.DISTRICT_TEAM:
        return bool(user.district_id)
    return False
