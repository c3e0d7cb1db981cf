// Turns component values ("brand": "3M", "model": "Aura 9205+") into a label per token.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "masktag/tokenizer.h"

namespace masktag {

// One labeled value of a title, such as a CSV cell under the column "brand".
struct ComponentValue {
    std::string label;
    std::string value;
};

// Where aligning stopped: the value that is not in the title, or that found no place
// beside the others.
struct AlignmentFailure {
    std::size_t value_index;  // index into the values given
    bool gave_up = false;     // the search stopped at its bound (a title of many equal tokens)
};

// Requires: `tokens` are tokens of `title`.
// Ensures: true and `labels` holds one label per token: each value's tokens are matched,
// values with more tokens first (in the order given among equals), to the first
// contiguous run of not yet matched title tokens that equals them ignoring ASCII letter
// case, and that run gets the value's label; a value with no such run may be several runs
// joined (as predict writes a label that occurs in several places): once every value that
// has a run has it, its tokens are matched, in order, to the earliest not yet matched title
// tokens that equal them. When some value finds no place that way (a token it needs taken
// by another value's run), every placement is searched, values in the same order, each at
// its contiguous runs first, earliest first, then at its matches in several runs, earliest
// first, until all values have a place; so an input that aligns at the first attempt
// aligns as it always did. Tokens no value matched get `other_label`. Values with no
// tokens (empty or only separators) are ignored. Returns false, with `failure` naming the
// value, when some value has no place in the title even alone (the first such, in the
// order above), or when no placement fits them all (the value that found no place after
// the most others had one), or, with `failure.gave_up`, when the search stops after a
// million token comparisons (a title of many equal tokens).
bool align_components(std::string_view title, std::span<const Token> tokens, std::span<const ComponentValue> values,
                      const std::string& other_label, std::vector<std::string>& labels, AlignmentFailure& failure);

}  // namespace masktag
