"""ODBA: Open Data Banda Aceh (CKAN extension and harvesters)."""
from setuptools import setup

PLUGINS = [
    "bandaaceh = ckanext.bandaaceh.plugin:BandaAcehPlugin",
    "bandaaceh_dcat = ckanext.bandaaceh.dcat.plugin:BandaAcehDcatPlugin",
    "bandaaceh_berita = ckanext.bandaaceh_harvest.plugin:BeritaHarvester",
    "bandaaceh_ppid = ckanext.bandaaceh_harvest.plugin:PpidHarvester",
    "bandaaceh_dkan = ckanext.bandaaceh_harvest.plugin:DkanHarvester",
]

setup(
    name="ckanext-bandaaceh",
    version="0.1.0",
    description="Open Data Banda Aceh: CKAN extension, PostgreSQL search and harvesters",
    license="AGPL-3.0-or-later",
    python_requires=">=3.10",
    package_dir={
        "ckanext.bandaaceh": "ckanext-bandaaceh/ckanext/bandaaceh",
        "ckanext.bandaaceh_harvest": "harvesters",
    },
    packages=[
        "ckanext.bandaaceh",
        "ckanext.bandaaceh.aplikasi",
        "ckanext.bandaaceh.bahasa",
        "ckanext.bandaaceh.dcat",
        "ckanext.bandaaceh.kinerja",
        "ckanext.bandaaceh.logic",
        "ckanext.bandaaceh.search",
        "ckanext.bandaaceh.model",
        "ckanext.bandaaceh.unduhan",
        "ckanext.bandaaceh.unggahan",
        "ckanext.bandaaceh.kesegaran",
        "ckanext.bandaaceh.statistik",
        "ckanext.bandaaceh.views",
        "ckanext.bandaaceh_harvest",
        "ckanext.bandaaceh_harvest.berita",
        "ckanext.bandaaceh_harvest.ppid",
        "ckanext.bandaaceh_harvest.dkan",
    ],
    include_package_data=True,
    package_data={
        "ckanext.bandaaceh": [
            "config_declaration.yaml",
            "data/*",
            "data/demo/*",
            "data/demo/*/*",
            "data/aplikasi/*",
            "data/kinerja/*",
            "unduhan/*.txt",
            "schemas/*",
            "openapi/*",
            "templates/**/*",
            "assets/**/*",
            "i18n/**/*",
            "migration/bandaaceh/*",
            "migration/bandaaceh/versions/*",
        ],
        "ckanext.bandaaceh_harvest": [
            "config_declaration.yaml",
            "migration/bandaaceh_berita/*",
            "migration/bandaaceh_berita/versions/*",
            "migration/bandaaceh_ppid/*",
            "migration/bandaaceh_ppid/versions/*",
            "ppid/config_declaration.yaml",
            "ppid/data/*",
            "dkan/config_declaration.yaml",
            "dkan/data/*",
            "templates/**/*",
        ],
    },
    install_requires=[
        "ckan[requirements]==2.12.0",
        "ckanext-scheming==3.1.0",
        "openpyxl==3.1.5",
        "ckanext-harvest==1.6.3",
        "feedparser==6.0.14",
        "holidays==0.109",
        "ckanext-dcat==2.4.4",
    ],
    entry_points={
        "ckan.plugins": PLUGINS,
        "ckan.rdf.profiles": [
            "odba = ckanext.bandaaceh.dcat.profil:ODBAProfile",
        ],
        "babel.extractors": [
            "ckan = ckan.lib.extract:extract_ckan",
        ],
    },
    # the same mapping as ckanext.bandaaceh.bahasa.katalog, which
    # scripts/catalogs.sh runs to refresh the catalogs
    message_extractors={
        "ckanext-bandaaceh/ckanext/bandaaceh": [
            ("**.py", "python", None),
            ("**/templates/**.html", "ckan", None),
        ],
        "harvesters": [
            ("**.py", "python", None),
            ("**/templates/**.html", "ckan", None),
        ],
    },
)
