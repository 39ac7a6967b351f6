"""Tables of the ODBA extension (created by its Alembic migrations)."""
from .search_document import search_document

__all__ = ["search_document"]
