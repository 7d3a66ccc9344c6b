"""The README's commands work as written, so the README cannot rot."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> dict[str, str]:
    """Return the README's commands marked `# first run` and `# tests`."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = {}
    for label in ("first run", "tests"):
        m = re.search(rf"^(.+?)\s+# {label}$", text, re.M)
        assert m, f"README has no command marked '# {label}'"
        found[label] = m.group(1).strip()
    return found


def test_readme_test_command_is_what_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()["tests"] in ci


def test_readme_first_run_command_works():
    command = readme_commands()["first run"]
    result = subprocess.run(["bash", "-c", command], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    examples = list((ROOT / "examples").glob("*.txt")) + list((ROOT / "examples").glob("*.jsonl"))
    assert len(records) >= len(examples)
    assert any(record["entities"] for record in records)
