// A gazetteer: names of one kind (makers) written one a line, added to the lexicon as
// phrases with one label, so the lexicon knows makers the labeled titles never mention.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "masktag/labeled_data.h"

namespace masktag {

// Requires: `label` is not empty.
// Ensures: one record per name of the file at `path`: the line as its title, its tokens,
// every token labeled `label`; blank lines and lines starting with '#' are skipped, and
// white space around a name is dropped. Throws Error naming the file (and line) when it
// cannot be read or a line is not valid UTF-8.
std::vector<LabeledRecord> read_gazetteer(const std::string& path, std::string_view label);

// Ensures: whether `record` is a name alone, every token labeled `label`, that is also a
// run of `label` tokens in one of `titles` (compared token by token, ASCII case folded):
// what a lexicon must forget to keep a held-out title's maker unknown.
bool names_a_run_of(const LabeledRecord& record, std::string_view label, std::span<const LabeledRecord* const> titles);

}  // namespace masktag
