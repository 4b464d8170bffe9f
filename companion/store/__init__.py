"""Storage: the only package that touches TinyDB. Documents in, domain objects out."""

from companion.store.store import Store, StoreError

__all__ = ["Store", "StoreError"]
