#!/usr/bin/env python3
"""Wraps long help, abstract and discussion texts of the command-line tool into multi-line
string literals whose lines end in a backslash (a line continuation: the text itself is
unchanged), so that no source line need pass 120 columns. Run once before swift-format;
kept for texts added later:  python3 scripts/wrap_long_strings.py Sources/SightlineCLI/*.swift
"""
import re
import sys

LIMIT = 120


def split_words(text):
    """Splits literal text at spaces outside interpolations, keeping each space with the word before it."""
    parts, cur, depth, i = [], "", 0, 0
    while i < len(text):
        c = text[i]
        if text.startswith("\\(", i):
            depth += 1
            cur += "\\("
            i += 2
            continue
        if c == "\\" and i + 1 < len(text):
            cur += text[i:i + 2]
            i += 2
            continue
        if depth > 0:
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
            cur += c
        elif c == " ":
            cur += c
            parts.append(cur)
            cur = ""
        else:
            cur += c
        i += 1
    if cur:
        parts.append(cur)
    return parts


def wrap(text, indent):
    width = LIMIT - len(indent) - 2
    lines, cur = [], ""
    for w in split_words(text):
        if cur and len(cur) + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur += w
    lines.append(cur)
    # A line continuation must not follow a space that ends the line? It may: the space is text.
    out = [indent + l + "\\" for l in lines[:-1]] + [indent + lines[-1]]
    return out


LITERAL = re.compile(r'(?P<key>\b(?:help|abstract|discussion)\s*:\s*)"(?P<body>(?:[^"\\]|\\.)*)"')


def process(path):
    src = open(path).read().split("\n")
    out = []
    in_multi = None  # indentation of the closing delimiter while inside a multi-line literal
    for line in src:
        if in_multi is not None:
            stripped = line.strip()
            if stripped.startswith('"""'):
                in_multi = None
                out.append(line)
                continue
            if len(line) > LIMIT and not line.rstrip().endswith("\\"):
                indent = re.match(r"\s*", line).group(0)
                out.extend(wrap(line[len(indent):], indent))
            else:
                out.append(line)
            continue
        if line.rstrip().endswith('"""') and line.count('"""') == 1:
            in_multi = re.match(r"\s*", line).group(0)
            out.append(line)
            continue
        if len(line) > LIMIT:
            m = LITERAL.search(line)
            if m and len(m.group("body")) > 80:
                indent = re.match(r"\s*", line).group(0)
                body_indent = indent + "    "
                head = line[:m.start("body") - 1]
                tail = line[m.end("body") + 1:]
                out.append(head + '"""')
                out.extend(wrap(m.group("body"), body_indent))
                out.append(body_indent + '"""' + tail)
                continue
        out.append(line)
    open(path, "w").write("\n".join(out))


for p in sys.argv[1:]:
    process(p)
