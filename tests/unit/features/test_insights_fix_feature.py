"""`insights.fix` through the real dispatcher on a real collection: the fixed note type
comes back as a draft (the collection's note type is not touched until the page saves
it), a moved script lands in the real media folder, and a stale action, an unknown note
type or bad params are refused with a message."""

from pathlib import Path

from bridge_replies import ok

SCRIPT = "var words = [" + ",".join(f'"w{i}"' for i in range(4000)) + "];"


def report_actions(bridge, notetype_id):
    [entry] = ok(bridge, "insights.report", {"notetypeId": notetype_id})["notetypes"]
    return {
        r["action"]["label"]: r["action"]["id"] for r in entry["recommendations"] if r["action"]
    }


def test_fixes_come_back_as_drafts_and_a_moved_script_is_in_the_media_folder(feature_setup):
    _registry, bridge, col = feature_setup
    basic = col.models.by_name("Basic")
    basic["tmpls"][0]["qfmt"] = "{{Front}}<script>" + SCRIPT + "</script>"
    basic["css"] += "\nimg { max-width: none; }\n"
    col.models.update_dict(basic)
    before = col.models.get(basic["id"])
    found = report_actions(bridge, basic["id"])
    assert set(found) == {"Move the script to a media file", "Cap images at the card's width"}
    reply = bridge(
        "insights.fix",
        {"notetypeId": basic["id"], "action": found["Move the script to a media file"]},
    )
    assert reply["ok"], reply
    [name] = reply["result"]["media"]
    assert (Path(col.media.dir()) / name).read_text() == SCRIPT
    assert (
        reply["result"]["draft"]["tmpls"][0]["qfmt"]
        == f'{{{{Front}}}}<script src="{name}"></script>'
    )
    assert col.models.get(basic["id"]) == before  # nothing saved: the page saves the draft

    stale = bridge("insights.fix", {"notetypeId": basic["id"], "action": "image-uncapped@/css/9:1"})
    assert not stale["ok"] and "no longer applies" in stale["error"]["message"]
    unknown = bridge(
        "insights.fix", {"notetypeId": 12345, "action": found["Cap images at the card's width"]}
    )
    assert not unknown["ok"] and "no note type with id 12345" in unknown["error"]["message"]
    bad = bridge("insights.fix", {"notetypeId": "x", "action": 3})
    assert not bad["ok"] and bad["error"]["code"] == "invalid_params"
