// The names of the columns and members predict adds to each record, kept apart from the
// input's own names so that no output has two columns or members of one name.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "masktag/prediction_output.h"
#include "masktag/title_reader.h"

namespace masktag {

// The prefix every added name gets when one would collide with an input name and no
// --prefix was given.
inline constexpr std::string_view kDefaultPrefix = "masktag_";

// Ensures: the names `format` adds to a record, without a prefix, in output order:
//  jsonl        tokens, labels, components, confidence (marginals, probability with
//               details), error, input (the unreadable line of a failed record)
//  csv, tsv     one per label in `labels`, confidence, error
//  breathesafe  mask_name, tokens, breakdown, components, confidence, error, input
//  conll        none (its "# {...}" lines hold only the input's members)
std::vector<std::string> added_names(OutputFormat format, const std::vector<std::string>& labels, bool details);

struct OutputNaming {
    std::string prefix;                   // what every added name is written with
    std::vector<std::string> collisions;  // input names an unprefixed added name would repeat
};

// Requires: `input_names` are the names the output carries from the input (the CSV header,
// the first JSON record's members; for breathesafe output without the title's own).
// Ensures: the prefix to write added names with: `requested` when given, else "" when no
// added name is an input name, else kDefaultPrefix; `collisions` lists the input names
// that decided it. Throws Error, naming the names, when the input repeats a name (JSON
// objects and CSV headers written from it would too) or when the added names with the
// chosen prefix are still input names.
// With `ignore_case` (tables: SQL and spreadsheets take "Color" and "color" for one
// column), names that differ only in ASCII letter case count as one.
OutputNaming choose_output_naming(const std::vector<std::string>& input_names, const std::vector<std::string>& added,
                                  const std::optional<std::string>& requested, bool ignore_case = false);

// Requires: reader.start() was called with `options`.
// Ensures: the names an output of `format` carries from the reader's input: its columns()
// (the CSV header, the first JSON record's members, "title" for text), for breathesafe
// output without the title's own (written as "mask_name").
std::vector<std::string> carried_names(const TitleReader& reader, const TitleInputOptions& options,
                                       OutputFormat format);

// Ensures: what a JSON input record must be for an output of `format` whose added names
// (`added`) carry `prefix`: no member of an added name (breathesafe: but the title's own,
// which it does not carry), and for CSV / TSV output no member the columns lack; for the
// JSON outputs, CSV fields of valid UTF-8.
MemberRules member_rules(OutputFormat format, const std::vector<std::string>& added, const std::string& prefix);

}  // namespace masktag
