"""Write records as a Parquet dataset: a folder of `part-NNNNN.parquet` files, one schema.

The schema follows the record (`record.to_record`) and the frozen dataclasses of
`model.py`: entities, quotes and events are lists of structs, so the dataset can
be queried column by column (pyarrow, DuckDB, Spark, pandas). Records are written
in input order in parts of `rows_per_part`, so memory stays flat on a stream.
"""
from __future__ import annotations

import types
import typing
from dataclasses import fields, is_dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from . import errors
from .model import Entity, Event, Quote

ROWS_PER_PART = 2000
SCALARS = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}


def arrow_type(hint) -> pa.DataType:
    """Return the Arrow type of a model annotation (str | None, tuple[Mention, ...], a dataclass)."""
    if hint in SCALARS:
        return SCALARS[hint]
    if is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        return pa.struct([(f.name, arrow_type(hints[f.name])) for f in fields(hint)])
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and len(args) == 1:
        return arrow_type(args[0])
    if typing.get_origin(hint) in (tuple, list) and args:
        return pa.list_(arrow_type(args[0]))
    raise TypeError(f"no Arrow type for {hint!r}")


def record_schema() -> pa.Schema:
    """Return the Arrow schema of an article record."""
    text = pa.string()
    return pa.schema([
        ("doc_id", text), ("source", text), ("title", text), ("published", text), ("outlet", text),
        ("url", text), ("duplicate_of", text), ("text", text),
        ("entities", pa.list_(arrow_type(Entity))), ("quotes", pa.list_(arrow_type(Quote))),
        ("events", pa.list_(arrow_type(Event))), ("warnings", pa.list_(text)),
        ("rasid_version", text), ("versions", pa.map_(text, text)),
    ])


class ParquetDataset:
    """A Parquet dataset being written: `add(record)`, then `close()` (or use it as a context)."""

    def __init__(self, folder: str | Path, rows_per_part: int = ROWS_PER_PART):
        self.folder = Path(folder)
        if self.folder.exists() and (not self.folder.is_dir() or any(self.folder.iterdir())):
            raise errors.UsageError(f"{folder}: a Parquet dataset needs a new or empty folder; "
                                    "pass another -o FOLDER")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.schema = record_schema()
        self.rows_per_part = rows_per_part
        self.pending: list[dict] = []
        self.parts = 0

    def __enter__(self) -> "ParquetDataset":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def add(self, record: dict) -> None:
        """Queue one record; write a part file when `rows_per_part` are queued."""
        self.pending.append(record)
        if len(self.pending) >= self.rows_per_part:
            self.flush()

    def flush(self) -> None:
        """Write the queued records as the next part file."""
        if not self.pending:
            return
        rows = [{**r, "versions": list((r.get("versions") or {}).items())} for r in self.pending]
        table = pa.Table.from_pylist(rows, schema=self.schema)
        pq.write_table(table, self.folder / f"part-{self.parts:05d}.parquet")
        self.parts += 1
        self.pending = []

    def close(self) -> None:
        self.flush()


def read_records(folder: str | Path) -> list[dict]:
    """Return the records of a dataset written by `ParquetDataset`, in order (for tests and tools)."""
    parts = sorted(Path(folder).glob("part-*.parquet"))
    records = [row for part in parts for row in pq.read_table(part).to_pylist()]
    for record in records:
        record["versions"] = dict(record["versions"] or [])
    return records
