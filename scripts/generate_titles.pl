#!/usr/bin/perl
# generate_titles.pl: expand the annotated corpus into any number of realistic, annotated
# mask and respirator titles, for scale tests and benchmarks.
#
# Usage:
#   scripts/generate_titles.pl [--count N] [--seed S] [--format jsonl|text] [CORPUS]
#
#   --count N        how many titles to write (default 1000; 0 writes nothing)
#   --seed S         seed for Perl's srand, a non-negative integer (default 1)
#   --format F       jsonl (default): {"title": "...", "labels": [...]} a line, the corpus's
#                    own style, one label per masktag token; text: the titles only, one a line
#                    (the same titles jsonl gives for the same seed)
#   CORPUS           labeled titles in the corpus's jsonl shape (default: data/corpus.jsonl
#                    of this checkout, found relative to this script)
#   -h, --help       print this help
#   --opt=VALUE is accepted for every option; "--" ends the options.
#
# Examples:
#   scripts/generate_titles.pl --count 100000 --seed 7 > /tmp/big.jsonl
#   scripts/generate_titles.pl --count 1000000 --format text | build/masktag predict > /dev/null
#
# Output goes to stdout, messages to stderr (each starting "generate_titles: "). Exit status:
# 0 ok; 1 output could not be written; 2 bad arguments or an unreadable or unusable corpus.
#
# How titles are made. Each corpus title is split into label runs (maximal runs of tokens
# with the same label), each keeping its original text from its first token's start to its
# last token's end ("2-6 years" stays intact; an unbalanced bracket left at a run's edge is
# closed, and line-break characters inside a run become spaces; tokenization drops all
# of these, so the tokens are unchanged). For each output title a template title is picked
# at random and rebuilt run by run, keeping its sequence of labels:
#   - brand and model runs come paired from one donor title (one with a brand when the
#     template has one, with a model when it needs one), so brands keep their own models;
#     model runs beyond the donor's own are drawn from other titles of the same brand;
#   - misc runs keep the template's own text half of the time (its glue words such as
#     "for", "with", "w/" usually fit the neighbouring runs), else like the rest:
#   - every other run (size, color, strap, valved, filter_type, style, ...) is a random run
#     of the same label from the whole corpus (drawn by occurrence, so common ones recur);
#   - runs are joined with one space, now and then with ", " or " - ";
#   - an all-lower-case (all-upper-case) template gives an all-lower-case (upper-case)
#     title, and a few titles are lower- or upper-cased anyway;
#   - a few titles get a pack count appended as misc ("20 Pack", "(Box of 50)", ...).
# Labels come from the runs, token by token; every title is re-tokenized before it is
# written and its label count checked against its token count.
#
# Tokenization is masktag's (Python's re.split(r'[\s\-—,\[\]()]+', title), empty pieces
# dropped): Unicode \s is ASCII whitespace, \x1c-\x1f, U+0085, U+00A0, U+1680,
# U+2000-U+200A, U+2028, U+2029, U+202F, U+205F and U+3000.
#
# Determinism: the same arguments and corpus give byte-identical output (Perl's own
# drand48 behind srand/rand, Perl >= 5.20; no hash is iterated). Memory: only the corpus is
# held; titles are written as they are made, so --count 1000000 runs in constant memory.
# Needs nothing but Debian's perl-base (strict, warnings, utf8, Cwd, File::Basename).

use strict;
use warnings;
use utf8;
use Cwd qw(abs_path);
use File::Basename qw(dirname);

my $PROG = 'generate_titles';

sub usage_text {
    return "Usage: $PROG.pl [--count N] [--seed S] [--format jsonl|text] [CORPUS]\n";
}

sub usage_error {
    my ($msg) = @_;
    print STDERR "$PROG: $msg\n", usage_text(), "Try '$PROG.pl --help'.\n";
    exit 2;
}

sub fatal {
    my ($msg, $status) = @_;
    print STDERR "$PROG: $msg\n";
    exit(defined $status ? $status : 2);
}

# --- arguments ---------------------------------------------------------------------------

my %opt = (count => 1000, seed => 1, format => 'jsonl');
my @positional;
{
    my @args = @ARGV;
    while (@args) {
        my $arg = shift @args;
        if ($arg eq '--') { push @positional, @args; last; }
        if ($arg eq '-h' || $arg eq '--help') {
            open my $self, '<', __FILE__ or fatal("cannot read " . __FILE__ . ": $!", 1);
            <$self>;    # the #! line
            while (my $line = <$self>) {
                last unless $line =~ s/^# ?//;
                print $line;
            }
            exit 0;
        }
        if ($arg =~ /^--(count|seed|format)(?:=(.*))?$/s) {
            my ($name, $value) = ($1, $2);
            if (!defined $value) {
                usage_error("--$name needs a value") unless @args;
                $value = shift @args;
            }
            $opt{$name} = $value;
            next;
        }
        if ($arg =~ /^-./s) { usage_error("unknown option '$arg'"); }
        push @positional, $arg;
    }
}
usage_error("--count must be a non-negative integer, not '$opt{count}'")
    unless $opt{count} =~ /^[0-9]{1,15}\z/;
usage_error("--seed must be a non-negative integer below 2**32, not '$opt{seed}'")
    unless $opt{seed} =~ /^[0-9]{1,10}\z/ && $opt{seed} < 4294967296;
usage_error("--format must be jsonl or text, not '$opt{format}'")
    unless $opt{format} eq 'jsonl' || $opt{format} eq 'text';
usage_error("one corpus at most, got " . scalar(@positional)) if @positional > 1;

my $corpus_path = @positional ? $positional[0]
    : dirname(dirname(abs_path(__FILE__))) . '/data/corpus.jsonl';
my $count = $opt{count} + 0;
my $jsonl = $opt{format} eq 'jsonl';

# --- tokenization ------------------------------------------------------------------------

# One separator character; a token is a maximal run of anything else.
my $SEP = qr/[\t\n\x0B\f\r\x1C-\x1F \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\-\x{2014},\[\]()]/;
my $TOKEN = qr/[^\t\n\x0B\f\r\x1C-\x1F \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\-\x{2014},\[\]()]+/;
# Separators that are line breaks (Python's str.splitlines): kept out of generated titles.
my $LINE_BREAK = qr/[\n\x0B\f\r\x1C-\x1E\x{85}\x{2028}\x{2029}]/;

sub token_spans {    # [start, end) of every token
    my ($s) = @_;
    my @spans;
    while ($s =~ /$TOKEN/g) { push @spans, [$-[0], $+[0]]; }
    return @spans;
}

sub token_count {
    my $n = () = $_[0] =~ /$TOKEN/g;
    return $n;
}

# --- JSON strings ------------------------------------------------------------------------

my %UNESCAPE = ('"' => '"', '\\' => '\\', '/' => '/', b => "\b", f => "\f", n => "\n",
                r => "\r", t => "\t");

# Decodes the body of a JSON string; undef when an escape is bad or a surrogate is unpaired.
sub json_unescape {
    my ($s) = @_;
    return $s if index($s, '\\') < 0;
    my $bad = 0;
    $s =~ s{\\(?:u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|(.))}{
        if (defined $1) {
            chr(0x10000 + ((hex($1) - 0xD800) << 10) + (hex($2) - 0xDC00));
        } elsif (defined $3) {
            my $c = hex $3;
            if ($c >= 0xD800 && $c <= 0xDFFF) { $bad = 1; '' } else { chr $c }
        } elsif (exists $UNESCAPE{$4}) {
            $UNESCAPE{$4};
        } else {
            $bad = 1; '';
        }
    }gse;
    return $bad ? undef : $s;
}

# Python json.dumps(ensure_ascii=False) style: escapes " \ and control characters only.
my %ESCAPE = ('"' => '\\"', '\\' => '\\\\', "\b" => '\\b', "\f" => '\\f', "\n" => '\\n',
              "\r" => '\\r', "\t" => '\\t');
$ESCAPE{chr $_} //= sprintf('\\u%04x', $_) for 0 .. 0x1F;

sub json_escape {
    my ($s) = @_;
    $s =~ s/(["\\\x00-\x1F])/$ESCAPE{$1}/g;
    return $s;
}

# --- corpus ------------------------------------------------------------------------------

my $STRING = qr/"((?:[^"\\]|\\.)*)"/s;
my $LINE_SHAPE = qr/^\{\s*"title"\s*:\s*$STRING\s*,\s*"labels"\s*:\s*\[\s*((?:"(?:[^"\\]|\\.)*"\s*(?:,\s*"(?:[^"\\]|\\.)*"\s*)*)?)\]\s*\}\s*\z/s;

# A run: [label, text, token count, JSON labels ("misc", "misc")].
my @titles;            # {runs => [run...], brand => [runs], model => [runs], key => ..., case => ...}
my %runs_by_label;     # label => [run...], in corpus order
my %models_by_brand;   # brand key => [model run...], in corpus order
my %json_label;        # label => "\"label\"" (escaped)

sub brand_key {
    my ($text) = @_;
    my $k = lc $text;
    $k =~ s/[^\p{Alnum}]+//g;
    return $k;
}

sub make_run {
    my ($label, $text) = @_;
    my $n = token_count($text);
    my $jl = $json_label{$label} //= '"' . json_escape($label) . '"';
    return [$label, $text, $n, join(', ', ($jl) x $n)];
}

{
    -e $corpus_path or fatal("$corpus_path: no such file");
    -d $corpus_path and fatal("$corpus_path: is a directory");
    open my $in, '<:raw', $corpus_path or fatal("cannot open $corpus_path: $!");
    my ($lineno, $skipped) = (0, 0);
    my $skip = sub {
        my ($why) = @_;
        print STDERR "$PROG: $corpus_path:$lineno: $why; skipped\n";
        $skipped++;
    };
    while (my $line = <$in>) {
        $lineno++;
        $line =~ s/\r?\n\z//;
        if (!utf8::decode($line)) { $skip->('not valid UTF-8'); next; }
        $line =~ s/^\x{FEFF}// if $lineno == 1;
        next if $line =~ /^\s*\z/;
        my ($raw_title, $raw_labels) = $line =~ $LINE_SHAPE;
        if (!defined $raw_title) {
            $skip->('not a {"title": "...", "labels": [...]} line');
            next;
        }
        my $title = json_unescape($raw_title);
        my @labels = map { json_unescape($_) } $raw_labels =~ /$STRING/g;
        if (!defined $title || grep { !defined } @labels) {
            $skip->('bad JSON string escape');
            next;
        }
        my @spans = token_spans($title);
        if (!@spans) { $skip->('title has no tokens'); next; }
        if (@spans != @labels) {
            $skip->(scalar(@labels) . ' labels for ' . scalar(@spans) . ' tokens');
            next;
        }
        if (grep { !/\S/ } @labels) { $skip->('empty label'); next; }

        my %t = (runs => [], brand => [], model => []);
        my $i = 0;
        while ($i < @spans) {
            my $j = $i;
            $j++ while $j + 1 < @spans && $labels[$j + 1] eq $labels[$i];
            my $text = substr($title, $spans[$i][0], $spans[$j][1] - $spans[$i][0]);
            $text =~ s/$LINE_BREAK+/ /g;
            # Close brackets a run opens but the title closes only after the run (and open
            # those it closes), so "(Box of 50" does not come out unbalanced.
            for my $pair (['(', ')'], ['[', ']']) {
                my ($o, $c) = @$pair;
                my $depth = 0;
                my $missing_open = 0;
                for my $ch (split //, $text) {
                    if ($ch eq $o) { $depth++; }
                    elsif ($ch eq $c) { if ($depth) { $depth-- } else { $missing_open++ } }
                }
                $text = ($o x $missing_open) . $text . ($c x $depth);
            }
            my $run = make_run($labels[$i], $text);
            push @{$t{runs}}, $run;
            push @{$runs_by_label{$labels[$i]}}, $run;
            push @{$t{brand}}, $run if $labels[$i] eq 'brand';
            push @{$t{model}}, $run if $labels[$i] eq 'model';
            $i = $j + 1;
        }
        $t{key} = @{$t{brand}} ? brand_key($t{brand}[0][1]) : '';
        push @{$models_by_brand{$t{key}}}, @{$t{model}} if @{$t{brand}};
        $t{case} = $title eq lc($title) && $title ne uc($title) ? 'lower'
                 : $title eq uc($title) && $title ne lc($title) ? 'upper' : '';
        push @titles, \%t;
    }
    close $in;
    fatal("$corpus_path: no usable labeled titles" . ($skipped ? " ($skipped skipped)" : ''))
        unless @titles;
}

# Donor pools for brand and model runs, in corpus order.
my (@branded, @branded_with_model, @unbranded_with_model, @with_model);
for my $t (@titles) {
    my ($b, $m) = (scalar @{$t->{brand}}, scalar @{$t->{model}});
    push @branded, $t if $b;
    push @branded_with_model, $t if $b && $m;
    push @unbranded_with_model, $t if !$b && $m;
    push @with_model, $t if $m;
}

# --- pack counts -------------------------------------------------------------------------

my @PACK_SIZES = (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 24, 25, 30, 40, 50, 60, 100, 120, 200, 240);
my @PACK_FORMATS = ('%d Pack', '%d-Pack', '%d pack', 'Pack of %d', '(Pack of %d)', '(Box of %d)',
                    'Box of %d', '%d/Box', '%d pcs', '%dpcs', '%d Count', '%dct', 'Case of %d',
                    '%d per box', '(%d Masks)');
my %pack_run;    # text => run, so each pack text is tokenized once

sub pick { return $_[0][int rand scalar @{$_[0]}]; }

# --- generation --------------------------------------------------------------------------

binmode STDOUT, ':utf8';
srand($opt{seed});

for (1 .. $count) {
    my $t = $titles[int rand @titles];
    my $runs = $t->{runs};
    my $nb = @{$t->{brand}};
    my $nm = @{$t->{model}};

    # Donor of the brand and model runs.
    my $donor;
    if ($nb) {
        $donor = pick($nm && @branded_with_model ? \@branded_with_model : \@branded);
    } elsif ($nm) {
        $donor = pick(@unbranded_with_model ? \@unbranded_with_model : \@with_model);
    }
    my ($bi, $mi) = (0, 0);

    my @out;
    for my $r (@$runs) {
        my $label = $r->[0];
        my $new;
        if ($label eq 'brand' && @{$donor->{brand}}) {
            $new = $donor->{brand}[$bi++ % @{$donor->{brand}}];
        } elsif ($label eq 'model' && $donor && @{$donor->{model}}) {
            if ($mi < @{$donor->{model}}) {
                $new = $donor->{model}[$mi];
            } elsif (@{$donor->{brand}}) {
                $new = pick($models_by_brand{$donor->{key}});
            } else {
                $new = pick($runs_by_label{model});
            }
            $mi++;
        } elsif ($label eq 'misc' && rand() < 0.5) {
            $new = $r;
        } else {
            $new = pick($runs_by_label{$label});
        }
        push @out, $new;
    }

    if (rand() < 0.06) {
        my $text = sprintf(pick(\@PACK_FORMATS), pick(\@PACK_SIZES));
        push @out, $pack_run{$text} //= make_run('misc', $text);
    }

    my $title = $out[0][1];
    my $labels = $out[0][3];
    my $ntok = $out[0][2];
    for my $k (1 .. $#out) {
        my $x = rand();
        $title .= ($x < 0.04 ? ', ' : $x < 0.06 ? ' - ' : ' ') . $out[$k][1];
        $labels .= ', ' . $out[$k][3];
        $ntok += $out[$k][2];
    }

    my $case = $t->{case};
    my $x = rand();
    if ($case eq 'lower' || $x < 0.03) { $title = lc $title; }
    elsif ($case eq 'upper' || $x < 0.045) { $title = uc $title; }

    my $actual = token_count($title);
    fatal("internal error: $ntok labels for $actual tokens in '$title'", 1) if $actual != $ntok;

    if ($jsonl) {
        print '{"title": "', json_escape($title), '", "labels": [', $labels, "]}\n";
    } else {
        print $title, "\n";
    }
}

close STDOUT or fatal("cannot write the output: $!", 1);
exit 0;
