"""Qt side of the add-on: menu entries, the designer dialog, the bridge to the page.

`bridge.py` and `bridge_methods.py` hold no Qt code so the protocol can be unit-tested;
everything else here may import `aqt`.
"""
