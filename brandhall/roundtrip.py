"""Adding honours to a branch.yml with ruamel.yaml round-trip, so the editors' comments, quotes,
flow mappings and blank lines stay as they were: a file ruamel cannot write back byte for byte
is left alone."""

from __future__ import annotations

import io
from typing import Any

from .models import Figure, Honour

INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4))  # (mapping, sequence, offset); the first is the examples'


def _yaml(indent: tuple[int, int, int]):
    from ruamel.yaml import YAML

    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    yaml.width = 100_000  # never re-wrap an editor's long line
    return yaml


def dump(yaml, doc) -> str:
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue()


def round_trip(text: str):
    """A ruamel loader/dumper that writes `text` back byte for byte, and the loaded document."""
    for indent in INDENTS:
        yaml = _yaml(indent)
        doc = yaml.load(text)
        if dump(yaml, doc) == text:
            return yaml, yaml.load(text)
    return None, None


def add_honours(figure, honours: list[Honour]) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    current = figure.get("honours")
    existing = current if isinstance(current, CommentedSeq) else None
    flow = not existing or all(isinstance(i, CommentedMap) and i.fa.flow_style() for i in existing)
    items = []
    for honour in honours:
        item = CommentedMap(title=honour.title, period=DoubleQuotedScalarString(honour.period))
        if honour.by:
            item["by"] = honour.by
        if flow:
            item.fa.set_flow_style()
        items.append(item)
    if existing is not None and len(existing):
        trailing = _detach_trailing(existing)
        existing.extend(items)
    elif existing is not None:
        existing.fa.set_block_style()
        existing.extend(items)
        trailing = None
    else:
        seq = CommentedSeq(items)
        if "honours" in figure:
            figure["honours"] = seq
            trailing = None
        else:
            order = list(Figure.model_fields)
            before = [i for i, key in enumerate(figure) if key in order and order.index(key) < order.index("honours")]
            position = before[-1] + 1 if before else 0
            trailing = _detach_trailing(figure) if position == len(figure) else None
            figure.insert(position, "honours", seq)
        existing = seq
    _attach_trailing(existing, trailing)


def _trailing_slot(node) -> tuple[dict, Any, int] | None:
    """Where ruamel keeps the comment after the last line of `node`: the end-of-line comment,
    followed by the comment lines and blank lines up to the next item. Appended items must go
    before those lines, which belong to what follows."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if not len(node):
        return None
    if isinstance(node, CommentedSeq):
        key: Any = len(node) - 1
        last, position = node[key], 0
    else:
        key = list(node)[-1]
        last, position = node[key], 2
    if isinstance(last, CommentedMap | CommentedSeq) and len(last) and not last.fa.flow_style():
        return _trailing_slot(last)
    return node.ca.items, key, position


def _detach_trailing(node):
    from ruamel.yaml.tokens import CommentToken

    slot = _trailing_slot(node)
    entry = slot[0].get(slot[1]) if slot else None
    token = entry[slot[2]] if entry else None
    if token is None:
        return None
    value: str = token.value
    if value.startswith("#"):
        own, _, rest = value.partition("\n")
        if not rest:
            return None
        token.value = own + "\n"
    else:
        rest = value[1:] if value.startswith("\n") else value
        entry[slot[2]] = None
    return CommentToken("\n" + rest, token.start_mark, None)


def _attach_trailing(seq, token) -> None:
    if token is None:
        return
    last = seq[-1]
    if last.fa.flow_style():
        seq.ca.items[len(seq) - 1] = [token, None, None, None]
    else:
        last.ca.items[list(last)[-1]] = [None, None, token, None]
