"""The Dask engine gives the same records, in the same order, as one local worker."""
from __future__ import annotations

import pickle

import pytest

pytest.importorskip("distributed")

from rasid.engines import PipelinePlugin, dask_process  # noqa: E402
from rasid.ingest import read  # noqa: E402
from rasid.runner import process  # noqa: E402
from test_runner import as_lines, available_pipeline, extract, write_feed  # noqa: E402


def test_dask_local_cluster_gives_the_same_bytes_as_one_worker(tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", 50, broken_line=5)
    one = as_lines(process(read([feed]), workers=1, loader=available_pipeline))
    on_dask = as_lines(dask_process(read([feed]), loader=available_pipeline, workers=2, processes=False,
                                    batch_size=4))
    assert len(one) == 51 and one[5].startswith("skipped")
    assert on_dask == one


def test_plugin_ships_only_its_loader_and_loads_once_per_worker():
    plugin = PipelinePlugin(available_pipeline)
    plugin.setup()
    loaded = plugin.pipeline
    copy = pickle.loads(pickle.dumps(plugin))
    assert copy.pipeline is None and copy.loader is available_pipeline
    assert plugin.run([]) == [] and plugin.pipeline is loaded


def test_extract_on_dask_processes_writes_the_same_file_as_one_worker(tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", 30)
    local = extract(feed, tmp_path / "local.jsonl", "--workers", "1")
    on_dask = extract(feed, tmp_path / "dask.jsonl", "--engine", "dask", "--workers", "2")
    assert on_dask.read_bytes() == local.read_bytes()


def test_dask_engine_joins_a_running_scheduler_by_address(tmp_path):
    from distributed import LocalCluster
    feed = write_feed(tmp_path / "feed.jsonl", 12)
    one = as_lines(process(read([feed]), workers=1, loader=available_pipeline))
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        on_dask = as_lines(dask_process(read([feed]), scheduler=cluster.scheduler_address,
                                        loader=available_pipeline, batch_size=3))
    assert on_dask == one
