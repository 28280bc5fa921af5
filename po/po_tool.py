#!/usr/bin/env python3
"""The translations' tool (issue 21): makes the template and checks the .po files.

  po_tool.py pot OUTPUT             write the template of every marked message in src/
  po_tool.py update                 the template, then msgmerge it into every po/LANG.po
  po_tool.py check-complete         every marked message has a translation in every language
  po_tool.py check-placeholders     every translation keeps its message's {} placeholders

The marked messages are the arguments of the keywords below (src/util/i18n.hpp) in every
.cpp and .hpp file under src/: there is no list of files to keep up to date. The languages
are the lines of po/LINGUAS. The build (po/CMakeLists.txt) runs `pot` and `update` as the
targets `pot` and `update-po`, and the two checks as ctest tests.
"""

import os
import re
import subprocess
import sys
import tempfile

PO_DIR = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(PO_DIR)

XGETTEXT_KEYWORDS = ["Tr", "TrN:1,2", "TrFormat", "TrNFormat:1,2", "N_"]


def languages():
    with open(os.path.join(PO_DIR, "LINGUAS"), encoding="utf-8") as f:
        return [w for line in f if not line.startswith("#") for w in line.split()]


def source_files():
    files = []
    for root, _, names in os.walk(os.path.join(SOURCE_DIR, "src")):
        for name in names:
            if name.endswith((".cpp", ".hpp")):
                files.append(os.path.relpath(os.path.join(root, name), SOURCE_DIR))
    return sorted(files)


def make_template(output):
    argv = ["xgettext", "--language=C++", "--from-code=UTF-8", "--keyword"]
    argv += ["--keyword=" + k for k in XGETTEXT_KEYWORDS]
    # File names without line numbers: a moved line does not change every .po file.
    argv += ["--add-location=file"]
    argv += ["--add-comments=TRANSLATORS:", "--package-name=mpop", "--package-version=1.4.23",
             "--msgid-bugs-address=mpop-cxx@localhost", "--copyright-holder=the mpop-cpp authors",
             "--directory=" + SOURCE_DIR, "--output=" + output]
    subprocess.run(argv + source_files(), check=True)


def unquote(text):
    out, i = [], 0
    escapes = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
               "f": "\f", "v": "\v"}
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            out.append(escapes.get(text[i + 1], text[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


class Entry:
    def __init__(self):
        self.flags = set()
        self.msgctxt = None
        self.msgid = None
        self.msgid_plural = None
        self.msgstr = {}  # 0 for a singular msgstr, else the plural index
        self.line = 0

    def key(self):
        return (self.msgctxt, self.msgid)


def parse_po(path):
    """The entries of a .po or .pot file, without obsolete ones and without the header."""
    entries, entry, field = [], Entry(), None

    def finish():
        nonlocal entry, field
        if entry.msgid is not None and entry.msgid != "":
            entries.append(entry)
        entry, field = Entry(), None

    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if line.startswith("#~"):
                continue
            if line.startswith("#,"):
                if entry.msgid is not None:
                    finish()
                entry.flags.update(w.strip() for w in line[2:].split(","))
                continue
            if line.startswith("#") or not line.strip():
                if line.startswith("#") and entry.msgid is not None:
                    finish()
                continue
            m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"$', line)
            if m:
                name = m.group(1)
                if name in ("msgctxt", "msgid") and entry.msgid is not None and (
                        name == "msgctxt" or entry.msgstr):
                    finish()
                value = unquote(m.group(3))
                if name == "msgctxt":
                    entry.msgctxt, field = value, ("msgctxt", None)
                elif name == "msgid":
                    entry.msgid, field, entry.line = value, ("msgid", None), number
                elif name == "msgid_plural":
                    entry.msgid_plural, field = value, ("msgid_plural", None)
                else:
                    index = int(m.group(2)) if m.group(2) is not None else 0
                    entry.msgstr[index] = value
                    field = ("msgstr", index)
                continue
            m = re.match(r'^"(.*)"$', line)
            if m and field is not None:
                value = unquote(m.group(1))
                if field[0] == "msgstr":
                    entry.msgstr[field[1]] += value
                else:
                    setattr(entry, field[0], getattr(entry, field[0]) + value)
                continue
            raise SystemExit("%s:%d: cannot parse: %s" % (path, number, line))
    finish()
    return entries


def placeholders(text):
    """{argument index: format spec} of an fmt format string; None if it is none."""
    found, auto, i = {}, 0, 0
    while i < len(text):
        c = text[i]
        if c in "{}" and text[i:i + 2] in ("{{", "}}"):
            i += 2
            continue
        if c == "{":
            end = text.find("}", i)
            if end < 0:
                return None
            inner = text[i + 1:end]
            name, _, spec = inner.partition(":")
            if name == "":
                index, auto = auto, auto + 1
            elif name.isdigit():
                index = int(name)
            else:
                return None
            found.setdefault(index, []).append(spec)
            i = end + 1
            continue
        i += 1
    return found


def update_command_hint():
    return ("Update the .po files with `cmake --build build/debug --target update-po`, then "
            "translate the messages named above in po/LANG.po (remove their 'fuzzy' flag) "
            "and run this test again; CONTRIBUTING.md, \"Translations\", says how.")


def check_complete():
    with tempfile.TemporaryDirectory() as tmp:
        template = os.path.join(tmp, "mpop.pot")
        make_template(template)
        wanted = parse_po(template)
    failures = 0
    for lang in languages():
        path = os.path.join(PO_DIR, lang + ".po")
        have = {e.key(): e for e in parse_po(path)}
        missing, untranslated, fuzzy = [], [], []
        for entry in wanted:
            got = have.get(entry.key())
            if got is None:
                missing.append(entry)
            elif "fuzzy" in got.flags:
                fuzzy.append(entry)
            elif not got.msgstr or any(v == "" for v in got.msgstr.values()):
                untranslated.append(entry)
        for title, entries in (("missing", missing), ("not translated", untranslated),
                               ("fuzzy", fuzzy)):
            for entry in entries:
                failures += 1
                print("po/%s.po: %s: %r" % (lang, title, entry.msgid))
    if failures:
        print("%d message(s) lack a translation. %s" % (failures, update_command_hint()))
        return 1
    print("every marked message is translated in: " + " ".join(languages()))
    return 0


def check_placeholders():
    failures = 0
    for lang in languages():
        path = os.path.join(PO_DIR, lang + ".po")
        for entry in parse_po(path):
            if "fuzzy" in entry.flags:
                continue
            for index, text in sorted(entry.msgstr.items()):
                if text == "":
                    continue
                source = entry.msgid if entry.msgid_plural is None else entry.msgid_plural
                want, got = placeholders(source), placeholders(text)
                if want != got:
                    failures += 1
                    print("%s:%d: the translation of %r has the placeholders %s, the message %s"
                          % (path, entry.line, entry.msgid, describe(got), describe(want)))
    if failures:
        print("%d translation(s) do not keep their message's {} placeholders: each {} (or "
              "{N}, to change their order) must stay, with its format spec." % failures)
        return 1
    print("every translation keeps its placeholders")
    return 0


def describe(found):
    if found is None:
        return "(not a valid format string)"
    if not found:
        return "(none)"
    return " ".join("{%d%s}" % (i, (":" + s) if s else "") for i in sorted(found)
                    for s in found[i])


def update():
    template = os.path.join(os.environ.get("MPOP_POT_DIR", PO_DIR), "mpop.pot")
    make_template(template)
    for lang in languages():
        path = os.path.join(PO_DIR, lang + ".po")
        if not os.path.exists(path):
            subprocess.run(["msginit", "--no-translator", "--locale=" + lang, "--input=" + template,
                            "--output-file=" + path], check=True)
        else:
            subprocess.run(["msgmerge", "--quiet", "--update", "--backup=none", "--previous",
                            path, template], check=True)
    print("template: %s; updated: %s" % (template, " ".join(
        "po/%s.po" % lang for lang in languages())))
    return 0


def main(argv):
    if len(argv) == 3 and argv[1] == "pot":
        make_template(argv[2])
        return 0
    if len(argv) == 2 and argv[1] == "update":
        return update()
    if len(argv) == 2 and argv[1] == "check-complete":
        return check_complete()
    if len(argv) == 2 and argv[1] == "check-placeholders":
        return check_placeholders()
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
