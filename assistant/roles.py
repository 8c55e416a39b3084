"""Who may call what: the role sets and the check shared by the service modules."""

from __future__ import annotations

from collections.abc import Collection

from assistant.errors import AuthorizationError
from assistant.types import Principal, Role

STAFF_ROLES = frozenset({Role.STAFF, Role.ADMIN})
# The gaps report is for fixing content; staff work patient by patient and do not need it.
EDITOR_ROLES = frozenset({Role.EDITOR, Role.ADMIN})
# A new article version needs a second person's approval: another editor or clinic staff.
REVIEWER_ROLES = frozenset({Role.EDITOR, Role.STAFF, Role.ADMIN})


def require(principal: Principal, roles: Collection[Role], what: str) -> None:
    if principal.role not in roles:
        allowed = " or ".join(sorted(role.value for role in roles))
        raise AuthorizationError(f"the {principal.role.value} role cannot {what}; it needs the {allowed} role")


def own_patient(principal: Principal, what: str) -> str:
    if principal.role is not Role.PATIENT or not principal.patient_id:
        raise AuthorizationError(f"only a patient can {what}")
    return principal.patient_id
