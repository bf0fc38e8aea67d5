"""Import stage: hand-made plans (.docx, .xlsx) become the same models as YAML plans."""
