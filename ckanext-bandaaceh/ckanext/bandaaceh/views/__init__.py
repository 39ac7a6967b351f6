"""Blueprints of the ODBA extension (registered by the blueprints blanket)."""
from ckanext.bandaaceh.views.aplikasi import aplikasi
from ckanext.bandaaceh.views.datajson import datajson
from ckanext.bandaaceh.views.masukan import masukan
from ckanext.bandaaceh.views.pengembang import pengembang

__all__ = ["aplikasi", "datajson", "masukan", "pengembang"]
