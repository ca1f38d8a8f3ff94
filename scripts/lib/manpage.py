#!/usr/bin/env python3
"""Writes the l360(1) man page, in mdoc, from the same data as `l360 --help`.

Usage: manpage.py PATH/TO/l360 docs/using-the-prompt.md > l360.1

The commands, options and their help come from `l360 --experimental-dump-help` (swift-argument-parser's description
of the command tree, which its own generate-manual tool reads too); the prompt, history, profile, environment, exit
status and completion sections come from docs/using-the-prompt.md, so the page and the doc cannot drift apart.
"""
import json
import os
import re
import subprocess
import sys
import time


def escape(text):
    """Text safe on an mdoc line: backslashes doubled, a leading dot or quote protected."""
    text = text.replace("\\", "\\e")
    if text.startswith((".", "'")):
        text = "\\&" + text
    return text


def inline(text):
    """Markdown inline code and emphasis to plain words (mdoc has its own macros; plain text reads fine)."""
    return escape(re.sub(r"\*\*(.+?)\*\*", r"\1", re.sub(r"`([^`]*)`", r"\1", text)))


def option_line(argument):
    names = argument.get("names") or []
    flags = []
    for name in names:
        prefix = "-" if name["kind"] in ("short", "longWithSingleDash") else "--"
        flags.append(prefix + name["name"])
    value = argument.get("valueName")
    if argument["kind"] == "positional":
        return ".It Ar " + (value or "argument")
    text = ".It Fl " + " , Fl ".join(f[1:] for f in flags) if flags else ".It"
    if argument["kind"] == "option" and value:
        text += " Ar " + value
    return text


def options(command):
    shown = [a for a in command.get("arguments", []) if a.get("shouldDisplay", True)]
    if not shown:
        return []
    lines = [".Bl -tag -width 6n"]
    for argument in shown:
        lines.append(option_line(argument))
        lines.append(inline(argument.get("abstract", "")))
    lines.append(".El")
    return lines


def paragraphs(text):
    lines = []
    for block in text.strip().split("\n\n"):
        block_lines = block.split("\n")
        if all(l.startswith("  ") for l in block_lines if l.strip()):
            lines += [".Bd -literal -offset indent"] + [escape(l.strip()) for l in block_lines] + [".Ed"]
        elif block_lines[0].endswith(":") and len(block_lines) > 1:
            lines += [".Pp", inline(block_lines[0]), ".Bd -literal -offset indent"]
            lines += [escape(l.strip()) for l in block_lines[1:]] + [".Ed"]
        else:
            lines += [".Pp", inline(" ".join(l.strip() for l in block_lines))]
    return lines


def markdown(path):
    """The sections of a Markdown page as mdoc: ## and ### become .Sh and .Ss, lists, tables and code stay readable."""
    lines = []
    text = open(path, encoding="utf-8").read()
    in_code = False
    in_list = False
    rows = text.split("\n")
    for index, raw in enumerate(rows):
        following = rows[index + 1] if index + 1 < len(rows) else ""
        if raw.startswith("|") and following.startswith("|") and set(following) <= set("|-: "):
            continue  # a table's header row: the items below speak for themselves
        if raw.startswith("```"):
            if in_list:
                lines.append(".El")
                in_list = False
            lines.append(".Bd -literal -offset indent" if not in_code else ".Ed")
            in_code = not in_code
            continue
        if in_code:
            lines.append(escape(raw))
            continue
        if raw.startswith("# "):
            continue
        if in_list and not (raw.startswith("- ") or re.match(r"^\d+\. ", raw) or raw.startswith("  ")):
            lines.append(".El")
            in_list = False
        if raw.startswith("## "):
            lines.append(".Sh " + raw[3:].upper())
        elif raw.startswith("### "):
            lines.append(".Ss " + raw[4:])
        elif raw.startswith("|"):
            cells = [c.strip() for c in raw.strip("|").split("|")]
            if all(set(c) <= set("-: ") for c in cells):
                continue
            lines += [".It " + inline(cells[0]), inline(" ".join(cells[1:]))] if in_list else [
                ".Bl -tag -width 6n", ".It " + inline(cells[0]), inline(" ".join(cells[1:]))]
            in_list = True
        elif raw.startswith("- ") or re.match(r"^\d+\. ", raw):
            if not in_list:
                lines.append(".Bl -bullet")
                in_list = True
            lines += [".It", inline(re.sub(r"^(- |\d+\. )", "", raw))]
        elif raw.startswith("  ") and in_list:
            lines.append(inline(raw.strip()))
        elif raw.strip():
            lines.append(inline(raw))
        else:
            lines.append(".Pp")
    if in_list:
        lines.append(".El")
    return lines


def main():
    l360, prompt_doc = sys.argv[1], sys.argv[2]
    tree = json.loads(subprocess.run([l360, "--experimental-dump-help"], check=True, capture_output=True,
                                     text=True).stdout)["command"]
    version = subprocess.run([l360, "--version"], check=True, capture_output=True, text=True).stdout.strip()
    out = [
        '.\\" Generated by scripts/lib/manpage.py from l360 --experimental-dump-help and docs/using-the-prompt.md',
        ".Dd " + time.strftime("%B %-d, %Y", time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH", time.time())))),
        ".Dt L360 1", ".Os " + escape(version),
        ".Sh NAME", ".Nm l360", ".Nd " + inline(tree.get("abstract", "")),
        ".Sh SYNOPSIS", ".Nm", "[options]",
        ".Nm", "[-c statements | < script]",
    ]
    subcommands = [s for s in tree.get("subcommands", []) if s.get("shouldDisplay", True) and s["commandName"] != "help"]
    for sub in subcommands:
        out += [".Nm", sub["commandName"], "[options]"]
    out += [".Sh DESCRIPTION"] + paragraphs(tree.get("discussion", ""))
    out += [".Sh OPTIONS"] + options(tree)
    out += [".Sh COMMANDS"]
    for sub in subcommands:
        out += [".Ss " + sub["commandName"], inline(sub.get("abstract", ""))]
        out += paragraphs(sub.get("discussion", "")) if sub.get("discussion") else []
        out += options(sub)
    out += [".Sh USING THE PROMPT"] + markdown(prompt_doc)
    out += [".Sh SEE ALSO", "The language and every command: docs/language.md and docs/commands.md in the l360 sources."]
    print("\n".join(line for line in out if line is not None))


if __name__ == "__main__":
    main()
