"""vanban: Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP) from structured data.

Pipeline stages, one subpackage each:

- ``load``     YAML files -> pydantic models (``generator.model``)
- ``validate`` ND30 text rules and the agency registry -> warnings
- ``render``   models -> .docx (docxtpl templates) and .xlsx (openpyxl templates)

``generator.api`` is the public entry point; ``generator.cli`` is a thin layer over it.
"""

__version__ = "0.1.0"
