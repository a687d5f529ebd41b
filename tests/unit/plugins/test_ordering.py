"""Plugins start dependencies first; a missing dependency, a version conflict, an SDK range
that excludes ours or a cycle is a clear message, and keeps that plugin and only the
plugins that need it off."""

from plugin_folders import events_of, lint_messages, make_plugin

from anki_template_designer.services.plugins import ENABLED, REFUSED


def states(manager, *ids):
    return {i: manager.record(i).state for i in ids}


def test_hooks_run_dependencies_first_whatever_the_names(plugins_dir, start, manager):
    # alphabetical order would be the reverse of the dependency order
    make_plugin(plugins_dir, "alpha", requires={"beta": ">=1"})
    make_plugin(plugins_dir, "beta", requires={"gamma": ">=1.0,<2"})
    make_plugin(plugins_dir, "gamma")
    make_plugin(plugins_dir, "delta", requires={"gamma": "", "alpha": "==1.0.0"})
    start()
    assert manager.enabled_ids()[-4:] == ["gamma", "beta", "alpha", "delta"]
    assert lint_messages(manager) == [f"{i} 1.0.0 " for i in ("gamma", "beta", "alpha", "delta")]
    manager.notify("atd_designer_opened", notetype_id=None)
    assert events_of("atd_designer_opened") == ["gamma", "beta", "alpha", "delta"]


def test_a_missing_dependency_keeps_it_and_its_dependents_off(plugins_dir, start, manager):
    make_plugin(plugins_dir, "needs-ghost", requires={"ghost-pack": ">=1.2"})
    make_plugin(plugins_dir, "needs-needs", requires={"needs-ghost": ""})
    make_plugin(plugins_dir, "bystander")
    start()
    assert states(manager, "needs-ghost", "needs-needs", "bystander") == {
        "needs-ghost": REFUSED,
        "needs-needs": REFUSED,
        "bystander": ENABLED,
    }
    assert manager.record("needs-ghost").errors == [
        "needs plugin 'ghost-pack' (>=1.2), not installed"
    ]
    assert manager.record("needs-needs").errors == [
        "needs needs-ghost, which is off: needs plugin 'ghost-pack' (>=1.2), not installed"
    ]
    assert lint_messages(manager) == ["bystander 1.0.0 "]


def test_a_version_conflict_names_both_versions(plugins_dir, start, manager, plugin_log):
    make_plugin(plugins_dir, "base-pack", version="1.4.0")
    make_plugin(plugins_dir, "wants-two", requires={"base-pack": ">=2.0"})
    start()
    assert states(manager, "base-pack", "wants-two") == {
        "base-pack": ENABLED,
        "wants-two": REFUSED,
    }
    reason = "needs base-pack >=2.0, but base-pack 1.4.0 is installed"
    assert manager.record("wants-two").errors == [reason]
    assert any(reason in r.getMessage() for r in plugin_log)


def test_a_cycle_is_named_and_only_its_members_and_dependents_stay_off(plugins_dir, start, manager):
    make_plugin(plugins_dir, "egg", requires={"hen": ""})
    make_plugin(plugins_dir, "hen", requires={"egg": ""})
    make_plugin(plugins_dir, "omelette", requires={"egg": ""})
    make_plugin(plugins_dir, "toast")
    start()
    assert states(manager, "egg", "hen", "omelette", "toast") == {
        "egg": REFUSED,
        "hen": REFUSED,
        "omelette": REFUSED,
        "toast": ENABLED,
    }
    assert manager.record("egg").errors == ["dependency cycle: egg -> hen -> egg"]
    assert manager.record("hen").errors == ["dependency cycle: egg -> hen -> egg"]
    assert manager.record("omelette").errors[0].startswith("needs egg, which is off")


def test_an_sdk_range_that_excludes_ours_is_refused(plugins_dir, start, manager):
    make_plugin(plugins_dir, "from-future", sdk=">=9")
    start()
    record = manager.record("from-future")
    assert record.state == REFUSED
    assert record.errors[0].startswith("needs SDK >=9, this designer has ")


def test_a_dependency_the_user_turned_off_keeps_its_dependents_waiting(plugins_dir, start, manager):
    make_plugin(plugins_dir, "base-pack")
    make_plugin(plugins_dir, "add-on-pack", requires={"base-pack": ""})
    start(disabled={"base-pack"})
    assert states(manager, "base-pack", "add-on-pack") == {
        "base-pack": "disabled",
        "add-on-pack": "disabled",
    }
    assert manager.enable("base-pack")
    assert states(manager, "base-pack", "add-on-pack") == {
        "base-pack": ENABLED,
        "add-on-pack": ENABLED,
    }
    assert lint_messages(manager) == ["base-pack 1.0.0 ", "add-on-pack 1.0.0 "]
