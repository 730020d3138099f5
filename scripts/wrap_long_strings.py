#!/usr/bin/env python3
"""Wraps long string literals into multi-line string literals whose lines end in a line
continuation (a backslash, or backslash-hash in a raw literal: the text itself is unchanged), so
that no source line need pass 120 columns. Lines already inside a multi-line literal are wrapped
in place; a single-line literal longer than 60 characters on a long line becomes a multi-line
one. Run before swift-format; kept for texts added later:
    python3 scripts/wrap_long_strings.py Sources/*/*.swift Sources/*/*/*.swift
"""
import re
import sys

LIMIT = 120


def blen(text):
    """A line's length in UTF-8 bytes (Hangul, dashes and symbols count as several), so that
    lines fit 120 columns by the narrowest measure."""
    return len(text.encode("utf-8"))


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


def wrap(text, indent, cont="\\"):
    width = LIMIT - len(indent) - 2
    lines, cur = [], ""
    for w in split_words(text):
        if cur and blen(cur) + blen(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur += w
    lines.append(cur)
    # A line continuation must not follow a space that ends the line? It may: the space is text.
    out = [indent + l + cont for l in lines[:-1]] + [indent + lines[-1]]
    return out


# A single-line literal: not raw, not a multi-line delimiter. An interpolation may hold string
# literals and parentheses two levels deep.
_STR = r'"(?:[^"\\]|\\.)*"'
_P1 = r'\((?:[^"()]|' + _STR + r')*\)'
_P2 = r'\((?:[^"()]|' + _STR + r'|' + _P1 + r')*\)'
_INTERP = r'\\\((?:[^"()]|' + _STR + r'|' + _P2 + r')*\)'
LITERAL = re.compile(r'(?<![#"\\])"(?!"")(?P<body>(?:[^"\\]|\\[^(]|' + _INTERP + r')*)"')


def closing_indent(src, start):
    """The indentation of the closing delimiter of the multi-line literal opened before line start."""
    for line in src[start:]:
        if line.strip().startswith('"""'):
            return re.match(r"\s*", line).group(0)
    return ""


def process(path):
    src = open(path).read().split("\n")
    out = []
    cont = None  # the line continuation while inside a multi-line literal
    indent = ""  # the closing delimiter's indentation there
    for n, line in enumerate(src):
        if cont is not None:
            if line.strip().startswith('"""'):
                cont = None
                out.append(line)
                continue
            if blen(line) > LIMIT:
                ends = line.endswith(cont)
                if ends:
                    line = line[: -len(cont)]
                # Continued lines sit at the closing delimiter's indentation, which is stripped,
                # so the text is unchanged; the first keeps its own indentation (part of the text).
                pieces = wrap(line[len(indent):], indent, cont)
                out.append(line[:len(indent)] + pieces[0][len(indent):])
                out.extend(pieces[1:])
                if ends:
                    out[-1] += cont
            else:
                out.append(line)
            continue
        if line.rstrip().endswith('"""') and line.count('"""') == 1:
            cont = "\\#" if line.rstrip().endswith('#"""') else "\\"
            indent = closing_indent(src, n + 1)
            out.append(line)
            continue
        if blen(line) > LIMIT:
            matches = [m for m in LITERAL.finditer(line) if blen(m.group("body")) > 60]
            if matches:
                m = max(matches, key=lambda m: blen(m.group("body")))
                own = re.match(r"\s*", line).group(0)
                body_indent = own + "    "
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
