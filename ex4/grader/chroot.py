"""A chroot made for one grading run: the sandbox of a container's root, where bubblewrap cannot start.

A hosted autograder (Gradescope, Docker) runs the grader as root without CAP_SYS_ADMIN, and
often with a seccomp profile that refuses user namespaces: no bubblewrap there.  What such a
container keeps is what judges confined contestants with before namespaces existed:
``chroot`` (CAP_SYS_CHROOT), a uid of no one's (CAP_SETUID), device nodes (CAP_MKNOD) and
``kill``.  So the grader makes, once per run, a folder holding only

- the interpreter, its shared libraries (``ldd``'s list) and ``/etc/ld.so.cache``;
- the standard library (without its tests, IDLE, tkinter and its own site-packages);
- the packages a submission may import, numpy, scipy and matplotlib with what they need
  (each installed distribution's own file list), never this project;
- ``/sandbox/lib/ex4_inside`` (:mod:`ex4.inside`, the worker and its shims), and a slot
  folder per uid, where each file's copy, work, home and temporary folders are made and
  removed again;
- ``/dev/null``, ``zero``, ``full``, ``random`` and ``urandom`` (regular empty files where the
  device nodes cannot be made);

every file a hard link to the host's where the filesystem allows (else a copy), all of it
root's and read-only to the uid.  :mod:`ex4.grader.launch` then, as root, joins the file's
cgroups, ``chroot``s into it, drops to the slot's uid with no capability and
``no_new_privs``, installs a seccomp filter (:func:`ex4.grader.launch.seccomp_filter`: no network, no
System V IPC or key rings, no io_uring), and runs the worker.

What it cannot do: hide the host's processes from ``kill`` (only the uid's own can be
signalled), nor keep the code's CPU, memory or processes apart except by the uid and
rlimits where no cgroup can be made; docs/teachers.md's table says so.
"""

import atexit
import functools
import importlib.metadata
import os
import re
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile

PACKAGES = ("numpy", "scipy", "matplotlib")  # what a submission may import, with what they require
LEFT_OUT = {"site-packages", "dist-packages", "test", "tests", "idlelib", "tkinter", "turtledemo", "ensurepip",
            "lib2to3", "__pycache__"}  # of the standard library's folders
DEVICES = {"null": 3, "zero": 5, "full": 7, "random": 8, "urandom": 9}  # character devices, major 1
INSIDE = "/sandbox"  # the grader's folder inside: lib/ex4_inside, slots/UID


class Tree:
    """A folder that mirrors the host paths placed in it: links kept as links, files hard-linked or copied."""

    def __init__(self, root):
        self.root = root
        self.links = self.copies = 0

    def mirror(self, path):
        return self.root + os.path.normpath(path)

    def _folders(self, path):
        mirror = self.mirror(path)
        if not os.path.isdir(mirror):
            os.makedirs(mirror, mode=0o755, exist_ok=True)

    def place(self, path, depth=0):
        """``path`` (absolute, on the host) and every link on the way to it, as on the host."""
        path = os.path.normpath(path)
        parts = path.split(os.sep)[1:]
        for i in range(1, len(parts) + 1):
            prefix = "/" + "/".join(parts[:i])
            if os.path.islink(prefix):
                target = os.readlink(prefix)
                mirror = self.mirror(prefix)
                if not os.path.lexists(mirror):
                    self._folders(os.path.dirname(prefix))
                    os.symlink(target, mirror)
                if depth > 40:  # a loop of links: leave it dangling
                    return
                return self.place(os.path.join(os.path.dirname(prefix), target, *parts[i:]), depth + 1)
        if os.path.isdir(path):
            self._folders(path)
        elif os.path.isfile(path):
            self._folders(os.path.dirname(path))
            self._file(path)

    def _file(self, path):
        mirror = self.mirror(path)
        if os.path.lexists(mirror):
            return
        mode = os.stat(path).st_mode
        if not mode & (stat.S_IWOTH | stat.S_IWGRP | stat.S_ISUID | stat.S_ISGID):
            try:
                os.link(path, mirror)  # the same inode: read-only to the uid as on the host
                self.links += 1
                return
            except OSError:
                pass  # another filesystem, or links refused: a copy
        shutil.copyfile(path, mirror)
        os.chmod(mirror, stat.S_IMODE(mode) & 0o755)
        self.copies += 1

    def place_folder(self, folder, left_out=()):
        """Everything under ``folder`` but the subfolders named in ``left_out``."""
        self.place(folder)
        real = os.path.realpath(folder)
        for base, dirs, files in os.walk(real):
            dirs[:] = [d for d in dirs if d not in left_out]
            for name in dirs + files:
                path = os.path.join(base, name)
                if os.path.islink(path):
                    self.place(path)
                elif os.path.isdir(path):
                    self._folders(path)
                elif os.path.isfile(path):
                    self._file(path)


def distributions(names=PACKAGES):
    """The installed distributions of ``names`` and of everything they require (extras left out)."""
    found, seen, todo = [], set(), list(names)
    while todo:
        name = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            continue
        seen.add(key)
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        found.append(dist)
        for requirement in dist.requires or []:
            condition = requirement.split(";", 1)[1] if ";" in requirement else ""
            if "extra" in condition:
                continue
            todo.append(re.split(r"[\s<>=!~;\[(]", requirement.strip(), maxsplit=1)[0])
    return found


def _package_files(own):
    """The files of :func:`distributions` inside their site folders (never a script or this project)."""
    files = []
    for dist in distributions():
        site_dir = os.path.realpath(str(dist.locate_file("")))
        for entry in dist.files or []:
            path = os.path.realpath(str(dist.locate_file(entry)))
            if path.startswith(site_dir + os.sep) and not path.startswith(own + os.sep) and os.path.isfile(path):
                files.append(os.path.join(str(dist.locate_file("")), str(entry)))
    return files


def shared_libraries(files):
    """The shared libraries ``files`` (executables and extension modules) load, as ``ldd`` lists them."""
    found = set()
    for start in range(0, len(files), 200):
        try:
            done = subprocess.run(["ldd", *files[start:start + 200]], capture_output=True, text=True, timeout=120,
                                  stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired):
            return sorted(found)
        for line in done.stdout.splitlines():
            words = line.split()
            if "=>" in words and len(words) > words.index("=>") + 1:
                path = words[words.index("=>") + 1]
            elif words and words[0].startswith("/") and not line.rstrip().endswith(":"):
                path = words[0]
            else:
                continue
            if path.startswith("/") and os.path.isfile(path):
                found.add(path)
    return sorted(found)


def _devices(tree):
    dev = tree.mirror("/dev")
    os.makedirs(dev, mode=0o755, exist_ok=True)
    for name, minor in DEVICES.items():
        path = os.path.join(dev, name)
        try:
            os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
            os.chmod(path, 0o666)
        except OSError:  # no CAP_MKNOD (a user namespace): an empty file reads as the end, writes are refused
            with open(path, "w"):
                pass
            os.chmod(path, 0o444)


def build(inside_dir, own_package):
    """Make the tree in a new folder; returns its root.  ``inside_dir`` is :mod:`ex4.inside`,
    ``own_package`` this project's package folder (never placed)."""
    holder = tempfile.mkdtemp(prefix="ex4-chroot-")  # 0700: only root reaches the tree from outside
    tree = Tree(os.path.join(holder, "root"))
    os.mkdir(tree.root, 0o755)
    try:
        interpreters = {sys.executable, getattr(sys, "_base_executable", sys.executable)}
        for path in interpreters:
            tree.place(path)
        if sys.prefix != sys.base_prefix and os.path.isfile(os.path.join(sys.prefix, "pyvenv.cfg")):
            tree.place(os.path.join(sys.prefix, "pyvenv.cfg"))
        paths = sysconfig.get_paths()
        for key in ("stdlib", "platstdlib"):
            tree.place_folder(paths[key], LEFT_OUT)
        dynloads = sorted({os.path.realpath(p) for p in [os.path.join(paths[k], "lib-dynload")
                                                          for k in ("stdlib", "platstdlib")] + sys.path
                           if os.path.basename(p) == "lib-dynload" and os.path.isdir(p)})
        for folder in dynloads:
            tree.place_folder(folder)
        own = os.path.realpath(own_package)
        package_files = _package_files(own)
        for path in package_files:
            tree.place(path)
        for path in ("/etc/ld.so.cache", "/etc/localtime"):
            if os.path.exists(path):
                tree.place(path)
        binaries = [os.path.realpath(p) for p in interpreters]
        binaries += [os.path.join(base, name) for folder in dynloads
                     for base, _, names in os.walk(folder) for name in names if ".so" in name]
        binaries += [p for p in package_files if p.endswith(".so") or ".so." in os.path.basename(p)]
        for path in shared_libraries(binaries):
            tree.place(path)
        _devices(tree)
        lib = tree.mirror(INSIDE + "/lib")
        os.makedirs(lib, mode=0o755)
        shutil.copytree(inside_dir, os.path.join(lib, "ex4_inside"), ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        os.mkdir(tree.mirror(INSIDE + "/slots"), 0o711)  # each slot's folder is its uid's alone
        for base, dirs, files in os.walk(tree.root):
            for name in dirs:
                path = os.path.join(base, name)
                if not os.path.islink(path) and path != tree.mirror(INSIDE + "/slots"):
                    os.chmod(path, 0o755)
    except BaseException:
        shutil.rmtree(holder, ignore_errors=True)
        raise
    return tree.root, tree.links, tree.copies


@functools.lru_cache(maxsize=None)
def shared_tree(inside_dir, own_package):
    """:func:`build`'s tree for this run (made once, on first use), removed when the process exits."""
    root, links, copies = build(inside_dir, own_package)
    atexit.register(shutil.rmtree, os.path.dirname(root), True)
    return root, links, copies


def slot_folders(root, uid):
    """(the slot's folder inside the tree, as the host sees it; and as the code sees it), made fresh,
    the uid's alone: in/ (the copy of the submission, read-only), work/, home/ and tmp/."""
    inside = f"{INSIDE}/slots/{uid}"
    host = root + inside
    remove_slot(root, uid)
    os.mkdir(host, 0o700)
    os.chown(host, uid, uid)
    for name in ("work", "home", "tmp"):
        os.mkdir(os.path.join(host, name), 0o700)
        os.chown(os.path.join(host, name), uid, uid)
    return host, inside


def remove_slot(root, uid):
    """Everything the slot's uid could write in the tree, removed (its processes already ended)."""
    shutil.rmtree(root + f"{INSIDE}/slots/{uid}", ignore_errors=True)
