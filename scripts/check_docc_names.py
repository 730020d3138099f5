#!/usr/bin/env python3
"""The umbrella's DocC catalog names the other modules' types in code voice (symbol links
to them cannot resolve in the umbrella's own build), so DocC cannot tell when one is renamed
or removed. This check can: every code-voice name in the catalog that looks like a Swift
type (`SpectralLoop`, `BearingJob.Method`, `Welch.estimate(_:configuration:)`) must be
declared in Sources/, and so must each member after a dot (anywhere in Sources/: a
heuristic, not a scope check). With `--typecheck BIN_PATH` (the debug build's bin path, as
`swift build --show-bin-path` prints it, after a build of the Sightline target) the
catalog's Swift code blocks are also type-checked against the built modules, so the
pipeline example keeps using the real API. Exit 1 with the list of problems."""
import pathlib
import re
import subprocess
import sys
import tempfile

root = pathlib.Path(__file__).resolve().parent.parent
catalog = root / "Sources" / "Sightline" / "Sightline.docc"
source = "\n".join(p.read_text(encoding="utf-8") for p in (root / "Sources").rglob("*.swift"))
# Names from other packages (swift-numerics) or that are not Swift declarations.
external = {"Complex", "Complex<Float>", "Sightline", "SightlineCLI"}

def declared_type(name):
    return re.search(rf"\b(struct|enum|class|protocol|typealias|actor)\s+{re.escape(name)}\b", source)

def declared_member(name):
    return re.search(rf"\b(func|var|let|case|typealias|struct|enum|class)\s+{re.escape(name)}\b", source) or \
        (name == "init" and "init(" in source)

problems = []
for md in sorted(catalog.glob("*.md")):
    text = md.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.S)  # code blocks are checked by compiling them
    for token in re.findall(r"(?<!`)`([^`\n]+)`(?!`)", text):
        if token in external or not re.fullmatch(r"[A-Z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*(\([A-Za-z_:]*\))?", token):
            continue
        parts = token.split("(")[0].split(".")
        if len(parts) == 1 and (root / "Sources" / parts[0]).is_dir():
            continue  # a module
        if not declared_type(parts[0]):
            problems.append(f"{md.name}: `{token}`: no type {parts[0]} is declared in Sources/")
            continue
        for member in parts[1:]:
            ok = declared_type(member) if member[0].isupper() else declared_member(member)
            if not ok:
                problems.append(f"{md.name}: `{token}`: no declaration of {member} in Sources/")
if len(sys.argv) == 3 and sys.argv[1] == "--typecheck":
    modules = pathlib.Path(sys.argv[2]) / "Modules"
    maps = sorted({m.parent for base in (root / "Sources", root / ".build" / "checkouts")
                   for m in base.rglob("module.modulemap")})
    for md in sorted(catalog.glob("*.md")):
        for i, block in enumerate(re.findall(r"```swift\n(.*?)```", md.read_text(encoding="utf-8"), flags=re.S)):
            with tempfile.TemporaryDirectory() as tmp:
                main = pathlib.Path(tmp) / "main.swift"
                main.write_text(block, encoding="utf-8")
                args = ["swiftc", "-typecheck", "-I", str(modules)] + [f"-I{m}" for m in maps] + [str(main)]
                run = subprocess.run(args, capture_output=True, text=True)
                if run.returncode != 0:
                    problems.append(f"{md.name}: Swift block {i + 1} does not compile:\n{run.stderr.strip()}")
                else:
                    print(f"DocC catalog: {md.name}, Swift block {i + 1}: compiles against the built modules")
elif len(sys.argv) > 1:
    sys.exit("usage: check_docc_names.py [--typecheck BIN_PATH]")
if problems:
    print("DocC catalog problems:", *problems, sep="\n  ", file=sys.stderr)
    sys.exit(1)
print(f"DocC catalog: every type named in {catalog.relative_to(root)} is declared in Sources/")
