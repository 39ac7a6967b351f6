"""Alembic environment of the PPID register harvester (version table
``bandaaceh_ppid_alembic_version``)."""
from ckanext.bandaaceh import alembic_env

alembic_env.run("bandaaceh_ppid_alembic_version")
