"""evidencekit-tantivy: evidencekit's search index on tantivy, chosen over Whoosh when installed."""

__version__ = "0.1.0"
