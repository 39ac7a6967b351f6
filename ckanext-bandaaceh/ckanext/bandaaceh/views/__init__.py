"""Blueprints of the ODBA extension (registered by the blueprints blanket)."""
from ckanext.bandaaceh.views.aplikasi import aplikasi
from ckanext.bandaaceh.views.datajson import datajson
from ckanext.bandaaceh.views.kinerja import kinerja
from ckanext.bandaaceh.views.masukan import masukan
from ckanext.bandaaceh.views.pengembang import pengembang
from ckanext.bandaaceh.views.statistik import statistik

__all__ = ["aplikasi", "datajson", "kinerja", "masukan", "pengembang",
           "statistik"]
