"""WSGI entry point for serving ODBA with gunicorn.

    CKAN_INI=/path/to/ckan.ini gunicorn 'ckanext.bandaaceh.wsgi:create_app()'

The app is built when gunicorn calls :func:`create_app`, not on import.
"""
from __future__ import annotations

import logging.config
import os

from ckan.cli import CKANConfigLoader
from ckan.config.middleware import make_app
from ckan.exceptions import CkanConfigurationException


def create_app():
    ini = os.environ.get("CKAN_INI")
    if not ini:
        raise CkanConfigurationException(
            "Set CKAN_INI to the CKAN configuration file to serve")
    ini = os.path.abspath(ini)
    if not os.path.isfile(ini):
        raise CkanConfigurationException(f"CKAN_INI file not found: {ini}")
    logging.config.fileConfig(
        ini, defaults={"here": os.path.dirname(ini)},
        disable_existing_loggers=False)
    return make_app(CKANConfigLoader(ini).get_config())
