"""The translation package's modules depend on each other in one direction only.

Imports written inside functions count: a lazy import back up the layers is
still a cycle, only hidden until the function runs.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "exchange_site" / "translation"
NAME = "exchange_site.translation"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join((NAME, *parts))


def _imported(module: str, path: Path, node: ast.ImportFrom | ast.Import) -> set[str]:
    """Modules of this package that ``node`` imports (``from . import x`` names module x)."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name.startswith(NAME)}
    if node.level:
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        for _ in range(node.level - 1):
            package = package.rsplit(".", 1)[0]
        base = f"{package}.{node.module}" if node.module else package
    else:
        base = node.module or ""
    if not base.startswith(NAME):
        return set()
    return {base} | {f"{base}.{alias.name}" for alias in node.names}


def import_graph() -> dict[str, set[str]]:
    paths = [p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts]
    modules = {_module_name(path): path for path in paths}
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                edges |= {name for name in _imported(module, path, node) if name in modules}
        graph[module] = edges - {module}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle as a list of modules, or [] when there is none."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    stack: list[str] = []

    def visit(module: str) -> list[str]:
        state[module] = 1
        stack.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[module] = 2
        return []

    for module in sorted(graph):
        if module not in state and (found := visit(module)):
            return found
    return []


def test_the_translation_package_has_no_import_cycle():
    cycle = _cycle(import_graph())
    assert not cycle, "import cycle: " + " → ".join(name.removeprefix(NAME) for name in cycle)


def test_the_layers_point_one_way():
    graph = import_graph()

    def needs(module: str) -> set[str]:
        seen, todo = set(), [f"{NAME}.{module}"]
        while todo:
            for target in graph[todo.pop()] - seen:
                seen.add(target)
                todo.append(target)
        return {name.removeprefix(f"{NAME}.") for name in seen}

    assert not needs("models") & {"pipeline", "jobs", "tasks", "signals", "review", "views"}
    assert not needs("pipeline") & {"jobs", "tasks", "signals", "review", "views"}
    assert not needs("jobs") & {"tasks", "signals", "views"}
    assert not needs("tasks") & {"signals", "views"}


def test_the_package_itself_is_no_facade():
    tree = ast.parse((PACKAGE / "__init__.py").read_text())
    assert not [node for node in tree.body if not isinstance(node, ast.Expr)], (
        "exchange_site/translation/__init__.py holds only its docstring; import from the modules"
    )
