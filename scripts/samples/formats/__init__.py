"""The file formats a sample document is written in, one module per format family."""
