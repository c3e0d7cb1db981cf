// Formats labeled titles for predict's output: JSON lines, CSV / TSV, CoNLL, or the
// reference predictor's JSON shape.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "masktag/title_reader.h"
#include "masktag/tokenizer.h"

namespace masktag {

enum class OutputFormat { jsonl, csv, tsv, conll, breathesafe };

// One labeled title, as a writer needs it.
struct Prediction {
    std::span<const Token> tokens;
    std::span<const unsigned long> labels;  // labels[i] is the label index of tokens[i]
    double confidence = 1.0;                // mean over tokens of each one's highest marginal
    bool details = false;                   // write `marginals` and `probability` too
    std::span<const double> marginals;      // per token: the marginal of its label
    double probability = 1.0;               // of the whole labeling
};

// Ensures: the format named `name` ("jsonl", "csv", "tsv", "conll", "breathesafe").
// Throws Error otherwise.
OutputFormat parse_output_format(const std::string& name);

// Turns each input record into exactly one output record, in a reused buffer.
class RecordWriter {
public:
    virtual ~RecordWriter() = default;

    // Requires: called once, before any record. `input_columns` are the CSV input's header
    // names, or {"title"} for text and JSON lines input.
    // Ensures: `out` holds what precedes the records (a header row), possibly nothing.
    virtual void header(const std::vector<std::string>& input_columns, std::string& out);

    // Requires: record.error is empty; `prediction` is of record.title.
    // Ensures: `out` holds the record's output, terminator included.
    virtual void labeled(const TitleRecord& record, const Prediction& prediction, std::string& out) = 0;

    // Requires: record.error is not empty.
    // Ensures: `out` holds the output record of a title that could not be labeled: the
    // input as far as it could be read, and the error.
    virtual void failed(const TitleRecord& record, std::string& out) = 0;
};

// Ensures: `p` appended to `out` with 4 decimals, byte for byte as fmt's "{:.4f}" writes
// it (the exact binary value rounded, a tie to even). Probabilities, from 0 to 1, take a
// short path of integer arithmetic; anything else goes to fmt.
void append_probability(std::string& out, double p);

// Requires: `tokens` are tokens of `title`.
// Ensures: the tokens' texts appended to `out` as a JSON array of strings.
void append_tokens(std::string& out, std::string_view title, std::span<const Token> tokens);

// Requires: `label_names` (the model's labels) outlives the writer; `prefix` makes every
// name the writer adds unique against the input's (see choose_output_naming).
// Ensures: a writer for `format`; below, every added name is written with `prefix`:
//  jsonl        {<input members>,"tokens":[...],"labels":[...],"components":{...},
//               "confidence":X} (with details, then "marginals":[...],"probability":X); input
//               members are a JSON input's own (byte for byte), a CSV input's columns as
//               strings, or "title". A component's value is the title's text from its first
//               token to its last; separate runs of a label are joined by a space;
//               components come in order of appearance. Failures: input members, then
//               "input" (the record as read) when they do not hold all of it (no members,
//               or a broken CSV row), then "error".
//  csv, tsv     a header row, then per record the input columns (a CSV input's unchanged;
//               for JSON input, one per member of the first record: a string's text, a
//               number's or boolean's bytes, nothing for null, compact JSON otherwise; for
//               text input "title"), one column per model label (in model order) with
//               that component's value, "confidence" and "error" (which carries the record
//               as read when its fields do not hold all of it). tsv is linear TSV (see
//               csv::append_field).
//  conll        "token<TAB>label" lines and a blank line per title; a failure is a
//               "# error: ..." line and the blank line, after a "# input: \"...\"" line
//               with the record as read when its fields do not hold all of it. A record with fields besides its
//               title has them first, as one JSON object on a "# {...}" line.
//  breathesafe  {"mask_name":...,"tokens":[...],"breakdown":[{"<token>":"<label>"},...],
//               "components":{"<label>":["<token>",...], every model label},"confidence":X},
//               the reference predictor's shape, then the input's fields besides the title;
//               failures add "error" (and "input" as for jsonl) to an empty labeling.
// Probabilities are written with 4 decimals.
std::unique_ptr<RecordWriter> make_writer(OutputFormat format, const std::vector<std::string>& label_names,
                                          const std::string& prefix = {});

}  // namespace masktag
