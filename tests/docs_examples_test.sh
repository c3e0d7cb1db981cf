#!/usr/bin/env bash
# The documentation's examples run (issue 19): every ```sh block of README.md and
# docs/*.md is run against the built binary, so no example goes stale.
#
# Conventions (docs/development.md, "Examples in the docs", says the same):
#  - A block is a fence that opens with exactly ```sh (indented too, in a list item).
#    Each runs as `bash -e -o pipefail` (every command must succeed) in a fresh scratch
#    copy of the checkout (no build directories, no .git, no node_modules), with a time
#    limit (DOCS_EXAMPLE_TIMEOUT seconds, default 600: the sanitizer build is slow).
#    `masktag` (on PATH) and `build/masktag` are the binary under test; `../shared` is
#    the checkout's `../shared`, when present; HOME and TMPDIR are scratch directories
#    too. Nothing is written into the source tree.
#  - Expected output: a ```text block that follows the ```sh block with nothing but blank
#    lines between them is the block's whole standard output, compared exactly (no
#    normalisation: keep such outputs short and deterministic, with `head` or `cut` in the
#    command where needed). A ```sh block followed that way by an unlabeled or ```console
#    block is an error: write the output as ```text so it is compared.
#  - Markers, HTML comments on the lines directly above the fence (invisible on GitHub,
#    visible in the source):
#      <!-- not run: REASON -->   the block is not run (root and apt, AWS, ssh, another
#                                 app's checkout, ...); the test counts and lists them
#      <!-- exit N -->            the block must exit with status N (default 0)
#      <!-- needs PATH -->        run only where PATH (relative to the checkout, e.g.
#                                 ../shared/data/breathesafe/train.json) exists; skipped
#                                 with a message otherwise
#    Any other `<!--` comment directly above a ```sh fence is an error (a mistyped marker
#    must not silently run or skip a block).
# Every check is named FILE:LINE (the line of the opening fence), so a failure points at
# the block.
# Usage: docs_examples_test.sh MASKTAG SOURCE_DIR
# DOCS_EXAMPLES_ONLY=PATTERN runs only the blocks whose FILE:LINE matches the shell
# pattern (e.g. 'docs/formats.md:*'), for writing a page.
set -u
masktag=$(realpath "$1")
src=$(realpath "$2")
. "$src/tests/harness.sh"
timeout_s=${DOCS_EXAMPLE_TIMEOUT:-600}

# --- the pages -------------------------------------------------------------------------
pages=(README.md)
for f in "$src"/docs/*.md; do [ -e "$f" ] && pages+=("docs/${f##*/}"); done
check "docs/ has pages" test ${#pages[@]} -gt 1

# --- extract the blocks ----------------------------------------------------------------
# One directory per block under $work/blocks/N: where (FILE:LINE), mode (run, not-run,
# bad), reason, exit, needs, script, and expected (when the page shows the output).
mkdir -p "$work/blocks"
python3 - "$src" "$work/blocks" "${pages[@]}" <<'PY' || fail "extracting the blocks failed"
import os, re, sys
src, out, pages = sys.argv[1], sys.argv[2], sys.argv[3:]
n = 0
def fence(line):
    """(indent, backticks, language) of an opening fence, else None."""
    m = re.match(r"^( *)(`{3,})\s*([^`\s]*)", line)
    return (len(m.group(1)), m.group(2), m.group(3)) if m else None
def block(lines, i):
    """The block whose fence is at i: (its dedented lines, the index after its closing fence)."""
    indent, ticks, _ = fence(lines[i])
    j = i + 1
    while j < len(lines) and not re.fullmatch(r" *" + ticks + r"`*\s*", lines[j]):
        j += 1
    body = [l[indent:] if l[:indent].strip() == "" else l for l in lines[i + 1:j]]
    return body, j + 1
for page in pages:
    lines = open(os.path.join(src, page), encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        f = fence(lines[i])
        if not f:
            i += 1
            continue
        start = i
        body, i = block(lines, start)
        if f[2] != "sh":
            continue
        n += 1
        d = os.path.join(out, "%03d" % n)
        os.makedirs(d)
        meta = {"where": "%s:%d" % (page, start + 1), "mode": "run", "reason": "", "exit": "0", "needs": ""}
        k = start - 1
        while k >= 0 and lines[k].strip().startswith("<!--"):
            c = lines[k].strip()
            m = re.fullmatch(r"<!--\s*(?:(not run):\s*(\S.*?)|exit\s+(\d+)|needs\s+(\S+))\s*-->", c)
            if not m:
                meta["mode"], meta["reason"] = "bad", "unknown marker %s (line %d)" % (c, k + 1)
            elif m.group(1):
                meta["mode"], meta["reason"] = "not-run", m.group(2)
            elif m.group(3):
                meta["exit"] = m.group(3)
            else:
                meta["needs"] = m.group(4)
            k -= 1
        open(os.path.join(d, "script"), "w", encoding="utf-8").write("\n".join(body) + "\n")
        # The shown output: the next fence, at the same indent, after blank lines only.
        k = i
        while k < len(lines) and lines[k].strip() == "":
            k += 1
        g = fence(lines[k]) if k < len(lines) else None
        if g and g[0] == f[0] and g[2] == "text":
            expected, i = block(lines, k)
            open(os.path.join(d, "expected"), "w", encoding="utf-8").write("\n".join(expected) + "\n")
            meta["shown"] = "%s:%d" % (page, k + 1)
        elif g and g[0] == f[0] and g[2] in ("", "console") and meta["mode"] != "not-run":
            meta["mode"] = "bad"
            meta["reason"] = "the output at line %d is shown in a ```%s block: make it ```text so it is compared" % (k + 1, g[2])
        for key, value in meta.items():
            open(os.path.join(d, key), "w", encoding="utf-8").write(value)
PY

# --- links between the pages ---------------------------------------------------------------
# Every relative link names a file that exists and, with #anchor, a heading of it (GitHub's
# anchors: lower case, punctuation dropped, spaces as hyphens), so moving a section
# cannot leave a link behind.
python3 - "$src" "${pages[@]}" >"$work/links" <<'PY'
import os, re, sys
src, pages = sys.argv[1], sys.argv[2:]
def anchors(path):
    out, fenced = set(), False
    for line in open(path, encoding="utf-8"):
        if re.match(r" *```", line):
            fenced = not fenced
        m = None if fenced else re.match(r"#{1,6} +(.*?)\s*$", line)
        if m:
            out.add(re.sub(r"[^\w\- ]", "", m.group(1).strip().lower()).replace(" ", "-"))
    return out
for page in pages:
    text = open(os.path.join(src, page), encoding="utf-8").read()
    for m in re.finditer(r"\]\(([^)\s]+)\)", text):
        target = m.group(1)
        if re.match(r"[a-z]+:", target):
            continue
        line = text.count("\n", 0, m.start()) + 1
        path, _, anchor = target.partition("#")
        full = os.path.normpath(os.path.join(src, os.path.dirname(page), path)) if path else os.path.join(src, page)
        if not os.path.exists(full):
            print("%s:%d: the link %s names no file" % (page, line, target))
        elif anchor and full.endswith(".md") and anchor not in anchors(full):
            print("%s:%d: the link %s names no heading of %s" % (page, line, target, os.path.relpath(full, src)))
PY
check "the pages' links name files and headings that exist: $(cat "$work/links")" test ! -s "$work/links"

# --- a scratch copy of the checkout, the binary on PATH ----------------------------------
mkdir -p "$work/tree" "$work/bin"
tar -C "$src" --exclude='./build*' --exclude=node_modules --exclude=.git -cf - . | tar -C "$work/tree" -xf -
rm -rf "$work/tree/build" && mkdir "$work/tree/build" && ln -s "$masktag" "$work/tree/build/masktag"
ln -s "$masktag" "$work/bin/masktag"

# --- run them ------------------------------------------------------------------------------
ran=0 compared=0 not_run=0 skipped=0
not_run_list=""
for d in "$work"/blocks/*/; do
  [ -f "$d/where" ] || continue
  where=$(cat "$d/where") mode=$(cat "$d/mode") reason=$(cat "$d/reason")
  # shellcheck disable=SC2053 # a pattern on purpose
  [[ $where == ${DOCS_EXAMPLES_ONLY:-*} ]] || continue
  case $mode in
    bad) fail "$where: $reason"; continue ;;
    not-run)
      not_run=$((not_run + 1)); not_run_list+="  $where: $reason"$'\n'; continue ;;
  esac
  needs=$(cat "$d/needs")
  if [ -n "$needs" ] && [ ! -e "$src/$needs" ]; then
    skipped=$((skipped + 1))
    echo "skipped $where: needs $needs, which is absent here"
    continue
  fi
  run_dir=$work/run/$(basename "$d")
  mkdir -p "$run_dir/home" "$run_dir/tmp"
  cp -a "$work/tree" "$run_dir/checkout"
  [ -e "$src/../shared" ] && ln -s "$(realpath "$src/../shared")" "$run_dir/shared"
  # HOME and TMPDIR in the scratch directory too (GNU parallel keeps files in ~/.parallel).
  (cd "$run_dir/checkout" && PATH="$work/bin:$PATH" HOME="$run_dir/home" TMPDIR="$run_dir/tmp" \
     timeout "$timeout_s" bash -e -o pipefail "$d/script" >"$run_dir/stdout" 2>"$run_dir/stderr" </dev/null)
  status=$?
  ran=$((ran + 1))
  expected_status=$(cat "$d/exit")
  if [ "$status" -eq 124 ]; then
    fail "$where: timed out after $timeout_s s; stderr: $(tail -c 800 "$run_dir/stderr")"
    continue
  fi
  check "$where: exits $expected_status (got $status; stderr: $(tail -c 800 "$run_dir/stderr"))" \
    test "$status" -eq "$expected_status"
  if [ -f "$d/expected" ]; then
    compared=$((compared + 1))
    if ! cmp -s "$d/expected" "$run_dir/stdout"; then
      fail "$where: output differs from what $(cat "$d/shown") shows (- shown, + actual):"$'\n'"$(diff -u "$d/expected" "$run_dir/stdout" | tail -n +3 | head -40)"
    else
      pass
    fi
  fi
  rm -rf "$run_dir"
done

[ -n "${DOCS_EXAMPLES_ONLY:-}" ] || check "some blocks ran" test "$ran" -gt 0
printf 'not run (marked):\n%s' "$not_run_list"
echo "docs examples: $ran blocks run ($compared with their shown output compared), $not_run marked not run, $skipped skipped (what they need is absent)"
finish
