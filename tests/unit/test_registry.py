import threading

import pytest

from anki_template_designer.services.registry import (
    Registry,
    RegistryClosedError,
    ServiceNotFoundError,
)


class Database:
    def __init__(self) -> None:
        self.closed = False


class Repository:
    def __init__(self, db: Database) -> None:
        self.db = db


def test_get_is_lazy_and_cached():
    built = []
    registry = Registry()
    registry.register_factory(Database, lambda r: built.append(1) or Database())
    assert built == []
    first = registry.get(Database)
    assert registry.get(Database) is first
    assert built == [1]


def test_factories_receive_the_registry_for_their_dependencies():
    registry = Registry()
    registry.register_factory(Database, lambda r: Database())
    registry.register_factory(Repository, lambda r: Repository(r.get(Database)))
    assert registry.get(Repository).db is registry.get(Database)


def test_close_runs_cleanups_in_reverse_creation_order_and_only_for_built_services():
    order = []
    registry = Registry()
    registry.register_factory(Database, lambda r: Database(), on_close=lambda s: order.append("db"))
    registry.register_factory(
        Repository, lambda r: Repository(r.get(Database)), on_close=lambda s: order.append("repo")
    )
    registry.register_factory("never built", lambda r: 1, on_close=lambda s: order.append("x"))
    registry.get(Repository)
    assert registry.close() == []
    assert order == ["repo", "db"]
    assert registry.close() == []  # closing twice is harmless
    assert order == ["repo", "db"]


def test_a_failing_cleanup_does_not_stop_the_others():
    order = []
    registry = Registry()
    registry.register_value("a", 1, on_close=lambda s: order.append("a"))

    def explode(_service: object) -> None:
        raise OSError("disk gone")

    registry.register_value("b", 2, on_close=explode)
    registry.get("a")
    registry.get("b")
    failures = registry.close()
    assert order == ["a"]
    assert [(name, str(error)) for name, error in failures] == [("b", "disk gone")]


def test_register_value_replaces_a_service_for_tests():
    registry = Registry()
    registry.register_factory(Database, lambda r: Database())
    real = registry.get(Database)
    fake = Database()
    registry.register_value(Database, fake)
    assert registry.get(Database) is fake is not real


def test_unknown_key_and_closed_registry_raise_clear_errors():
    registry = Registry()
    with pytest.raises(ServiceNotFoundError, match="Database"):
        registry.get(Database)
    registry.close()
    with pytest.raises(RegistryClosedError, match="closed"):
        registry.get(Database)


def test_dependency_cycles_are_reported():
    registry = Registry()
    registry.register_factory("a", lambda r: r.get("b"))
    registry.register_factory("b", lambda r: r.get("a"))
    with pytest.raises(RuntimeError, match="a -> b -> a"):
        registry.get("a")


def test_ping_reports_each_service_without_raising():
    registry = Registry()
    registry.register_value("healthy", 1, check=lambda s: None)

    def unhealthy(_service: object) -> None:
        raise ConnectionError("no route")

    registry.register_value("sick", 2, check=unhealthy)
    registry.register_factory("broken", lambda r: 1 / 0)
    results = {r.name: r for r in registry.ping()}
    assert results["healthy"].ok
    assert not results["sick"].ok and "no route" in (results["sick"].error or "")
    assert not results["broken"].ok and "ZeroDivisionError" in (results["broken"].error or "")


def test_concurrent_gets_build_a_service_once():
    built = []
    barrier = threading.Barrier(8)
    registry = Registry()
    registry.register_factory(Database, lambda r: built.append(1) or Database())
    seen = []

    def worker() -> None:
        barrier.wait()
        seen.append(registry.get(Database))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(built) == 1
    assert len({id(s) for s in seen}) == 1
