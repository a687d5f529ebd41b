"""Default plugin: the first-run tour's state and the user guide."""

from __future__ import annotations

from ...sdk.bridge import Method
from ...sdk.markers import hookimpl
from ...services.environment import Environment
from ...services.onboarding import FILE_NAME, OnboardingState
from ...services.plugins import PluginContext
from ...services.registry import Registry
from .methods import onboarding_methods


@hookimpl
def atd_register_services(context: PluginContext) -> None:
    registry: Registry = context.registry
    env = registry.get(Environment)
    # Which first-run guides were seen: about the designer, so shared by every profile.
    registry.register_factory(
        OnboardingState, lambda _r: OnboardingState(env.paths.user_files / FILE_NAME)
    )


@hookimpl
def atd_bridge_methods(context: PluginContext) -> list[Method]:
    return onboarding_methods(context.registry)
