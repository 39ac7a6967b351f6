"""Who may record the survey of a registered application.

The survey fields (status, date, recommendation) are the e-government
office's findings about an SKPK's application, so the SKPK that owns the
application must not be able to write them.  The schema validator and the
form helper both ask :func:`boleh_mencatat_survei`.
"""
from __future__ import annotations

from typing import Optional, Union

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk

SURVEY_FIELDS = ("status_survei", "tanggal_survei", "rekomendasi")
# Roles of the e-government organisation that may record a survey.
PERAN_PENCATAT = ("editor", "admin")


def organisasi_egov() -> Optional[model.Group]:
    """The active organisation named by
    ``ckanext.bandaaceh.aplikasi.egov_organization`` (None when the option
    is empty or names no active organisation)."""
    name = (tk.config["ckanext.bandaaceh.aplikasi.egov_organization"]
            or "").strip()
    if not name:
        return None
    group = model.Group.get(name)
    if (group is None or not group.is_organization
            or group.state != model.State.ACTIVE):
        return None
    return group


PESAN_ORGANISASI = (
    "Organisasi Bidang E-Government \"%s\" tidak ditemukan. Atur "
    "ckanext.bandaaceh.aplikasi.egov_organization dengan nama organisasi "
    "yang ada")


def penerbit() -> model.Group:
    """The e-government organisation, owner of the datasets the portal
    publishes about itself (registry, statistics, scorecard); a
    ValidationError that says what to configure when there is none."""
    group = organisasi_egov()
    if group is None:
        raise tk.ValidationError({"owner_org": [PESAN_ORGANISASI % (
            tk.config["ckanext.bandaaceh.aplikasi.egov_organization"]
            or "")]})
    return group


def boleh_mencatat_survei(user: Union[model.User, str, None]) -> bool:
    """True if ``user`` (a user object or name) is a sysadmin or an editor
    or admin of the e-government organisation."""
    if isinstance(user, model.User):
        user_obj: Optional[model.User] = user
    else:
        # a name, or the web's current user (anonymous: name "")
        name = user if isinstance(user, str) else getattr(user, "name", "")
        user_obj = model.User.get(name) if name else None
    if user_obj is None or user_obj.state != model.State.ACTIVE:
        return False
    if user_obj.sysadmin:
        return True
    org = organisasi_egov()
    if org is None:
        return False
    role = authz.users_role_for_group_or_org(org.id, user_obj.name)
    return role in PERAN_PENCATAT
