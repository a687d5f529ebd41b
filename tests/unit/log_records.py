"""Collecting what one package logs, with a handler on its own logger (so another test's
logging set-up, or the add-on's log service turning propagation off, cannot hide it)."""

import contextlib
import logging


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@contextlib.contextmanager
def records_of(logger_name):
    logger = logging.getLogger(logger_name)
    handler = _Collect()
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
