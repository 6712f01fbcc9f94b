"""The store: the only package that speaks SQL or imports sqlite_utils."""

from storage.records import SaveOutcome, SaveStatus, StoredPage, StoreError, Validators
from storage.store import Store

__all__ = ["SaveOutcome", "SaveStatus", "Store", "StoreError", "StoredPage", "Validators"]
