"""What every writer of a document needs, built once per document and owned by no format."""
