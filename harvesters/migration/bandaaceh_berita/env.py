"""Alembic environment of the news harvester (version table
``bandaaceh_berita_alembic_version``)."""
from ckanext.bandaaceh import alembic_env

alembic_env.run("bandaaceh_berita_alembic_version")
