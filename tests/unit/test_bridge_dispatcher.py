import json
import threading

import pytest

from anki_template_designer.gui.bridge import BridgeError, Deferred, Dispatcher, Method
from anki_template_designer.sdk.protocol import PREFIX, ErrorCode

ID_PARAMS = {
    "type": "object",
    "properties": {"id": {"type": "integer", "minimum": 1}},
    "required": ["id"],
    "additionalProperties": False,
}


def make(pushed=None, **kwargs):
    deferred = Deferred()

    def fail(_params):
        raise RuntimeError("kaboom")

    def missing(_params):
        raise LookupError("no note type with id 5")

    def refused(_params):
        raise BridgeError(ErrorCode.NOT_FOUND, "gone", {"why": "deleted"})

    methods = [
        Method("echo", lambda p: p, {"type": "object"}),
        Method("get", lambda p: {"got": p["id"]}, ID_PARAMS),
        Method("fail", fail),
        Method("missing", missing),
        Method("refused", refused),
        Method("slow", lambda p: deferred),
    ]
    sink = pushed if pushed is not None else []
    return Dispatcher(methods, sink.append, **kwargs), deferred, sink


def send(dispatcher, body):
    raw = PREFIX + (body if isinstance(body, str) else json.dumps(body))
    return dispatcher.handle(raw)


def request(method, params=None, id=1):
    message = {"v": 1, "id": id, "method": method}
    if params is not None:
        message["params"] = params
    return message


def test_a_call_returns_an_ok_reply_with_its_id():
    dispatcher, _, _ = make()
    assert send(dispatcher, request("echo", {"a": [1, 2]}, id=7)) == {
        "v": 1,
        "id": 7,
        "ok": True,
        "result": {"a": [1, 2]},
    }


def test_params_are_validated_against_the_method_schema():
    dispatcher, _, _ = make()
    reply = send(dispatcher, request("get", {"id": "five"}))
    assert reply["ok"] is False
    assert reply["error"]["code"] == "invalid_params"
    assert reply["error"]["details"] == [
        {"path": "/id", "message": "'five' is not of type 'integer'"}
    ]
    assert send(dispatcher, request("get", {"id": 3}))["result"] == {"got": 3}


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("{not json", "bad_json"),
        ("[1, 2]", "bad_request"),
        (json.dumps({"v": 1, "method": "echo"}), "bad_request"),
        (json.dumps({"v": 1, "id": 1, "method": "echo", "extra": 1}), "bad_request"),
        (json.dumps({"v": 2, "id": 1, "method": "echo"}), "unsupported_version"),
        (json.dumps({"v": 1, "id": 1, "method": "os.system"}), "unknown_method"),
    ],
)
def test_bad_messages_get_error_replies(body, code):
    dispatcher, _, _ = make()
    reply = send(dispatcher, body)
    assert reply["ok"] is False
    assert reply["error"]["code"] == code
    assert reply["error"]["message"]


def test_a_malformed_request_keeps_its_id_when_it_has_one():
    dispatcher, _, _ = make()
    assert send(dispatcher, {"v": 1, "id": 9, "method": 3})["id"] == 9


def test_messages_over_the_cap_are_refused_before_parsing():
    dispatcher, _, _ = make(max_bytes=100)
    reply = send(dispatcher, request("echo", {"x": "y" * 200}))
    assert reply["error"]["code"] == "too_large"
    assert reply["error"]["details"]["limit"] == 100


def test_messages_without_our_prefix_are_refused():
    dispatcher, _, _ = make()
    assert dispatcher.handle(json.dumps(request("echo")))["error"]["code"] == "bad_request"
    assert not Dispatcher.accepts("domDone")


def test_handler_exceptions_become_error_replies_and_log_lines(caplog):
    dispatcher, _, _ = make()
    reply = send(dispatcher, request("fail"))
    assert reply["error"] == {
        "code": "internal",
        "message": "fail failed: RuntimeError: kaboom",
        "details": None,
    }
    assert "bridge method fail failed" in caplog.text
    assert send(dispatcher, request("missing"))["error"]["code"] == "not_found"
    assert send(dispatcher, request("refused"))["error"] == {
        "code": "not_found",
        "message": "gone",
        "details": {"why": "deleted"},
    }


def test_long_work_replies_pending_then_pushes_the_result():
    dispatcher, deferred, pushed = make()
    assert send(dispatcher, request("slow", id=4)) == {"v": 1, "id": 4, "ok": True, "pending": True}
    assert pushed == []
    worker = threading.Thread(target=deferred.resolve, args=({"done": True},))
    worker.start()
    worker.join()
    assert pushed == [{"v": 1, "id": 4, "ok": True, "result": {"done": True}}]


def test_a_rejected_deferred_pushes_an_error_reply():
    dispatcher, deferred, pushed = make()
    send(dispatcher, request("slow", id=5))
    deferred.reject(TimeoutError("took too long"))
    deferred.resolve("ignored: already settled")
    assert len(pushed) == 1
    assert pushed[0]["ok"] is False and "took too long" in pushed[0]["error"]["message"]


def test_the_same_method_cannot_be_registered_twice():
    with pytest.raises(ValueError, match="twice"):
        Dispatcher([Method("a", lambda p: 1), Method("a", lambda p: 2)], lambda e: None)


def test_nothing_ever_raises_out_of_handle():
    dispatcher, _, _ = make()
    for body in ["", "null", "\x00", "{" * 10000, '{"v": 1, "id": 1.5, "method": "echo"}']:
        reply = send(dispatcher, body)
        assert reply["ok"] is False


def test_a_deferred_tells_every_listener_even_late_ones():
    deferred = Deferred()
    heard = []
    deferred.on_settled(lambda ok, value: heard.append(("first", ok, value)))
    deferred.on_settled(lambda ok, value: heard.append(("second", ok, value)))
    deferred.resolve(3)
    deferred.on_settled(lambda ok, value: heard.append(("late", ok, value)))
    assert heard == [("first", True, 3), ("second", True, 3), ("late", True, 3)]


# -- hostile input: a clear bad_request at once, with the request's id -----------------


def raw_request(id_token, params_json):
    return f'{{"v":1,"id":{id_token},"method":"echo","params":{params_json}}}'


@pytest.mark.parametrize(
    "params_json, expected",
    [
        ('{"a": "\ud800"}', "unpaired UTF-16 surrogate (U+D800)"),
        ('{"a": "x\udfffy"}', "unpaired UTF-16 surrogate (U+DFFF)"),
        ('{"a": ' + "9" * 5000 + "}", "a value Python refuses"),
        ('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", "nests deeper than"),
        ('{"a": ' + "[" * 65 + "]" * 65 + "}", "nests deeper than 64 levels"),
        ('{"a": ' + '{"b": ' * 70 + "1" + "}" * 70 + "}", "nests deeper than 64 levels"),
    ],
)
def test_hostile_messages_get_bad_request_with_their_id(params_json, expected, caplog):
    dispatcher, _, _ = make()
    reply = dispatcher.handle(PREFIX + raw_request(41, params_json))
    assert reply["ok"] is False
    assert reply["id"] == 41
    assert reply["error"]["code"] == ErrorCode.BAD_REQUEST.value
    assert expected in reply["error"]["message"]
    assert "Traceback" not in caplog.text


def test_nesting_at_the_limit_is_accepted():
    dispatcher, _, _ = make()
    nested = "[" * 62 + "]" * 62  # params object + "a" + 62 arrays = 64 levels
    reply = dispatcher.handle(PREFIX + raw_request(3, '{"a": ' + nested + "}"))
    assert reply["ok"] is True, reply


@pytest.mark.parametrize("id_token, expected", [("17", 17), ('"req-9"', "req-9")])
def test_an_oversized_message_is_refused_with_its_request_id(id_token, expected):
    dispatcher, _, _ = make(max_bytes=100)
    reply = dispatcher.handle(PREFIX + raw_request(id_token, '{"a": "' + "x" * 200 + '"}'))
    assert reply["id"] == expected
    assert reply["error"]["code"] == ErrorCode.TOO_LARGE.value


def test_an_oversized_message_without_a_readable_id_still_gets_a_reply():
    dispatcher, _, _ = make(max_bytes=100)
    reply = dispatcher.handle(PREFIX + '{"method":"echo","id":5,' + '"x":"' + "y" * 200 + '"}')
    assert reply["id"] is None
    assert reply["error"]["code"] == ErrorCode.TOO_LARGE.value
