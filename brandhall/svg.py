"""SVG logos pass through sanitised: no script, no event handlers, no external references."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
FORBIDDEN_TAGS = {"script", "foreignObject", "iframe", "embed", "object", "audio", "video"}
EXTERNAL_CSS = re.compile(r"@import|url\(\s*['\"]?(?!#)", re.I)
DEFAULT_SIZE = 480



class UnsafeSvg(ValueError):
    """The SVG cannot be used; the message says why, in Chinese."""


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def sanitize_svg(data: bytes) -> tuple[bytes, int, int]:
    """The cleaned SVG and its display size. Raises UnsafeSvg when it cannot be read."""
    try:
        root = SafeElementTree.fromstring(data)
    except DefusedXmlException:
        raise UnsafeSvg("SVG 标识里有 DTD 或实体定义，出于安全不能使用；请用绘图软件重新导出为普通 SVG") from None
    except ElementTree.ParseError:
        raise UnsafeSvg("SVG 标识文件无法解析（文件不完整或不是 SVG），请重新导出") from None
    if _local(root.tag) != "svg":
        raise UnsafeSvg("这个文件不是 SVG 图形，请换成 SVG、PNG 或 JPG 标识")
    _clean(root)
    width, height = _size(root)
    # ElementTree's prefixes are process-wide, and a later registration of "" for another
    # namespace (by any library) would write this logo as <ns0:svg>, which browsers do not draw.
    ElementTree.register_namespace("", SVG_NS)
    ElementTree.register_namespace("xlink", XLINK_NS)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True), width, height


def _clean(element: ElementTree.Element) -> None:
    for child in list(element):
        name = _local(child.tag)
        if name in FORBIDDEN_TAGS or (name == "style" and EXTERNAL_CSS.search(child.text or "")):
            element.remove(child)
            continue
        _clean(child)
    for attribute in list(element.attrib):
        if _unsafe_attribute(_local(attribute).lower(), element.attrib[attribute].strip()):
            del element.attrib[attribute]


def _unsafe_attribute(name: str, value: str) -> bool:
    return (
        name.startswith("on")
        or (name == "href" and not value.startswith("#"))
        or (name == "style" and EXTERNAL_CSS.search(value) is not None)
        or re.match(r"\s*(javascript|data):", value, re.I) is not None
    )


def _size(root: ElementTree.Element) -> tuple[int, int]:
    viewbox = root.attrib.get("viewBox", "").replace(",", " ").split()
    if len(viewbox) == 4:
        try:
            width, height = float(viewbox[2]), float(viewbox[3])
            if width > 0 and height > 0:
                return DEFAULT_SIZE, round(DEFAULT_SIZE * height / width)
        except ValueError:
            pass
    return DEFAULT_SIZE, DEFAULT_SIZE
