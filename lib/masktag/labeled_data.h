// Reads titles annotated with a label per token, for train and eval.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "masktag/tokenizer.h"

namespace masktag {

struct LabeledRecord {
    std::string title;
    std::vector<Token> tokens;
    std::vector<std::string> labels;  // one per token
    std::string source;               // where the record came from, for messages
    std::size_t position = 0;         // 0-based index among all records of its input,
                                      // skipped ones included (what --folds files name)
};

enum class LabeledFormat {
    detect,       // from the first non-blank byte: '[' breathesafe, '{' jsonl
    breathesafe,  // the reference export: a JSON array of {"mask_name", "breakdown"}
    jsonl,        // one object a line: {"title", "labels"} or {"title", "breakdown"}
};

// Ensures: the format named `name` ("auto", "breathesafe", "jsonl"). Throws Error otherwise.
LabeledFormat parse_labeled_format(const std::string& name);

// What reading skipped, and why, one message per skipped record.
struct LabeledReadResult {
    std::size_t used = 0;
    std::size_t skipped = 0;
};
using WarningSink = std::function<void(const std::string& message)>;

// Reads every record of `path` ("-" for standard input) in `format`, appending the usable
// ones to `records` in input order. Records are counted from `first_position` (array
// elements, or non-blank lines), skipped ones included: see LabeledRecord::position. A record that cannot be used (malformed JSON line,
// missing or non-string title, invalid UTF-8, labels that do not match the title's tokens)
// is skipped: `warn` gets a message naming the file, line (and array position) and what
// is wrong, with both token lists on a mismatch. Throws Error when the input cannot be
// read at all, its format cannot be detected, or a JSON array document is malformed.
LabeledReadResult read_labeled(const std::string& path, LabeledFormat format,
                               std::vector<LabeledRecord>& records, const WarningSink& warn,
                               std::size_t first_position = 0);

}  // namespace masktag
