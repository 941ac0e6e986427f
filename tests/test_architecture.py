"""The layers of the code base, checked on its import graph (README, "Architecture").

Every ``import`` counts, also those inside functions and under
``TYPE_CHECKING``: an import hidden in a function is still a dependency, and a
cycle through one is still a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
PACKAGES = ("exchange_site", "libraries", "practices", "meetings", "home")
SKIPPED_PARTS = {"migrations", "settings", "__pycache__"}

#: What each layer may import from the project, bottom up. A module belongs to the
#: first layer whose prefix it starts with.
LAYERS: list[tuple[str, set[str]]] = [
    ("exchange_site.core", set()),
    ("libraries", {"exchange_site.core"}),
    ("practices", {"exchange_site.core", "libraries"}),
    ("meetings", {"exchange_site.core", "libraries", "practices"}),
    ("exchange_site.translation", {"exchange_site.core"}),
    ("exchange_site.security", {"exchange_site.core"}),
    ("exchange_site.seo", {"exchange_site.core"}),
    ("home", {"exchange_site.core", "libraries", "practices", "meetings"}),
    (
        "exchange_site.search",
        {"exchange_site.core", "libraries", "practices", "meetings"},
    ),
]
CONTENT_APPS = ("libraries", "practices", "meetings", "home")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPOSITORY).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (REPOSITORY / package).rglob("*.py"):
            if not SKIPPED_PARTS & set(path.relative_to(REPOSITORY).parts):
                modules[module_name(path)] = path
    return modules


def imported_modules(name: str, source: str, known: set[str], is_package: bool = False) -> set[str]:
    """Project modules ``name`` imports anywhere in ``source`` (relative imports resolved)."""
    package = name if is_package else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(source, name)):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            candidates = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for candidate in candidates:
            # ``from x import y``: y may be a module or a name in module x.
            while candidate and candidate not in known:
                candidate = candidate.rpartition(".")[0]
            if candidate and candidate != name:
                found.add(candidate)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    known = set(modules)
    return {
        name: imported_modules(name, path.read_text(), known, path.name == "__init__.py")
        for name, path in modules.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def layer_of(module: str) -> str | None:
    for prefix, _allowed in LAYERS:
        if module == prefix or module.startswith(prefix + "."):
            return prefix
    return None


def layer_violations(graph: dict[str, set[str]]) -> list[str]:
    allowed = dict(LAYERS)
    violations = []
    for module, targets in sorted(graph.items()):
        layer = layer_of(module)
        if layer is None:
            continue
        for target in sorted(targets):
            target_layer = layer_of(target) or target.split(".")[0]
            if target_layer != layer and target_layer not in allowed[layer]:
                violations.append(f"{module} imports {target} ({layer} may not use {target_layer})")
    return violations


def test_the_import_graph_has_no_cycle():
    found = cycles(import_graph())
    assert not found, "import cycles (imports inside functions count):\n" + "\n".join(
        " <-> ".join(component) for component in found
    )


def test_each_layer_imports_only_the_layers_below_it():
    violations = layer_violations(import_graph())
    assert not violations, "imports against the layering:\n" + "\n".join(violations)


def test_the_translation_pipeline_imports_no_content_app():
    graph = import_graph()
    offending = [
        f"{module} imports {target}"
        for module, targets in graph.items()
        if module.startswith("exchange_site.translation")
        for target in targets
        if target.split(".")[0] in CONTENT_APPS
    ]
    assert not offending, "the pipeline must depend on the core only:\n" + "\n".join(offending)


def test_the_checks_see_what_they_must_catch():
    """The graph reader and the checks themselves catch a hidden cycle and a layer breach."""
    graph = {
        "exchange_site.core.models": {"exchange_site.core.permissions"},
        "exchange_site.core.permissions": {"exchange_site.core.models"},
        "exchange_site.translation.views": {"practices.models"},
        "practices.models": {"exchange_site.core.models"},
    }
    assert cycles(graph) == [["exchange_site.core.models", "exchange_site.core.permissions"]]
    assert layer_violations(graph) == [
        "exchange_site.translation.views imports practices.models "
        "(exchange_site.translation may not use practices)"
    ]
    known = {"exchange_site.core.models", "exchange_site.core.permissions"}
    hidden = "def library_ids(user):\n    from .models import PartnerLibraryPage\n"
    assert imported_modules("exchange_site.core.permissions", hidden, known) == {
        "exchange_site.core.models"
    }, "an import inside a function must count"


def test_inside_the_pipeline_the_layers_point_one_way():
    """models ← pipeline ← jobs ← tasks ← signals/views: nothing reaches back up."""
    graph = import_graph()
    package = "exchange_site.translation"

    def needs(module: str) -> set[str]:
        seen, todo = set(), [f"{package}.{module}"]
        while todo:
            for target in graph[todo.pop()] - seen:
                seen.add(target)
                todo.append(target)
        return {name.removeprefix(f"{package}.") for name in seen}

    above = {
        "models": {"pipeline", "jobs", "tasks", "signals", "review", "views"},
        "pipeline": {"jobs", "tasks", "signals", "review", "views"},
        "jobs": {"tasks", "signals", "views"},
        "tasks": {"signals", "views"},
    }
    for module, higher in above.items():
        assert not needs(module) & higher, f"translation.{module} needs {needs(module) & higher}"


def test_the_translation_package_is_no_facade():
    tree = ast.parse((REPOSITORY / "exchange_site" / "translation" / "__init__.py").read_text())
    assert not [node for node in tree.body if not isinstance(node, ast.Expr)], (
        "exchange_site/translation/__init__.py holds only its docstring; import from the modules"
    )
