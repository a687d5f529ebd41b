"""Waiting for a bridge method's reply in feature tests: a deferred method answers
`pending` at once and pushes its real reply later (the test Bridge keeps pushed messages)."""

import time


def settled(bridge, method, params=None, timeout=20.0):
    reply = bridge(method, params)
    request_id = bridge._next
    deadline = time.monotonic() + timeout
    while reply.get("pending"):
        late = [m for m in bridge.pushed if m.get("id") == request_id]
        if late:
            return late[-1]
        assert time.monotonic() < deadline, f"{method} never answered"
        time.sleep(0.01)
    return reply


def ok(bridge, method, params=None):
    reply = settled(bridge, method, params)
    assert reply["ok"], reply
    return reply["result"]
