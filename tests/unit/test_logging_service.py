import logging

from anki_template_designer.services.logging_service import LogService


def make(tmp_path, name, **kwargs):
    service = LogService(tmp_path / "logs", name, **kwargs)
    return service, logging.getLogger(f"{name}.services.something")


def test_module_loggers_below_the_package_write_to_the_rotating_file(tmp_path):
    service, log = make(tmp_path, "atd_test_a")
    log.info("hello %s", "world")
    service.flush()
    text = service.path.read_text()
    assert "INFO atd_test_a.services.something: hello world" in text
    assert service.path == tmp_path / "logs" / "designer.log"
    service.close()


def test_secrets_are_redacted_in_messages_arguments_and_tracebacks(tmp_path):
    service, log = make(tmp_path, "atd_test_b")
    service.secrets.add("hunter2-passphrase")
    log.warning("sync with token=abc123def and password: 'pw-secret'")
    log.warning("header Authorization: Bearer eyJhbGciOi.xyz")
    log.info("user typed %s", "hunter2-passphrase")
    try:
        raise ValueError("api_key=SHOULD-NOT-APPEAR")
    except ValueError:
        log.exception("failed")
    service.flush()
    text = service.path.read_text()
    for secret in (
        "abc123def",
        "pw-secret",
        "eyJhbGciOi",
        "hunter2-passphrase",
        "SHOULD-NOT-APPEAR",
    ):
        assert secret not in text
    assert "token=***" in text
    assert "ValueError" in text
    service.close()


def test_level_applies_and_can_change(tmp_path):
    service, log = make(tmp_path, "atd_test_c", level="WARNING")
    log.info("quiet")
    service.set_level("DEBUG")
    log.debug("loud")
    service.flush()
    text = service.path.read_text()
    assert "quiet" not in text and "loud" in text
    service.close()


def test_the_file_rotates_at_its_size_cap(tmp_path):
    service, log = make(tmp_path, "atd_test_d", max_bytes=2048, backups=2)
    for index in range(200):
        log.info("line %03d %s", index, "x" * 40)
    service.flush()
    files = sorted(p.name for p in (tmp_path / "logs").iterdir())
    assert files == ["designer.log", "designer.log.1", "designer.log.2"]
    assert all((tmp_path / "logs" / f).stat().st_size <= 2048 for f in files)
    service.close()


def test_records_do_not_propagate_unredacted_and_close_detaches(tmp_path):
    service, log = make(tmp_path, "atd_test_e")
    assert service.logger.propagate is False
    service.close()
    assert service.logger.handlers == []
    log.error("after close")  # no handler left: must not write or raise
    assert "after close" not in (service.path.read_text() if service.path.exists() else "")


def test_a_lone_surrogate_is_written_escaped_and_nothing_reaches_stderr(tmp_path, capsys):
    service, log = make(tmp_path, "atd_test_surrogate")
    log.warning("page said %s", "before \ud800 after")
    log.error("and in the message itself \udfff")
    service.flush()
    text = service.path.read_text(encoding="utf-8")
    assert "page said before \\ud800 after" in text
    assert "in the message itself \\udfff" in text
    assert capsys.readouterr().err == ""
    service.close()
