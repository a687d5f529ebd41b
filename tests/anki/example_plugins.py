"""The example plugins (examples/plugins) installed the way a user installs a plugin: a
copy in the add-on's user_files/plugins/<id>/, there before the profile opens, so the
plugin manager finds them at start-up. Add an example's id here to load it in Anki."""

import shutil
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "plugins"
IN_ANKI = ("html_gallery", "ankidroid_lints")


def install_example_plugins(addon_dir: Path) -> None:
    for plugin_id in IN_ANKI:
        target = addon_dir / "user_files" / "plugins" / plugin_id
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(EXAMPLES / plugin_id, target)
