"""Validate stage: rules that go beyond the models' own checks, reported as warnings."""

from .ke_hoach import check_flow_commas, check_plan
from .registry import Registry

__all__ = ["Registry", "check_flow_commas", "check_plan"]
