import os
import sys

import pytest

from anki_template_designer.services.metrics import MemoryProbe


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux only")
def test_on_linux_the_current_rss_is_a_positive_int_of_bytes(metrics):
    sample = metrics.sample_memory()
    assert isinstance(sample.rss_bytes, int) and sample.rss_bytes > 0
    # ru_maxrss is the kernel's high-water mark, updated lazily: it can even lag statm.
    assert isinstance(sample.peak_rss_bytes, int) and sample.peak_rss_bytes > 0
    assert sample.source == "statm+getrusage"
    assert metrics.memory_history() == [sample]


def test_statm_is_read_as_resident_pages_times_page_size(tmp_path):
    if not hasattr(os, "sysconf"):
        pytest.skip("no sysconf on this platform")
    statm = tmp_path / "statm"
    statm.write_text("5000 1234 300 10 0 900 0\n")
    probe = MemoryProbe(statm, use_getrusage=False)
    assert probe.current_rss() == 1234 * os.sysconf("SC_PAGE_SIZE")


def test_without_statm_only_the_peak_is_known_and_said_to_be_a_peak(tmp_path):
    sample = MemoryProbe(tmp_path / "missing").sample(now=1.0)
    assert sample.rss_bytes is None
    if sys.platform != "win32":
        assert sample.peak_rss_bytes > 0 and sample.source == "getrusage"


def test_where_nothing_is_available_the_sample_says_so(tmp_path):
    garbled = tmp_path / "statm"
    garbled.write_text("garbled")
    sample = MemoryProbe(garbled, use_getrusage=False).sample(now=2.0)
    assert (sample.rss_bytes, sample.peak_rss_bytes, sample.source) == (None, None, "unavailable")
    assert MemoryProbe(None, use_getrusage=False).sample(now=3.0).source == "unavailable"
