"""Harvester of DKAN portals (the city's open data portal of 2016)."""
