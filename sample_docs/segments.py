"""Pieces a sample document's text is made of, and the truth they add up to.

A paragraph is a sequence of plain strings and tagged pieces. Writing a piece into a file and recording it in the
truth happen in one place (``Truth.add``), so the truth file can never drift from what was planted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Where a 公开属性 marking counts (detection-rules.md): not comments, footnotes, metadata or tracked deletions.
MARKING_WHERE = {"body", "table", "header", "footer", "textbox"}


@dataclass(frozen=True)
class PD:
    """A planted personal datum; ``parts`` are written as separate runs (a name split across runs)."""

    kind: str
    parts: tuple[str, ...]

    @property
    def text(self) -> str:
        return "".join(self.parts)


@dataclass(frozen=True)
class Decoy:
    """Text that looks like personal data but must never be reported."""

    text: str


@dataclass(frozen=True)
class Mark:
    """A 公开属性 marking with the value it declares."""

    text: str
    value: str


@dataclass(frozen=True)
class Secret:
    """A secrecy marking placed at the head of the document."""

    text: str


@dataclass(frozen=True)
class Styled:
    """Plain text written with its own run formatting (e.g. hidden, red, bold)."""

    text: str
    hidden: bool = False
    bold: bool = False


Piece = str | PD | Decoy | Mark | Secret | Styled


def pd(kind: str, *parts: str) -> PD:
    """A planted datum of ``kind``; several parts become several runs."""
    return PD(kind, tuple(parts))


def plain(pieces: tuple[Piece, ...] | list[Piece]) -> str:
    """The text the pieces show, joined."""
    out = []
    for piece in pieces:
        out.append(piece if isinstance(piece, str) else piece.text)
    return "".join(out)


@dataclass
class Truth:
    """What one sample file holds, in the shape of truth.json."""

    file: str
    format: str | None
    status: str = "ok"
    personal_data: list[dict[str, str]] = field(default_factory=list)
    decoys: list[str] = field(default_factory=list)
    markings: list[tuple[str, str]] = field(default_factory=list)
    secrecy: str | None = None
    note: str = ""

    def add(self, piece: Piece, where: str) -> None:
        """Record a piece written at ``where``."""
        if isinstance(piece, PD):
            self.personal_data.append({"kind": piece.kind, "text": piece.text, "where": where})
        elif isinstance(piece, Decoy):
            if piece.text not in self.decoys:
                self.decoys.append(piece.text)
        elif isinstance(piece, Mark) and where in MARKING_WHERE:
            self.markings.append((piece.text, piece.value))
        elif isinstance(piece, Secret):
            self.secrecy = piece.text

    def attribute(self) -> dict[str, object]:
        """The attribute result the markings imply (same rule as AttributeResult.from_markings)."""
        if not self.markings:
            return {"value": None, "marking": None, "conflict": False}
        values = {value for _, value in self.markings}
        if len(values) == 1:
            return {"value": self.markings[0][1], "marking": self.markings[0][0], "conflict": False}
        distinct = list(dict.fromkeys(text for text, _ in self.markings))
        return {"value": None, "marking": " / ".join(distinct), "conflict": True}

    def as_json(self) -> dict[str, object]:
        """The truth.json entry."""
        readable = self.status in ("ok", "needs_ocr")
        entry: dict[str, object] = {"file": self.file, "format": self.format, "status": self.status}
        entry["attribute"] = self.attribute() if readable else {"value": None, "marking": None, "conflict": False}
        entry["secrecy"] = {"marking": self.secrecy} if readable and self.secrecy else None
        entry["personal_data"] = self.personal_data if readable else []
        entry["decoys"] = self.decoys
        if self.note:
            entry["note"] = self.note
        return entry
