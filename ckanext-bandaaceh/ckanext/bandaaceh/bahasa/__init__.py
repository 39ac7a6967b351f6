"""The portal in Bahasa Indonesia, and in English for those who ask.

ODBA writes its own interface strings in Indonesian, the portal's language
(``ckan.locale_default = id``); CKAN writes its strings in English. So the
plugin's catalogs (``i18n/<locale>/LC_MESSAGES/ckanext-bandaaceh.po``,
compiled at install, merged over CKAN's own catalogs) hold:

* ``id``: Indonesian for the CKAN strings of the portal's pages that CKAN's
  own ``id`` catalog lacks or gets wrong (and for the few English strings
  left in ODBA's code). ODBA's Indonesian strings need no entry: gettext
  shows the msgid itself;
* ``en``: English for every string of ODBA's code.

``katalog`` refreshes both from the sources (``scripts/catalogs.sh``);
``sumber_daya`` labels what CKAN shows untranslated.
"""
from __future__ import annotations

from ckanext.bandaaceh.bahasa.sumber_daya import format_resource_items

__all__ = ["format_resource_items"]
