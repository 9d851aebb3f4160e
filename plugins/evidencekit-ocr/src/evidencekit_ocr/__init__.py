"""OCR for evidencekit: scanned PDFs and photos of forms become searchable text, offline."""
