"""Load stage: YAML files -> models, with every problem located by file, line and YAML path."""

from .yaml_file import YamlNotes, load_model, load_plan, load_registry, read_model

__all__ = ["YamlNotes", "load_model", "load_plan", "load_registry", "read_model"]
