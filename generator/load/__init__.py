"""Load stage: YAML files -> models, with every problem located by file, line and YAML path."""

from .yaml_file import load_model, load_plan, load_registry

__all__ = ["load_model", "load_plan", "load_registry"]
