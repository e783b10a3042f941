"""What the search index is made from and what it made, kept between builds in `.brandhall/search/`.

Pagefind has no incremental index: every build that changes a page indexes the whole site again.
`SearchCache` keeps that work as small as it can be: a build whose pages are byte for byte the
same uses the kept index as it is; otherwise only the pages that changed are read again, and only
their files in Pagefind's mirror (`search.mirror_page`) are written again.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from importlib.metadata import version
from pathlib import Path, PurePosixPath

from .assemble import settle_tree
from .engine.worksite import Entry, entries
from .search import IndexedPage, compact_json, read_page, write_index, write_mirror
from .staging import replace_file

Reading = list | None  # a page's [title, section, plain text], or None: not indexed
CODE = (Path(__file__), Path(__file__).with_name("search.py"))


class SearchCache:
    """The index the last build wrote, in `folder/out/` (the bundles, the Traditional map and the
    offline index), and in `folder/state.json` the key it was made for: the HTML pages read (path
    and SHA-256), Pagefind's version, the search code and the offline flag. The state is removed
    before indexing and written after, so a build that stops halfway keeps none.
    `folder/pages.json` keeps what was read from each page, by the page's SHA-256, and
    `folder/mirror/` the file Pagefind reads for each content page, with `mirror.json` naming the
    SHA-256 of the page each was made from."""

    FORMAT = 3

    def __init__(self, folder: Path):
        self.folder = folder
        self.out = folder / "out"
        self.state_file = folder / "state.json"
        self.readings_file = folder / "pages.json"
        self.mirror = folder / "mirror"
        self.mirror_file = folder / "mirror.json"
        self.out_file = folder / "out.json"  # the SHA-256 of each file in out/
        self._key = ""
        self._html: dict[str, Entry] = {}
        self._readings: dict[str, Reading] = {}

    def _state(self) -> dict:
        state = _load_json(self.state_file)
        return state if state.get("format") == self.FORMAT else {}

    def update(self, pages_dir: Path, config_file: Path, *, offline: bool) -> bool:
        """Bring the kept index in `out/` up to date with the HTML pages under `pages_dir`;
        returns whether it was already. Pagefind writes a whole new index beside it, which is
        then settled into `out/`: a file with the same bytes as before stays as it was, so the
        site's links to it stay too. Raises BuildFailed when Pagefind does not run."""
        state = self._state()
        self._key = self._key_for(pages_dir, offline, state.get("html", {}))
        if state.get("key") == self._key and self.out.is_dir():
            return True
        self.forget()
        pages = self.pages(pages_dir)
        fresh = self.folder / "out-new"
        shutil.rmtree(fresh, ignore_errors=True)
        write_index(pages, fresh, config_file, offline=offline, mirror=self.mirror)
        known = _load_json(self.out_file)
        self.out_file.unlink(missing_ok=True)  # out/ changes now: a build stopped halfway keeps no record
        _save_json(self.out_file, settle_tree(fresh, self.out, known))
        _save_json(self.readings_file, self._readings)
        _save_json(self.state_file, {"format": self.FORMAT, "key": self._key, "html": self._html})
        return False

    def _key_for(self, pages_dir: Path, offline: bool, recorded: dict[str, list]) -> str:
        """A digest of what an index of `pages_dir` is made from; a page is hashed only when its
        size or mtime differs from the last build's (the engine's work site keeps them)."""
        self._html = entries(pages_dir, {rel: tuple(entry) for rel, entry in recorded.items()},
                             keep=lambda relative: relative.endswith(".html"))
        digest = hashlib.sha256(f"{self.FORMAT}\0{version('pagefind_bin_extended')}\0{offline}".encode())
        for code in CODE:
            digest.update(code.read_bytes())
        for config in sorted(Path.cwd().glob("pagefind.*")):  # Pagefind reads its config from there
            digest.update(config.read_bytes())
        for relative, entry in sorted(self._html.items()):
            digest.update(f"\0{relative}\0{entry[2]}".encode())
        return digest.hexdigest()

    def forget(self) -> None:
        self.state_file.unlink(missing_ok=True)

    def pages(self, pages_dir: Path) -> list[IndexedPage]:
        """`indexed_pages(pages_dir)`, reading only the pages no earlier build has read (by SHA-256),
        with the mirror brought up to date."""
        known, made = _load_json(self.readings_file), _load_json(self.mirror_file)
        self._readings, pages, fresh = {}, [], []
        for relative in sorted(self._html, key=PurePosixPath):
            digest = self._html[relative][2]
            reading = known.get(digest, [])
            current = made.get(relative) == digest and (self.mirror / relative).is_file()
            if reading is None or (reading and (reading[1] != "content" or current)):
                page = None if reading is None else IndexedPage(pages_dir / relative, relative, *reading[:2],
                                                                text=[reading[2]])
            else:
                page = read_page(pages_dir / relative, relative)
                if page is not None and page.section == "content":
                    fresh.append((page, digest))
            self._readings[digest] = None if page is None else [page.title, page.section, page.plain]
            if page is not None:
                pages.append(page)
        self._update_mirror(made, {p.url for p in pages if p.section == "content"}, fresh)
        return pages

    def _update_mirror(self, made: dict[str, str], content: set[str], fresh: list[tuple[IndexedPage, str]]) -> None:
        """Write the mirror files of `fresh` pages and remove those of pages gone, with `mirror.json`
        never naming a file that is being changed."""
        for relative in [r for r in made if r not in content] + [page.url for page, _ in fresh]:
            made.pop(relative, None)
        self.mirror.mkdir(parents=True, exist_ok=True)
        _save_json(self.mirror_file, made)
        for file in self.mirror.rglob("*.html"):
            if file.relative_to(self.mirror).as_posix() not in content:
                file.unlink()
        for page, digest in fresh:
            write_mirror(self.mirror, page)
            made[page.url] = digest
        _save_json(self.mirror_file, made)


def _load_json(file: Path) -> dict:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save_json(file: Path, data: dict) -> None:
    replace_file(file, compact_json(data).encode("utf-8"))
