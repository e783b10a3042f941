"""Lobby screens (大屏): playlists in `screens/<name>.yml`, and the standalone full-screen pages
built from them into `site/screens/<name>/`.

A playlist is validated like a branch file (same `file:line:col: field (标签): 说明` errors) and
checked against the content graph. Each slide becomes one or more *frames* (a roll of brands, a
wall of stars in pages, the latest stories...). Every frame is rendered at build time into an
inert `<template>` of one HTML page; `screen.js` then shows them by the wall clock, reusing two
slide elements forever. Pages, CSS and JS are plain files from `brandhall/defaults/screens/`
(a project's `templates/screens/` overrides them by name).
"""

from .models import Screen
from .text import slide_excerpt
from .validate import LoadedScreen, load_screens
from .write import write_screens

__all__ = ["LoadedScreen", "Screen", "load_screens", "slide_excerpt", "write_screens"]
