"""Bridge methods for first-run guidance: whether the tour was seen, recording that it
was finished or skipped, and opening the user guide in the system browser.

The page never names a URL: `help.open` opens the add-on's own user guide (its homepage
from the manifest + `#user-guide`), through the `LinkOpener` host role (Anki's
`openLink`). No Qt here.
"""

from __future__ import annotations

from typing import Any

from ...sdk.bridge import Method, params
from ...sdk.hosts import LinkOpener
from ...services.about import AddonInfo
from ...services.onboarding import GUIDES, OUTCOMES, OnboardingState
from ...services.paths import AddonPaths
from ...services.registry import Registry

USER_GUIDE_ANCHOR = "#user-guide"


def user_guide_url(homepage: str) -> str:
    """The user guide's address: the homepage (without any fragment) + `#user-guide`."""
    return homepage.split("#", 1)[0] + USER_GUIDE_ANCHOR


def onboarding_methods(registry: Registry) -> list[Method]:
    def state(_request: dict[str, Any]) -> dict[str, bool]:
        return registry.get(OnboardingState).state()

    def done(request: dict[str, Any]) -> None:
        registry.get(OnboardingState).mark_seen(request["guide"], request["outcome"])

    def open_help(_request: dict[str, Any]) -> dict[str, str]:
        url = user_guide_url(AddonInfo.read(registry.get(AddonPaths)).homepage)
        registry.get(LinkOpener).open(url)  # type: ignore[type-abstract]
        return {"url": url}

    guide = {"enum": list(GUIDES)}
    return [
        Method("onboarding.state", state, params({})),
        Method(
            "onboarding.done",
            done,
            params({"guide": guide, "outcome": {"enum": list(OUTCOMES)}}, ["guide", "outcome"]),
        ),
        Method("help.open", open_help, params({})),
    ]
