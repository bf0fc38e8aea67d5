"""Load stage: YAML files -> models, with every problem located by file, line and YAML path."""

from .yaml_file import YamlNotes, doc_danh_muc, load_model, load_plan, read_model

__all__ = ["YamlNotes", "doc_danh_muc", "load_model", "load_plan", "read_model"]
