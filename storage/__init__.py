"""The store: the only package that speaks SQL or imports sqlite_utils."""

from storage.records import (
    STORE_FAULTS,
    SaveOutcome,
    SaveStatus,
    StoredPage,
    StoreError,
    Validators,
)
from storage.store import Store

__all__ = [
    "STORE_FAULTS",
    "SaveOutcome",
    "SaveStatus",
    "Store",
    "StoreError",
    "StoredPage",
    "Validators",
]
