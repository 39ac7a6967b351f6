"""Wiring of the ODBA extension into CKAN. Logic lives in the sub-packages."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.bandaaceh import aplikasi
from ckanext.bandaaceh.aplikasi import publikasi
from ckanext.bandaaceh.search import backend as search_backend
from ckanext.bandaaceh.search import sync as search_sync
from ckanext.bandaaceh import unduhan
# attaches `ckan bandaaceh unduhan ...` to the `bandaaceh` command group
from ckanext.bandaaceh.unduhan import cli as _unduhan_cli  # noqa: F401


@tk.blanket.config_declarations
@tk.blanket.cli
@tk.blanket.validators
@tk.blanket.helpers
@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.blueprints
class BandaAcehPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)
    p.implements(p.IGroupController, inherit=True)
    p.implements(p.IOrganizationController, inherit=True)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IMiddleware, inherit=True)

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

    def after_dataset_search(self, search_results, search_params):
        return aplikasi.label_facets(search_results)

    def after_dataset_create(self, context, pkg_dict):
        if publikasi.is_aplikasi(pkg_dict):
            publikasi.jadwalkan()

    def after_dataset_update(self, context, pkg_dict):
        if publikasi.is_aplikasi(pkg_dict):
            publikasi.jadwalkan()

    def after_dataset_delete(self, context, pkg_dict):
        if publikasi.is_aplikasi(pkg_dict):
            publikasi.jadwalkan()

    # IFacets
    def dataset_facets(self, facets_dict, package_type):
        if package_type == aplikasi.DATASET_TYPE:
            return aplikasi.facets(facets_dict)
        return facets_dict

    # IMiddleware
    def make_middleware(self, app, config):
        return unduhan.pasang(app)
