"""Shared fixtures: where ../shared is, and one loaded pipeline for the session."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RASID_SHARED", ROOT.parent / "shared"))


def shared_path(*parts: str) -> Path:
    """Return a path under ../shared, skipping the test when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not available (../shared is only on developer and CI machines)")
    return path


@pytest.fixture(scope="session")
def pipeline():
    from rasid.pipeline import Pipeline
    return Pipeline.load()
