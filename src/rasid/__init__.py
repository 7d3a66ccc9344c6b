"""rasid (راصد): read Arabic news natively into entities, quotations and PLOVER events."""
from .api import extract, extract_all, read
from .model import Actor, Article, Entity, Event, Evidence, Mention, Place, Quote

__all__ = ["extract", "extract_all", "read", "Article", "Entity", "Mention", "Quote", "Event",
           "Actor", "Place", "Evidence"]
