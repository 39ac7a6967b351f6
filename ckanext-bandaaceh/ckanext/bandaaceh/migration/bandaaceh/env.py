"""Alembic environment of ckanext-bandaaceh.

Its revisions are tracked in their own ``bandaaceh_alembic_version`` table,
apart from CKAN core's.
"""
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

VERSION_TABLE = "bandaaceh_alembic_version"

config = context.config
if config.config_file_name:
    fileConfig(config.config_file_name, disable_existing_loggers=False)

if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"),
                      literal_binds=True, version_table=VERSION_TABLE)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = engine_from_config(config.get_section(config.config_ini_section),
                                prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, version_table=VERSION_TABLE)
        with context.begin_transaction():
            context.run_migrations()
