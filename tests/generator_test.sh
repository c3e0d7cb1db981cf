#!/usr/bin/env bash
# Tests of scripts/generate_titles.pl: determinism, counts, formats, label/token agreement,
# JSON escapes, brand/model pairing, streaming, perl-base only, argument errors.
# Usage: generator_test.sh SOURCE_DIR [MASKTAG]
# With MASKTAG (the built binary), also checks masktag itself accepts every generated record
# (`masktag eval --strict`: no record skipped for a label/token mismatch).
# Prints "N passed, M failed" last; exits 1 when any check failed, 2 on a usage error.
set -u
export LC_ALL=C  # byte order for sort and comm, byte matching for grep
if [ $# -lt 1 ] || [ $# -gt 2 ] || [ ! -d "$1" ]; then
  echo "usage: generator_test.sh SOURCE_DIR [MASKTAG]" >&2
  exit 2
fi
src=$(cd "$1" && pwd)
masktag=${2:-}
gen=$src/scripts/generate_titles.pl
corpus=$src/data/corpus.jsonl
. "$src/tests/harness.sh"
# run EXPECTED_STATUS ARGS...: runs the generator, keeping stdout, stderr and the status.
run() {
  local expected=$1; shift
  perl "$gen" "$@" >"$work/out" 2>"$work/err"
  status=$?
  expect_status "generate_titles.pl $*" "$expected"
}
empty() { [ ! -s "$1" ]; }

# The checker: reads generated jsonl, checks each line's exact shape, decodes the title,
# tokenizes it with masktag's rule and compares the label count; the nine labels only.
# Writes the decoded titles to $2 (one a line), and the brand/model pairs to $3.
cat >"$work/check.pl" <<'PERL'
use strict; use warnings; use utf8;
binmode STDOUT, ':utf8';
my ($in, $titles_out, $pairs_out) = @ARGV;
my $TOK = qr/[^\t\n\x0B\f\r\x1C-\x1F \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\-\x{2014},\[\]()]+/;
my %ok = map { $_ => 1 } qw(brand model size filter_type style strap valved color misc);
my %un = ('"' => '"', '\\' => '\\', '/' => '/', b => "\b", f => "\f", n => "\n", r => "\r", t => "\t");
sub unesc {
  my $s = shift;
  $s =~ s{\\(?:u([dD][89abAB]..)\\u([dD][c-fC-F]..)|u(....)|(.))}{
    defined $1 ? chr(0x10000 + ((hex($1) - 0xD800) << 10) + hex($2) - 0xDC00)
    : defined $3 ? chr(hex $3) : $un{$4} }ge;
  return $s;
}
open my $fh, '<:raw', $in or die "$in: $!";
open my $to, '>:utf8', $titles_out or die;
open my $po, '>:utf8', $pairs_out or die;
my $bad = 0;
while (my $line = <$fh>) {
  chomp $line;
  utf8::decode($line) or do { print STDERR "line $.: not UTF-8\n"; $bad++; next };
  my ($t, $l) = $line =~ /^\{"title": "((?:[^"\\\x00-\x1F]|\\["\\\/bfnrt]|\\u[0-9a-f]{4})*)", "labels": \[((?:"[a-z_]+", )*"[a-z_]+")\]\}\z/;
  if (!defined $t) { print STDERR "line $.: bad shape: $line\n"; $bad++; next }
  my $title = unesc($t);
  my @labels = $l =~ /"([a-z_]+)"/g;
  my @spans;
  push @spans, [$-[0], $+[0]] while $title =~ /$TOK/g;
  if (@spans != @labels) { print STDERR "line $.: ", scalar(@labels), " labels, ", scalar(@spans), " tokens: $line\n"; $bad++; next }
  if (my @odd = grep { !$ok{$_} } @labels) { print STDERR "line $.: unknown label $odd[0]\n"; $bad++; next }
  if ($title =~ /[\n\r]/) { print STDERR "line $.: line break in title\n"; $bad++; next }
  print $to "$title\n";
  # The first brand run and the first model run (maximal runs of one label), folded.
  my (@runs, %first);
  for my $i (0 .. $#labels) {
    my $tok = substr($title, $spans[$i][0], $spans[$i][1] - $spans[$i][0]);
    if (@runs && $runs[-1][0] eq $labels[$i]) { push @{$runs[-1][1]}, $tok } else { push @runs, [$labels[$i], [$tok]] }
  }
  $first{$_->[0]} //= lc(uc(join ' ', @{$_->[1]})) for @runs;
  print $po "$first{brand}\t$first{model}\n" if defined $first{brand} && defined $first{model};
}
exit($bad ? 1 : 0);
PERL
valid() { perl "$work/check.pl" "$1" "$work/titles" "$2"; }

# --- syntax, perl-base only ------------------------------------------------------------
check "perl -c" perl -c "$gen" 2>/dev/null
check "executable" test -x "$gen"
if [ -d /usr/lib/x86_64-linux-gnu/perl-base ] || perl -e 'exit !grep { m{/perl-base$} } @INC'; then
  # Only the modules Debian's essential perl-base ships may be used.
  perl -e '@INC = grep { m{/perl-base$} } @INC; die "no perl-base in \@INC\n" unless @INC;
           $0 = shift; do $0; die $@ if $@' "$(cd "$src" && pwd)/scripts/generate_titles.pl" \
    --count 300 --seed 4 >"$work/base.jsonl" 2>"$work/base.err"
  status=$?
  check "runs with perl-base's @INC only: $(head -c 300 "$work/base.err")" test "$status" -eq 0
  run 0 --count 300 --seed 4
  check "perl-base-only output is the normal output" cmp -s "$work/out" "$work/base.jsonl"
else
  echo "note: no perl-base directory in @INC; perl-base-only check not run" >&2
fi

# --- defaults, counts, determinism -----------------------------------------------------
run 0
check "no arguments: 1000 lines" test "$(lines "$work/out")" = 1000
cp "$work/out" "$work/default.jsonl"
check "no stderr" empty "$work/err"
run 0 --count 1000 --seed 1 --format jsonl "$corpus"
check "defaults are count 1000, seed 1, jsonl, data/corpus.jsonl" cmp -s "$work/out" "$work/default.jsonl"
(cd "$work" && perl "$gen" --count 20 >"$work/elsewhere" 2>&1)
check "default corpus found from any directory" cmp -s "$work/elsewhere" <(head -n 20 "$work/default.jsonl")

run 0 --count 500
check "--count 500 gives 500 lines" test "$(lines "$work/out")" = 500
check "a shorter count is a prefix of a longer one" cmp -s "$work/out" <(head -n 500 "$work/default.jsonl")
run 0 --count 0
check "--count 0 writes nothing" empty "$work/out"
run 0 --count=7 --seed=3 --format=text
check "--opt=value forms" test "$(lines "$work/out")" = 7

run 0 --count 3000 --seed 42
cp "$work/out" "$work/a.jsonl"
run 0 --seed 42 --count 3000
check "same seed twice: byte-identical" cmp -s "$work/out" "$work/a.jsonl"
run 0 --count 3000 --seed 43
check "different seed: different output" test "$(cmp -s "$work/out" "$work/a.jsonl"; echo $?)" = 1
run 0 --count 3000 --seed 0
check "seed 0 differs from seed 42" test "$(cmp -s "$work/out" "$work/a.jsonl"; echo $?)" = 1

# --- every record: shape, labels = tokens, nine labels ---------------------------------
check "seed 42: every line well-formed, labels = tokens" valid "$work/a.jsonl" "$work/pairs"
perl "$gen" --count 20000 --seed 7 >"$work/big.jsonl"
check "20000 titles: every line well-formed, labels = tokens" valid "$work/big.jsonl" "$work/pairs"
cp "$work/titles" "$work/big.titles"

# --- text format -----------------------------------------------------------------------
perl "$gen" --count 20000 --seed 7 --format text >"$work/big.txt"
check "text format: the same titles as jsonl" cmp -s "$work/big.txt" "$work/big.titles"
check "text format: 20000 lines" test "$(lines "$work/big.txt")" = 20000

# --- realism ---------------------------------------------------------------------------
check "all nine labels occur" test "$(sed 's/.*"labels": //' "$work/big.jsonl" | grep -o '"[a-z_]*"' | sort -u | wc -l)" = 9
distinct=$(sort -u "$work/big.txt" | wc -l)
# Not 100%: a template of only brand and model (a sixth of the corpus is "Brand Code")
# takes both from one donor title, so it repeats that title.
check "at least 90% distinct titles ($distinct of 20000)" test "$distinct" -ge 18000
perl -ne 'print "$1\n" if /^\{"title": "((?:[^"\\]|\\.)*)"/' "$corpus" | sort -u >"$work/corpus.titles"
copies=$(sort -u "$work/big.txt" | comm -12 - "$work/corpus.titles" | wc -l)
check "few corpus titles reproduced verbatim ($copies)" test "$copies" -le 1000
# Every generated (first brand run, first model run) pair occurs in one corpus title.
check "the checker accepts the corpus itself" valid "$corpus" "$work/corpus.pairs"
sort -u "$work/corpus.pairs" >"$work/corpus.pairs.u"
check "corpus pairs extracted" test -s "$work/corpus.pairs.u"
unpaired=$(sort -u "$work/pairs" | comm -23 - "$work/corpus.pairs.u" | wc -l)
check "brands keep their own models: $unpaired unpaired brand/model pairs" test "$unpaired" = 0
packs=$(grep -c -E '(Pack|Box|pcs|Count|ct|Case)' "$work/big.txt")
check "some pack counts ($packs)" test "$packs" -gt 500
lower=$(perl -ne 'chomp; $n++ if $_ eq lc $_ && /[a-z]/; END { print $n + 0 }' "$work/big.txt")
check "some all-lower-case titles ($lower)" test "$lower" -gt 200
commas=$(grep -c ', ' "$work/big.txt")
check "some ', ' separators ($commas)" test "$commas" -gt 200

# --- JSON escapes, odd characters, bad corpus lines ------------------------------------
cat >"$work/esc.jsonl" <<'EOF'
{"title": "Ma\u00dfk\u00e9 \"Q\" \ud83d\ude37 a\\b x\/y tab\tA\nB\u0001C", "labels": ["brand", "model", "size", "color", "color", "style", "style", "style"]}
{"title": "two tokens", "labels": ["brand"]}
not json at all
{"title": "bad \ud800 surrogate", "labels": ["brand", "misc", "misc"]}

EOF
run 0 --count 40 "$work/esc.jsonl"
check "escapes: well-formed, labels = tokens" valid "$work/out" "$work/pairs"
check "escapes re-encoded as the corpus writes them" \
  grep -q -F 'Maßké \"Q\" 😷 a\\b x/y tab\tA B\u0001C' "$work/out"
check "bad corpus lines are skipped with warnings" test "$(grep -c '^generate_titles: .*esc.jsonl:[0-9]*: .*skipped' "$work/err")" = 3
run 0 --count 40 --format text "$work/esc.jsonl"
check "text format: no line breaks inside titles" test "$(lines "$work/out")" = 40

printf '{"title": "A B", "labels": ["brand", "model"]}\r\n\xef\xbb\xbf\n{"title": "1 Box (20 Masks) C", "labels": ["misc", "misc", "misc", "misc", "brand"]}\r\n' >"$work/crlf.jsonl"
printf '\xef\xbb\xbf{"title": "A B", "labels": ["brand", "model"]}\r\n' >"$work/bom.jsonl"
run 0 --count 10 "$work/bom.jsonl"
check "byte order mark and CRLF accepted" test "$(lines "$work/out")" = 10
run 0 --count 200 --format text "$work/crlf.jsonl"
check "a run's brackets stay balanced" test "$(grep -c '1 Box (20 Masks)' "$work/out")" -gt 0
check "no unbalanced bracket" test "$(grep -c -E '\([^)]*$' "$work/out")" = 0

# --- streaming: huge counts start at once and stop with the pipe -----------------------
if command -v timeout >/dev/null; then
  n=$(timeout 60 perl "$gen" --count 1000000000 | head -n 5 | wc -l)
  check "--count 1000000000 | head streams" test "$n" = 5
fi

# --- argument and corpus errors: status 2, "generate_titles: " on stderr, no output ----
bad() {
  local name=$1; shift
  run 2 "$@"
  check "$name: message" grep -q '^generate_titles: ' "$work/err"
  check "$name: no output" empty "$work/out"
}
bad "--count x" --count x
bad "--count -1" --count -1
bad "--count 1.5" --count 1.5
bad "--count without a value" --count
bad "--count= empty" --count=
bad "--seed abc" --seed abc
bad "--seed too large" --seed 99999999999
bad "--format xml" --format xml
bad "unknown option" --bogus
bad "unknown short option" -x
bad "missing corpus" "$work/no-such-file.jsonl"
bad "corpus is a directory" "$work"
bad "two corpora" "$corpus" "$corpus"
printf 'nothing useful\n' >"$work/useless.jsonl"
bad "corpus without usable titles" "$work/useless.jsonl"
: >"$work/empty.jsonl"
bad "empty corpus" "$work/empty.jsonl"
run 0 --help
check "--help shows the usage" grep -q 'generate_titles.pl \[--count N\]' "$work/out"
run 0 -- "$corpus"
check "-- ends the options" test "$(lines "$work/out")" = 1000

# --- masktag agrees on the tokens ------------------------------------------------------
if [ -n "$masktag" ]; then
  "$masktag" eval --strict "$work/big.jsonl" >"$work/eval.out" 2>"$work/eval.err"
  status=$?
  check "masktag eval --strict accepts all 20000 generated titles: $(head -c 300 "$work/eval.err")" test "$status" -eq 0
  check "masktag read them all, skipped none" grep -q 'read 20000 labeled titles, skipped 0' "$work/eval.err"
  "$masktag" eval --strict "$work/out" >/dev/null 2>&1
  status=$?
  check "masktag accepts the default output" test "$status" -eq 0
fi

finish
