"""Signals newscrawl's components send, for the CLI's per-input outcomes and progress."""

# sent by StorePipeline after a batch commits: kwargs outcome (storage.SaveOutcome), item
page_saved = object()
# sent when a page could not be fetched or extracted: kwargs url, reason
page_failed = object()
