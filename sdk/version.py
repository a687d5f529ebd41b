"""The SDK's version: plugins name the range they work with in plugin.json (`sdk`)."""

SDK_VERSION = "0.1.0"
