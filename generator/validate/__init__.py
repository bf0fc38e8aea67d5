"""Validate stage: rules that go beyond the models' own checks, reported as warnings."""

from .ke_hoach import check_flow_commas, check_plan
from .tra_cuu import TraCuuCoQuan

__all__ = ["TraCuuCoQuan", "check_flow_commas", "check_plan"]
