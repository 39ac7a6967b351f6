"""Tables of the ODBA extension (created by its Alembic migrations)."""
from .search_document import search_document, search_stored

__all__ = ["search_document", "search_stored"]
