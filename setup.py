"""ODBA: Open Data Banda Aceh (CKAN extension and harvesters)."""
from setuptools import setup

PLUGINS = [
    "bandaaceh = ckanext.bandaaceh.plugin:BandaAcehPlugin",
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
        "ckanext.bandaaceh.logic",
        "ckanext.bandaaceh.search",
        "ckanext.bandaaceh.model",
        "ckanext.bandaaceh.views",
        "ckanext.bandaaceh_harvest",
    ],
    include_package_data=True,
    package_data={
        "ckanext.bandaaceh": [
            "config_declaration.yaml",
            "data/*",
            "data/demo/*",
            "data/demo/*/*",
            "schemas/*",
            "templates/**/*",
            "assets/**/*",
            "i18n/**/*",
            "migration/bandaaceh/*",
            "migration/bandaaceh/versions/*",
        ],
    },
    install_requires=[
        "ckan[requirements]==2.12.0",
        "ckanext-scheming==3.1.0",
    ],
    entry_points={
        "ckan.plugins": PLUGINS,
        "babel.extractors": [
            "ckan = ckan.lib.extract:extract_ckan",
        ],
    },
    message_extractors={
        "ckanext-bandaaceh/ckanext/bandaaceh": [
            ("**.py", "python", None),
            ("templates/**.html", "ckan", None),
        ],
    },
)
