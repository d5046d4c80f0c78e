"""The private cluster's settings (nothing is started here)."""

from suite import cluster, env


def test_cluster_lives_in_this_checkout_on_suite_pgport(monkeypatch):
    monkeypatch.setenv("SUITE_PGPORT", "54374")
    private = cluster.Cluster()
    assert private.port == 54374
    assert private.data == env.RUN / "pg" / "data"
    assert private.pg().port == 54374 and private.pg().embedded


def test_default_port(monkeypatch):
    monkeypatch.delenv("SUITE_PGPORT", raising=False)
    assert cluster.Cluster().port == 54329


def test_no_unix_socket_when_its_path_is_too_long(tmp_path):
    private = cluster.Cluster()
    private.base = tmp_path
    assert private.sockdir == str(tmp_path / "sock")
    private.base = tmp_path / ("x" * 120)
    assert private.sockdir == ""


def test_fallback_folder_is_per_checkout():
    fallback = cluster.Cluster()._fallback_base()
    assert fallback.name == f"odoo-service-suite-{env.sha8(str(env.REPO))}"
