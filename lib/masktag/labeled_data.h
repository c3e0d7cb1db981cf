// Reads titles annotated with a label per token, for train and eval.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "masktag/error.h"
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
    detect,       // see read_labeled
    breathesafe,  // the reference export: a JSON array of {"mask_name", "breakdown"}
    jsonl,        // an object a line: {"title"} with "labels", "breakdown" or "components"
    csv,          // a header row; a title column and component columns named after labels
    conll,        // "token<TAB>label" lines, a blank line after each title
};

// Ensures: the format named `name` ("auto", "breathesafe", "jsonl", "csv", "tsv", "conll";
// tsv is csv, with a tab delimiter that the caller sets). Throws Error otherwise.
LabeledFormat parse_labeled_format(const std::string& name);

// The labels CSV component columns may be named after, in the reference's order.
inline constexpr std::string_view kKnownLabels[] = {"brand", "model", "size",   "filter_type", "color",
                                                    "style", "strap", "valved", "misc"};

struct LabeledInputOptions {
    LabeledFormat format = LabeledFormat::detect;
    std::string column;  // CSV: the title column (default as for predict)
    std::string field;   // JSON: the title's member; empty: the first of title, mask_name, name
    // The prefix of the names predict added (see choose_output_naming): labels are read
    // from "<prefix>labels" / "<prefix>components" members or "<prefix><label>" columns,
    // and a record whose "<prefix>error" is not empty is skipped. Empty: kDefaultPrefix
    // where a record or header has such names, else none.
    std::string prefix;
    char delimiter = 0;                // CSV: 0 = ',' (tab for a .tsv name)
    std::string other_label = "misc";  // components: the label of tokens no value covers
    // A malformed record (invalid JSON, no title, invalid UTF-8, a broken CSV row, a label
    // with a tab or a line break, ...): fail stops with an Error naming it; skip warns and
    // goes on.
    OnError on_error = OnError::fail;
};

struct LabeledReadResult {
    std::size_t used = 0;
    std::size_t skipped = 0;
};
using WarningSink = std::function<void(const std::string& message)>;

// Reads every record of `path` ("-" for standard input), appending the usable ones to
// `records` in input order. Records are counted from `first_position` (array elements,
// non-blank lines, CSV rows, CoNLL blocks), skipped ones included: see
// LabeledRecord::position.
//
// Formats: detect picks breathesafe when the first non-blank byte is '[', jsonl for '{',
// csv for a .csv / .tsv name or a first line with a title column and a label column
// (the delimiter, unless given, is detected from that line as predict does),
// conll for a first line (after "# " comments) of two or more tab-separated fields, and
// fails otherwise.
// Components ("components": {"brand": "3M"} in JSON lines, or CSV columns named after
// kKnownLabels or `other_label`) are aligned to the title's tokens by align_components().
//
// A record whose labels do not fit its tokens (counts differ, breakdown tokens differ, a
// component value not in the title, no tokens at all), and one predict wrote with an
// error, is skipped: `warn` gets a message
// naming the file, line (array position, CSV column) and what is wrong, with both token
// lists on a mismatch. A malformed record is handled as options.on_error says; a label
// holding a tab, CR or LF (CoNLL output and the reports could not show it) or invalid
// UTF-8 (JSON output could only alter it) makes a record malformed. Lines end at LF, CRLF or a lone CR. Throws Error when the input cannot be
// read at all, is a masktag model file, is UTF-16 (by its byte order mark, or by the 0 bytes of its first line:
// see utf16_error), its format cannot be detected, a JSON array document is malformed,
// or a CSV header lacks the title column.
LabeledReadResult read_labeled(const std::string& path, const LabeledInputOptions& options,
                               std::vector<LabeledRecord>& records, const WarningSink& warn,
                               std::size_t first_position = 0);

// The same for the whole content of an input, `data`, that messages call `name` (a
// ".csv" or ".tsv" name still suggests CSV).
LabeledReadResult read_labeled_text(std::string data, const std::string& name, const LabeledInputOptions& options,
                                    std::vector<LabeledRecord>& records, const WarningSink& warn,
                                    std::size_t first_position = 0);

}  // namespace masktag
