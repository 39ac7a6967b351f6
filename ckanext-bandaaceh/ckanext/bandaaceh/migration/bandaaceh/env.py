"""Alembic environment of ckanext-bandaaceh (version table
``bandaaceh_alembic_version``)."""
from ckanext.bandaaceh import alembic_env

alembic_env.run("bandaaceh_alembic_version")
