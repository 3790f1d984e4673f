"""Planning services: each change in one transaction, each leaving a history row (who, when, what)."""

from lotline.planning.errors import PlanningError

from .board import move_work_order
from .confirmations import confirm_operation
from .lifecycle import ALLOWED, transition
from .recipes import RecipeLineSpec, active_recipe, revise_recipe

__all__ = [
    "ALLOWED",
    "PlanningError",
    "RecipeLineSpec",
    "active_recipe",
    "confirm_operation",
    "move_work_order",
    "revise_recipe",
    "transition",
]
