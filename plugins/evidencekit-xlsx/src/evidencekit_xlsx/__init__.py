"""evidencekit-xlsx: Excel workbooks and CSV files as evidence, with training matrices."""

__version__ = "0.1.0"
