"""Index generations: `index/current` points at one complete `index/gen-<ns>-<pid>/`.

A build writes `index/.staging-<pid>/`, renames it to a generation and points `current`
at it by replacing the symlink with one `os.replace` (atomic: a reader sees the old or the
new generation, never none). The generation replaced stays (readers that resolved it a
moment ago keep working); older ones, and whatever a killed build left, are removed.

Every reader goes through `resolve(index_dir)` once and reads only from the folder it
returns. An index in the older flat layout (files directly in the folder) resolves to the
folder itself; the next build moves it to a generation. Other files in the folder (the
repository's `index/README.md`) are left alone.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

CURRENT = "current"
GENERATION = re.compile(r"^gen-(\d+)-(\d+)$")
STAGING = re.compile(r"^\.staging-(\d+)$")
LINK = re.compile(r"^\.current-(\d+)\.tmp$")
# What builds before generations left directly in the index folder, and beside it.
FLAT_LAYOUT = ("manifest.json", "params.json", "retrieval.json", "places.json", "facts.sqlite", "facts.sqlite-journal", "facts.pg.json",
               "chunks.jsonl", "dense.faiss", "bm25", "segments.json", "segments", "docs",
               "catalog.sqlite")
SIBLING = r"^\.{name}\.(?:staging|old)-(\d+)$"
# A generation of another live build younger than this may be about to become current.
IN_FLIGHT_SECONDS = 60


def resolve(index_dir: Path | str) -> Path:
    """The folder holding the index files: the generation `current` points at, else the folder
    itself (an index in the flat layout, or none yet). A copy that followed the link (`current`
    a plain folder) reads that folder."""
    index_dir = Path(index_dir)
    link = index_dir / CURRENT
    if link.is_symlink():
        return index_dir / os.readlink(link)
    return link if link.is_dir() else index_dir


def new_staging(index_dir: Path | str) -> Path:
    """An empty staging folder for this process inside `index_dir`, after removing what killed
    builds left behind."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    remove_leftovers(index_dir)
    staging = index_dir / f".staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    return staging


def publish(index_dir: Path | str, staging: Path) -> Path:
    """Make the complete `staging` folder the current generation; returns the generation.

    Keeps the generation it replaces, removes older ones and an old flat layout."""
    index_dir = Path(index_dir)
    replaced = resolve(index_dir)
    generation = to_generation(index_dir, staging)
    point_current(index_dir, generation)
    remove_flat_layout(index_dir)
    remove_leftovers(index_dir, keep={generation.name, replaced.name})
    return generation


def to_generation(index_dir: Path, staging: Path) -> Path:
    """Rename a complete staging folder to a new generation folder (not yet current)."""
    generation = index_dir / f"gen-{time.time_ns()}-{os.getpid()}"
    os.replace(staging, generation)
    return generation


def point_current(index_dir: Path, generation: Path) -> None:
    """Point `current` at `generation` with one atomic rename of a fresh symlink."""
    current = index_dir / CURRENT
    if current.is_dir() and not current.is_symlink():  # a copy that followed the link
        os.replace(current, index_dir / f"gen-{time.time_ns()}-{os.getpid()}")
    link = index_dir / f".current-{os.getpid()}.tmp"
    link.unlink(missing_ok=True)
    os.symlink(generation.name, link)
    os.replace(link, current)


def remove_flat_layout(index_dir: Path) -> None:
    """Delete the files an index of the older flat layout kept directly in `index_dir`."""
    if not (index_dir / CURRENT).is_symlink():
        return
    for name in FLAT_LAYOUT:
        _remove(index_dir / name)


def remove_leftovers(index_dir: Path, keep: set[str] | None = None) -> None:
    """Remove staging folders and temporary links of builds no longer running, and the
    old layout's sibling `.index.staging-<pid>` / `.index.old-<pid>` folders. With `keep`
    (the names of the generations to keep, after a swap), also every other generation
    except one another running build is about to make current."""
    for path in index_dir.iterdir():
        m = STAGING.match(path.name) or LINK.match(path.name)
        if m and not _running(int(m.group(1))):
            _remove(path)
        m = GENERATION.match(path.name)
        if keep is not None and m and path.name not in keep and not _in_flight(path, int(m.group(2))):
            _remove(path)
    sibling = re.compile(SIBLING.format(name=re.escape(index_dir.name)))
    for path in index_dir.parent.iterdir():
        m = sibling.match(path.name)
        if m and not _running(int(m.group(1))):
            _remove(path)


def _in_flight(generation: Path, pid: int) -> bool:
    if pid == os.getpid() or not _running(pid):
        return False
    try:
        return time.time() - generation.stat().st_mtime < IN_FLIGHT_SECONDS
    except OSError:
        return False


def _running(pid: int) -> bool:
    """Whether process `pid` exists (this process counts as running)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
