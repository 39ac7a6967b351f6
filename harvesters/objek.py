"""What the harvesters share about ckanext-harvest's harvest objects."""
from __future__ import annotations

from typing import Optional

import ckan.model as model
from ckanext.harvest.model import HarvestObject


def jadikan_terkini(obj: HarvestObject, package_id: Optional[str],
                    current: bool = True) -> None:
    """Make ``obj`` the record of its guid in its source: earlier current
    objects of the same guid stop being current (ckanext-harvest's rule of
    one current object per guid), ``obj`` gets the dataset it wrote."""
    previous = model.Session.query(HarvestObject).filter(
        HarvestObject.guid == obj.guid,
        HarvestObject.harvest_source_id == obj.harvest_source_id,
        HarvestObject.current == True,  # noqa: E712
        HarvestObject.id != obj.id).all()
    for other in previous:
        other.current = False
        other.add()
    obj.package_id = package_id
    obj.current = current
    obj.add()
    model.Session.commit()
