"""What the templates draw: an article's text cut into highlighted segments, and SVG charts.

Text is never inserted as markup here: segments carry plain strings that Jinja escapes,
and the SVG is built from escaped labels and numbers only.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape


@dataclass
class Segment:
    """A stretch of the article text covered by the same set of annotations."""
    text: str
    start: int
    entity: dict | None = None
    quote: str | None = None
    events: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)

    @property
    def marked(self) -> bool:
        return bool(self.entity or self.quote or self.events)

    @property
    def classes(self) -> str:
        names = []
        if self.entity:
            names += ["ent", f"ent-{self.entity.get('type') or 'X'}"]
        if self.quote:
            names.append("quote")
        if self.events:
            names.append("event")
        return " ".join(names)

    @property
    def tooltip(self) -> str:
        parts = []
        if self.entity:
            e = self.entity
            parts.append(" · ".join(x for x in (e.get("name"), e.get("type"), e.get("country"), e.get("sector"),
                                                e.get("role")) if x))
        if self.quote:
            parts.append(f"اقتباس {self.quote}")
        parts += [f"حدث {v}" for v in self.events]
        return " | ".join(parts)


def spans_of(record: dict) -> list[tuple[int, int, str, object]]:
    """Return every annotation span of a record as (start, end, kind, payload)."""
    spans = []
    for entity in record.get("entities") or []:
        for mention in entity.get("mentions") or []:
            spans.append((mention["start"], mention["end"], "entity", entity))
    for quote in record.get("quotes") or []:
        if quote.get("start") is not None:
            spans.append((quote["start"], quote["end"], "quote", quote["id"]))
    for event in record.get("events") or []:
        for evidence in event.get("evidence") or []:
            spans.append((evidence["start"], evidence["end"], "event", f"{event['id']} {event.get('type', '')}"))
    length = len(record.get("text") or "")
    return [s for s in spans if 0 <= s[0] < s[1] <= length]


def segments(record: dict) -> list[Segment]:
    """Return the article text cut at every span boundary, each piece with what covers it."""
    text = record.get("text") or ""
    spans = spans_of(record)
    cuts = sorted({0, len(text)} | {s[0] for s in spans} | {s[1] for s in spans})
    pieces, first_seen = [], set()
    for start, end in zip(cuts, cuts[1:]):
        piece = Segment(text[start:end], start)
        covering = sorted((s for s in spans if s[0] <= start and end <= s[1]), key=lambda s: s[1] - s[0])
        for span_start, span_end, kind, payload in covering:
            _cover(piece, kind, payload)
            anchor = _anchor(kind, payload)
            if anchor not in first_seen:
                first_seen.add(anchor)
                piece.anchors.append(anchor)
        pieces.append(piece)
    return pieces


def _cover(piece: Segment, kind: str, payload) -> None:
    if kind == "entity" and piece.entity is None:
        piece.entity = payload
    elif kind == "quote" and piece.quote is None:
        piece.quote = payload
    elif kind == "event":
        piece.events.append(payload)


def _anchor(kind: str, payload) -> str:
    if kind == "entity":
        return f"at-{payload['id']}"
    if kind == "quote":
        return f"at-{payload}"
    return f"at-{payload.split()[0]}"


def excerpt(text: str, start: int | None, end: int | None) -> str:
    """Return text[start:end] when the offsets are valid, else ''."""
    if start is None or end is None or not 0 <= start < end <= len(text):
        return ""
    return text[start:end]


def bar_chart(points: list[dict], label: str = "month", value: str = "n", width: int = 720,
              height: int = 140, title: str = "") -> Markup:
    """Return an inline SVG bar chart of points [{label: ..., value: ...}], oldest first."""
    if not points:
        return Markup('<p class="muted">لا بيانات بعد.</p>')
    top = max(p[value] for p in points) or 1
    step = width / len(points)
    bar = min(48.0, max(1.0, step - 2))
    bars = []
    for i, point in enumerate(points):
        h = (height - 24) * point[value] / top
        x = width - i * step - (step + bar) / 2  # right to left: the oldest month on the right, as Arabic reads
        tip = escape(f"{point[label]}: {point[value]}")
        bars.append(f'<rect x="{x:.1f}" y="{height - 20 - h:.1f}" width="{bar:.1f}" height="{h:.1f}">'
                    f'<title>{tip}</title></rect>')
    first, last = escape(points[0][label]), escape(points[-1][label])
    return Markup(
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'preserveAspectRatio="none" xmlns="http://www.w3.org/2000/svg">{"".join(bars)}'
        f'<text x="{width - 2}" y="{height - 4}" text-anchor="end">{first}</text>'
        f'<text x="2" y="{height - 4}" text-anchor="start">{last}</text>'
        f'<text x="{width - 2}" y="12" text-anchor="end">{top}</text></svg>')
