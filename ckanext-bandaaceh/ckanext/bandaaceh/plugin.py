"""Wiring of the ODBA extension into CKAN. Logic lives in the sub-packages."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.bandaaceh import aplikasi
from ckanext.bandaaceh.search import backend as search_backend
from ckanext.bandaaceh.search import sync as search_sync


@tk.blanket.config_declarations
@tk.blanket.cli
@tk.blanket.validators
class BandaAcehPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)
    p.implements(p.IGroupController, inherit=True)
    p.implements(p.IOrganizationController, inherit=True)
    p.implements(p.IPackageController, inherit=True)

    # IConfigurer
    def update_config(self, config_):
        tk.add_template_directory(config_, "templates")
        tk.add_public_directory(config_, "assets")
        search_backend.install()

    # IConfigurable
    def configure(self, config_):
        search_backend.install()

    # IGroupController / IOrganizationController (and IPackageController,
    # which calls a method of the same name with the edited dataset)
    def edit(self, entity):
        if isinstance(entity, model.Group):
            search_sync.reindex_group_datasets(entity)

    # IPackageController
    def before_dataset_index(self, pkg_dict):
        return aplikasi.index_lists(pkg_dict)
