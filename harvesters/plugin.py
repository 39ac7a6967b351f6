"""Wiring of the harvesters into CKAN and ckanext-harvest. Logic lives in
the harvester packages (``berita``, ``ppid``, ``dkan``)."""
from __future__ import annotations

from ckanext.harvest.harvesters.base import HarvesterBase

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.bandaaceh_harvest import deklarasi
from ckanext.bandaaceh_harvest.berita import logic as berita_logic
from ckanext.bandaaceh_harvest.berita import panen
from ckanext.bandaaceh_harvest.berita import views as berita_views
from ckanext.bandaaceh_harvest.dkan import cli as dkan_cli
from ckanext.bandaaceh_harvest.dkan import panen as dkan_panen
from ckanext.bandaaceh_harvest.ppid import action as ppid_action
from ckanext.bandaaceh_harvest.ppid import auth as ppid_auth
from ckanext.bandaaceh_harvest.ppid import cli as ppid_cli
from ckanext.bandaaceh_harvest.ppid import panen as ppid_panen
from ckanext.bandaaceh_harvest.ppid import views as ppid_views


@tk.blanket.cli
class BeritaHarvester(HarvesterBase):
    """``bandaaceh_berita``: one harvest source per news website; the
    web-presence measures as ``bandaaceh_berita_*`` actions and the
    /berita/kehadiran page."""
    p.implements(p.IConfigDeclaration)
    p.implements(p.IConfigurer)
    p.implements(p.IActions)
    p.implements(p.IAuthFunctions)
    p.implements(p.IBlueprint)

    # IConfigurer
    def update_config(self, config_):
        tk.add_template_directory(config_, "templates")

    # IActions / IAuthFunctions / IBlueprint
    def get_actions(self):
        return dict(berita_logic.ACTIONS)

    def get_auth_functions(self):
        return dict(berita_logic.AUTH)

    def get_blueprint(self):
        return [berita_views.berita]

    # IConfigDeclaration (the fetcher's options are shared)
    def declare_config_options(self, declaration, key):
        deklarasi.declare_once(declaration, deklarasi.SHARED)

    def info(self):
        return dict(panen.HARVESTER_INFO)

    def validate_config(self, config):
        return panen.validate_config(config)

    def gather_stage(self, harvest_job):
        return panen.gather(harvest_job)

    def fetch_stage(self, harvest_object):
        # gather already read the feed and stored the items
        return True

    def import_stage(self, harvest_object):
        return panen.import_object(harvest_object)


class PpidHarvester(HarvesterBase):
    """``bandaaceh_ppid``: one harvest source per PPID instance; its
    measures as ``bandaaceh_ppid_*`` actions and the /ppid page."""
    p.implements(p.IConfigDeclaration)
    p.implements(p.IConfigurer)
    p.implements(p.IActions)
    p.implements(p.IAuthFunctions)
    p.implements(p.IBlueprint)
    p.implements(p.IClick)

    def info(self):
        return dict(ppid_panen.HARVESTER_INFO)

    def validate_config(self, config):
        return ppid_panen.validate_config(config)

    def gather_stage(self, harvest_job):
        return ppid_panen.gather(harvest_job)

    def fetch_stage(self, harvest_object):
        # gather already read the exports and stored the rows
        return True

    def import_stage(self, harvest_object):
        return ppid_panen.import_object(harvest_object)

    # IConfigDeclaration (the fetcher's options are shared)
    def declare_config_options(self, declaration, key):
        deklarasi.declare_once(declaration, deklarasi.SHARED,
                               ppid_panen.CONFIG_DECLARATION)

    # IConfigurer
    def update_config(self, config_):
        tk.add_template_directory(config_, "templates")

    # IActions / IAuthFunctions
    def get_actions(self):
        return dict(ppid_action.ACTIONS)

    def get_auth_functions(self):
        return dict(ppid_auth.AUTH)

    # IBlueprint
    def get_blueprint(self):
        return [ppid_views.ppid]

    # IClick
    def get_commands(self):
        return [ppid_cli.bandaaceh_ppid]


class DkanHarvester(HarvesterBase):
    """``bandaaceh_dkan``: one harvest source per DKAN portal (the city's
    2016 portal); its mapping report as ``ckan bandaaceh-dkan laporan``."""
    p.implements(p.IConfigDeclaration)
    p.implements(p.IClick)

    def info(self):
        return dict(dkan_panen.HARVESTER_INFO)

    def validate_config(self, config):
        return dkan_panen.validate_config(config)

    def gather_stage(self, harvest_job):
        return dkan_panen.gather(harvest_job)

    def fetch_stage(self, harvest_object):
        # gather already read the catalogue and stored each record
        return True

    def import_stage(self, harvest_object):
        return dkan_panen.import_object(harvest_object)

    # IConfigDeclaration (the fetcher's options are shared)
    def declare_config_options(self, declaration, key):
        deklarasi.declare_once(declaration, deklarasi.SHARED,
                               dkan_panen.CONFIG_DECLARATION)

    # IClick
    def get_commands(self):
        return [dkan_cli.bandaaceh_dkan]
