"""Wiring of the ODBA extension into CKAN. Logic lives in the sub-packages."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from ckanext.bandaaceh import aplikasi
from ckanext.bandaaceh.aplikasi import publikasi
from ckanext.bandaaceh.search import backend as search_backend
from ckanext.bandaaceh.search import sync as search_sync
from ckanext.bandaaceh import unduhan
# attaches `ckan bandaaceh unduhan ...` to the `bandaaceh` command group
from ckanext.bandaaceh.unduhan import cli as _unduhan_cli  # noqa: F401
from ckanext.bandaaceh import unggahan
# attaches `ckan bandaaceh statistik ...` to the `bandaaceh` command group
from ckanext.bandaaceh.statistik import cli as _statistik_cli  # noqa: F401
from ckanext.xloader.interfaces import IXloader
# attaches `ckan bandaaceh kinerja ...` to the `bandaaceh` command group
from ckanext.bandaaceh.kinerja import cli as _kinerja_cli  # noqa: F401


@tk.blanket.config_declarations
@tk.blanket.cli
@tk.blanket.validators
@tk.blanket.helpers
@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.blueprints
class BandaAcehPlugin(p.SingletonPlugin, DefaultTranslation):
    # ITranslation: i18n/<locale>/LC_MESSAGES/ckanext-bandaaceh.mo, merged
    # over CKAN's own catalog: `en` gives ODBA's Indonesian strings their
    # English, `id` fills CKAN's missing strings (ckanext.bandaaceh.bahasa).
    # Catalogs merge in reverse plugin order: keep `bandaaceh` first in
    # ckan.plugins so ours (and its plural rule) wins.
    p.implements(p.ITranslation)
    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)
    p.implements(p.IGroupController, inherit=True)
    p.implements(p.IOrganizationController, inherit=True)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IMiddleware, inherit=True)
    p.implements(p.IResourceController, inherit=True)
    p.implements(IXloader, inherit=True)

    # IConfigurer
    def update_config(self, config_):
        tk.add_template_directory(config_, "templates")
        tk.add_resource("assets", "bandaaceh")
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

    # IResourceController: a new or replaced CSV upload is checked first
    def before_resource_create(self, context, resource):
        unggahan.lindungi_catatan(context, resource)

    def before_resource_update(self, context, current, resource):
        unggahan.lindungi_catatan(context, resource, current)

    def after_resource_create(self, context, resource):
        unggahan.jadwalkan(resource)

    def after_resource_update(self, context, resource):
        unggahan.jadwalkan(resource)

    # IXloader
    def can_upload(self, resource_id):
        return unggahan.boleh_dimuat(resource_id)
