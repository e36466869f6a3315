"""YAML-style front matter (``---`` ... ``---``) read by hand.

Only the simple forms articles use: ``key: value``, quoted values, ``[a, b]`` lists
and ``- item`` lists under a key. PyYAML is not a dependency of the app.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_KEY = re.compile(r"^([A-Za-z_][\w -]*?)\s*:(?:\s+(.*))?$")
_ITEM = re.compile(r"^\s+-\s+(.*)$|^-\s+(.*)$")


@dataclass
class FrontMatter:
    """Keys (lower-cased) to a string or a list of strings."""

    values: dict[str, str | list[str]] = field(default_factory=dict)

    def text(self, *keys: str) -> str:
        """The first of ``keys`` present, as one string."""
        for key in keys:
            value = self.values.get(key)
            if isinstance(value, str) and value:
                return value
            if isinstance(value, list) and value:
                return value[0]
        return ""

    def joined(self, *keys: str) -> str:
        """A list (several authors) as one comma-separated string."""
        for key in keys:
            value = self.values.get(key)
            if isinstance(value, list) and value:
                return ", ".join(value)
            if isinstance(value, str) and value:
                return value
        return ""

    def items(self, *keys: str) -> tuple[str, ...]:
        """A list, or a comma-separated string, as a tuple without duplicates."""
        for key in keys:
            value = self.values.get(key)
            if isinstance(value, str):
                value = value.split(",")
            if value:
                cleaned = (" ".join(item.split()) for item in value)
                return tuple(dict.fromkeys(item for item in cleaned if item))
        return ()


def read_front_matter(text: str) -> tuple[FrontMatter, str]:
    """Front matter and the rest of the text; no front matter gives empty metadata."""
    if not text.startswith("---"):
        return FrontMatter(), text
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return FrontMatter(), text
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            meta = _parse(lines[1:end])
            if meta is not None:
                return meta, "\n".join(lines[end + 1 :])
            break
    return FrontMatter(), text


def _parse(lines: list[str]) -> FrontMatter | None:
    """Parse the block; None when it is not key/value data (e.g. a ``---`` rule)."""
    values: dict[str, str | list[str]] = {}
    key = ""
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = _ITEM.match(line)
        if item and key:
            current = values.get(key)
            listed = current if isinstance(current, list) else []
            listed.append(_scalar(item.group(1) or item.group(2) or ""))
            values[key] = listed
            continue
        pair = _KEY.match(line)
        if not pair:
            if key and line[:1].isspace() and isinstance(values.get(key), str):
                values[key] = f"{values[key]} {_scalar(line)}".strip()  # folded value
                continue
            return None
        key = pair.group(1).strip().lower().replace("-", "_").replace(" ", "_")
        values[key] = _value(pair.group(2) or "")
    return FrontMatter(values) if values else None


def _value(raw: str) -> str | list[str]:
    raw = raw.strip()
    if raw.startswith("[") and raw.endswith("]"):
        return [item for item in (_scalar(part) for part in raw[1:-1].split(",")) if item]
    if raw in ("|", ">", "|-", ">-"):
        return ""
    return _scalar(raw)


def _scalar(raw: str) -> str:
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"":
        return raw[1:-1]
    return re.sub(r"\s+#.*$", "", raw)
