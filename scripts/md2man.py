#!/usr/bin/env python3
"""Turns one of docs/*.md into a man page (roff): md2man.py IN OUT NAME SECTION 'SUMMARY'.

The docs are the single source; this knows only the Markdown they use: headings, paragraphs,
fenced code, lists, tables (kept as preformatted text), `code`, **bold**, *emphasis*, links.
"""
import re
import sys


def escape(text):
    text = text.replace("\\", "\\e")
    return re.sub(r"^([.'])", r"\\&\1", text)


def inline(text):
    text = escape(text)
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    text = re.sub(r"`([^`]+)`", r"\\fB\1\\fR", text)
    text = re.sub(r"\*\*([^*]+)\*\*", r"\\fB\1\\fR", text)
    text = re.sub(r"(?<![\w*])\*([^*\s][^*]*)\*(?!\w)", r"\\fI\1\\fR", text)
    return text


def convert(lines, name, section, summary):
    out = [f'.TH {name.upper()} {section} "" "xgw" "xgw manual"', ".SH NAME",
           f"{escape(name)} \\- {escape(summary)}", ".SH DESCRIPTION"]
    fenced = False
    seen_title = False
    for line in lines:
        line = line.rstrip("\n")
        if line.startswith("```"):
            out.append(".EE" if fenced else ".EX")
            fenced = not fenced
            continue
        if fenced:
            out.append(escape(line))
            continue
        if line.startswith("# ") and not seen_title:
            seen_title = True
            continue
        heading = re.match(r"^(#{1,6}) +(.*)", line)
        if heading:
            level, title = len(heading.group(1)), heading.group(2)
            out.append((".SH " if level <= 2 else ".SS ") + inline(title.upper() if level <= 2 else title))
            continue
        if line.startswith("|"):
            if re.match(r"^\|[-:| ]+\|$", line):
                continue
            out += [".nf", inline(line), ".fi"]
            continue
        if not line.strip():
            out.append(".PP")
            continue
        item = re.match(r"^(\s*)([-*]|\d+\.) +(.*)", line)
        if item:
            mark = "\\(bu" if item.group(2) in "-*" else item.group(2)
            out += [f".IP {mark} 4", inline(item.group(3))]
            continue
        out.append(inline(line.strip()))
    # Collapse runs of paragraph breaks; a break right after a heading adds nothing.
    cleaned = []
    for line in out:
        if line == ".PP" and cleaned and (cleaned[-1] == ".PP" or cleaned[-1].startswith((".SH", ".SS"))):
            continue
        cleaned.append(line)
    return "\n".join(cleaned) + "\n"


def main():
    src, dst, name, section, summary = sys.argv[1:6]
    with open(src, encoding="utf-8") as f:
        text = convert(f.readlines(), name, section, summary)
    with open(dst, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
