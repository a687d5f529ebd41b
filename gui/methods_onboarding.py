"""Bridge methods for first-run guidance: whether the tour was seen, recording that it
was finished or skipped, and opening the user guide in the system browser.

The page never names a URL: `help.open` opens the add-on's own user guide (its homepage
from the manifest + `#user-guide`), through the host, which calls Anki's `openLink`.
No Qt here.
"""

from __future__ import annotations

from typing import Any, Protocol

from ..services.onboarding import GUIDES, OUTCOMES, OnboardingState
from ..services.registry import Registry
from .bridge import Method, params

USER_GUIDE_ANCHOR = "#user-guide"


class HelpHost(Protocol):
    def open_help(self) -> str:
        """Open the user guide in the system browser; returns the address opened."""
        ...


def user_guide_url(homepage: str) -> str:
    """The user guide's address: the homepage (without any fragment) + `#user-guide`."""
    return homepage.split("#", 1)[0] + USER_GUIDE_ANCHOR


def onboarding_methods(registry: Registry, host: HelpHost) -> list[Method]:
    def state(_request: dict[str, Any]) -> dict[str, bool]:
        return registry.get(OnboardingState).state()

    def done(request: dict[str, Any]) -> None:
        registry.get(OnboardingState).mark_seen(request["guide"], request["outcome"])

    def reset(request: dict[str, Any]) -> None:
        registry.get(OnboardingState).reset(request["guide"])

    def open_help(_request: dict[str, Any]) -> dict[str, str]:
        return {"url": host.open_help()}

    guide = {"enum": list(GUIDES)}
    return [
        Method("onboarding.state", state, params({})),
        Method(
            "onboarding.done",
            done,
            params({"guide": guide, "outcome": {"enum": list(OUTCOMES)}}, ["guide", "outcome"]),
        ),
        Method("onboarding.reset", reset, params({"guide": guide}, ["guide"])),
        Method("help.open", open_help, params({})),
    ]
