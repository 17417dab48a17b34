"""Size-limited filesystems made by the test for the data directory (we run as root): a tmpfs
of a few megabytes to fill up, and a loopback ext4 image that the kernel can turn read-only
under a running service (``errors=remount-ro``, the Debian default, after a filesystem error).
Each is unmounted and removed in a ``finally``; where mounting is impossible the test skips and
says why."""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=60)


def _need_root(what: str) -> None:
    if os.geteuid() != 0:
        pytest.skip(f"{what} needs root (mount)")


@contextlib.contextmanager
def small_tmpfs(path: Path, size_mb: int) -> Iterator[Path]:
    """A tmpfs of ``size_mb`` MiB mounted on ``path``."""
    _need_root("a size-limited filesystem")
    _mount(path, "a tmpfs", "-t", "tmpfs", "-o", f"size={size_mb}m,mode=0755", "tmpfs")
    try:
        yield path
    finally:
        _unmount(path)


@contextlib.contextmanager
def loop_ext4(image: Path, path: Path, size_mb: int) -> Iterator[Path]:
    """An ext4 image of ``size_mb`` MiB mounted on ``path`` through a loop device, with
    ``errors=remount-ro``."""
    _need_root("a loopback filesystem")
    with image.open("wb") as out:
        out.truncate(size_mb * 1024 * 1024)
    made = _run("mkfs.ext4", "-q", "-F", str(image))
    if made.returncode != 0:
        pytest.skip(f"mkfs.ext4 failed: {made.stderr.strip()}")
    _mount(path, "a loopback image", "-o", "loop,errors=remount-ro", str(image))
    try:
        yield path
    finally:
        _unmount(path)
        image.unlink(missing_ok=True)


def trigger_read_only(path: Path) -> None:
    """Make the ext4 filesystem on ``path`` fail as a dying disk does: the kernel records an
    error and, under ``errors=remount-ro``, turns the filesystem read-only at once."""
    device = Path(_run("findmnt", "-n", "-o", "SOURCE", str(path)).stdout.strip()).name
    trigger = Path(f"/sys/fs/ext4/{device}/trigger_fs_error")
    if not trigger.exists():
        pytest.skip(f"this kernel has no {trigger} to make a filesystem fail")
    # Frozen first: what the service was told is written reaches the disk (a freeze flushes it)
    # and writers block, so none is acknowledged between the flush and the failure. Without it
    # the failure also takes what SQLite had not synced yet (synchronous=NORMAL: a commit is
    # synced at the next checkpoint), as a power loss would.
    frozen = _run("fsfreeze", "--freeze", str(path))
    if frozen.returncode != 0:
        pytest.skip(f"cannot freeze the filesystem: {frozen.stderr.strip()}")
    try:
        trigger.write_text("paperwise fault suite\n")
    finally:
        _run("fsfreeze", "--unfreeze", str(path))
    probe = path / ".probe"
    try:
        probe.write_text("x")
    except OSError as exc:
        assert exc.errno == errno.EROFS, exc
    else:
        raise AssertionError("the filesystem is still writable")


def remount_repaired(image: Path, path: Path) -> None:
    """What an operator does after the disk error: unmount, fsck, mount again (read-write)."""
    _unmount(path)
    _run("e2fsck", "-f", "-y", str(image))
    mounted = _run("mount", "-o", "loop,errors=remount-ro", str(image), str(path))
    assert mounted.returncode == 0, mounted.stderr


def fill(path: Path) -> Path:
    """Write a ballast file until the filesystem is full; remove it to end the fault."""
    ballast = path / "ballast"
    chunk = b"\0" * (256 * 1024)
    fd = os.open(ballast, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        while True:
            os.write(fd, chunk)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC, exc
    finally:
        os.close(fd)
    return ballast


def _mount(path: Path, what: str, *args: str) -> None:
    path.mkdir(parents=True, exist_ok=True)
    mounted = _run("mount", *args, str(path))
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount {what} here: {mounted.stderr.strip()}")


def _unmount(path: Path) -> None:
    done = _run("umount", str(path))
    if done.returncode != 0:  # still busy: detach it now, freed when the last file closes
        _run("umount", "-l", str(path))
