"""The package as docs/internals.md draws it: every module in its picture and on its floor, each
room importing only rooms on lower floors (no circles, nothing running back up); and no module
reaching into another's private names."""

import ast
import re

from conftest import REPO

PACKAGE = REPO / "ex4"
FOLDERS = ("programs", "grader", "inside", "datatools", "diagnosis")  # each one room, as a reader meets it


def modules():
    """{dotted name: path} of every Python file of the package."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def room(path):
    """The room a file is in: 'ex4/cost.py', or a folder such as 'ex4/grader/'."""
    rel = path.relative_to(PACKAGE)
    return f"ex4/{rel.parts[0]}/" if rel.parts[0] in FOLDERS else f"ex4/{rel}"


def imports(path, known):
    """The package's modules that the file at ``path`` imports (at any depth), as dotted names,
    and each (module, name) it imports from one of them."""
    name = next(n for n, p in known.items() if p == path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            if base.split(".")[0] != "ex4" or "shims" in path.parts:
                continue
            for alias in node.names:
                target = f"{base}.{alias.name}"
                found.append((target if target in known else base, alias.name))
        elif isinstance(node, ast.Import):
            found.extend((a.name, None) for a in node.names if a.name.split(".")[0] == "ex4" and "shims" not in path.parts)
    return found


def floors():
    """{room: floor}: 1 for a room that imports no other room, else 1 + the highest it imports."""
    known = modules()
    arrows = {}
    for path in known.values():
        for target, _ in imports(path, known):
            if target in known and room(known[target]) != room(path):
                arrows.setdefault(room(path), set()).add(room(known[target]))
    rooms = {room(p) for p in known.values()}
    floor, visiting = {}, set()

    def of(r):
        if r not in floor:
            assert r not in visiting, f"a circle of imports through {r}"
            visiting.add(r)
            floor[r] = 1 + max((of(t) for t in arrows.get(r, ())), default=0)
            visiting.discard(r)
        return floor[r]

    for r in rooms:
        of(r)
    return floor


def picture():
    """{room: floor} as docs/internals.md draws it: lines 'floor N  ROOM ROOM ...  what they are'."""
    text = (REPO / "docs" / "internals.md").read_text().split("## The package", 1)[1]
    block = re.search(r"```text\n(.*?)```", text, flags=re.S).group(1)
    drawn = {}
    for line in block.splitlines():
        match = re.match(r"floor (\d+) +(.*?)(?: {2,}|$)", line)
        if match:
            for r in match.group(2).split():
                drawn[r.rstrip(",")] = int(match.group(1))
    return drawn


def test_the_package_picture_has_every_room_on_its_floor():
    assert picture() == floors()


def test_no_module_uses_another_modules_private_names():
    known = modules()
    reached = []
    for path in known.values():
        for target, name in imports(path, known):
            private = [p for p in target.split(".") + [name or ""] if p.startswith("_") and not p.startswith("__")]
            if private:
                reached.append(f"{path.relative_to(REPO)} imports {name} from {target}")
        tree = ast.parse(path.read_text())
        aliases = {a.asname or a.name for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
                   for a in node.names}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
                    and node.attr.startswith("_") and not node.attr.startswith("__") and node.value.id not in (
                        "np", "sys", "os")):
                reached.append(f"{path.relative_to(REPO)}:{node.lineno}: {node.value.id}.{node.attr}")
    assert reached == []
