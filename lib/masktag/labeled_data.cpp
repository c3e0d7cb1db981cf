#include "masktag/labeled_data.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include <fmt/format.h>

#include "masktag/components.h"
#include "masktag/csv.h"
#include "masktag/io.h"
#include "masktag/json.h"
#include "masktag/output_names.h"
#include "masktag/title_reader.h"

namespace masktag {
namespace {

std::string quoted_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += ", ";
        json::append_string(out, items[i]);
    }
    return out + "]";
}

// A JSON value as a message shows it: on one line (a breathesafe array's value may span
// lines) and at most 200 bytes, cut at a character boundary, so a warning stays readable
// whatever the record holds.
std::string excerpt(std::string_view raw) {
    constexpr std::size_t kMaxBytes = 200;
    std::size_t end = std::min(raw.size(), kMaxBytes);
    while (end < raw.size() && end > 0 && (static_cast<unsigned char>(raw[end]) & 0xC0) == 0x80) --end;
    // A line break and the indentation after it become one space. (JSON strings hold
    // no raw control bytes: only the whitespace between tokens changes.)
    std::string out;
    for (std::size_t i = 0; i < end; ++i) {
        if (raw[i] != '\n' && raw[i] != '\r') {
            out += raw[i] == '\t' ? ' ' : raw[i];
            continue;
        }
        while (i + 1 < end && (raw[i + 1] == ' ' || raw[i + 1] == '\t' || raw[i + 1] == '\n' || raw[i + 1] == '\r'))
            ++i;
        if (out.empty() || out.back() != ' ') out += ' ';
    }
    if (end < raw.size()) out += "...";
    return out;
}

// Why one record is not used. A malformed record is handled by the --on-error policy; a
// record whose labels do not fit its title is always skipped with a warning.
struct Skip {
    std::string why;
    bool malformed = true;
    std::string where = {};  // a finer place than the record's source, such as a CSV column
};

Skip mismatch(std::string why, std::string where = {}) { return Skip{std::move(why), false, std::move(where)}; }

// Sets the record's title and tokens, or throws Skip.
void set_title(LabeledRecord& out, std::string_view title) {
    // As for a line of JSON lines or a CSV record: a title no line could hold.
    if (title.size() > kMaxLineBytes) throw Skip{fmt::format("the title is longer than {} bytes", kMaxLineBytes)};
    out.title = title;
    const std::size_t bad = find_invalid_utf8(out.title);
    if (bad != out.title.size()) throw Skip{fmt::format("the title is not valid UTF-8 (byte {})", bad + 1)};
    if (std::string too_many = too_many_tokens(out.title); !too_many.empty()) throw Skip{std::move(too_many)};
    tokenize(out.title, out.tokens);
    if (out.tokens.empty()) throw mismatch("the title has no tokens");
}

std::vector<std::string> token_strings(const LabeledRecord& record) {
    std::vector<std::string> out;
    for (const Token& t : record.tokens) out.emplace_back(t.text(record.title));
    return out;
}

void align_or_skip(LabeledRecord& out, const std::vector<ComponentValue>& values, const std::string& other_label,
                   const std::vector<std::string>& value_places) {
    AlignmentFailure failure{};
    if (!align_components(out.title, out.tokens, values, other_label, out.labels, failure)) {
        const ComponentValue& v = values[failure.value_index];
        std::string value;
        json::append_string(value, v.value);
        const std::string what =
            failure.gave_up
                ? fmt::format(
                      "the values could not be placed together within the alignment's limit (the {} "
                      "value {} found no place; the title repeats its tokens too often to try every "
                      "way): give the title's labels instead of its components",
                      v.label, value)
                : fmt::format("the {} value {} is not in the title (or its tokens are taken)", v.label, value);
        throw mismatch(fmt::format("{}\n  title tokens: {}", what, quoted_list(token_strings(out))),
                       value_places[failure.value_index]);
    }
}

// Reads `record` (a JSON object) into `out`, or throws Skip.
// The member `name` as predict writes it: with options.prefix, or (no prefix given) with
// kDefaultPrefix when the record has that one, else plain.
json::Value predicted_member(json::Value record, const LabeledInputOptions& options, std::string_view name) {
    if (!options.prefix.empty()) return record.member(options.prefix + std::string(name));
    const json::Value prefixed = record.member(std::string(kDefaultPrefix) + std::string(name));
    return prefixed.valid() ? prefixed : record.member(name);
}

void read_json_record(json::Value record, const LabeledInputOptions& options, LabeledRecord& out) {
    if (record.kind() != json::Kind::object) throw Skip{"not a JSON object"};
    // A record predict wrote with an error (JSON lines or breathesafe output) has no
    // labeling to learn from: skipped with a warning, whatever else it lacks.
    if (const json::Value error = predicted_member(record, options, "error"); error.valid()) {
        std::string error_text;
        const json::Value breakdown = predicted_member(record, options, "breakdown");
        const bool no_labels =
            !predicted_member(record, options, "labels").valid() && (!breakdown.valid() || !breakdown.first().valid());
        if (error.decode_string(error_text) && !error_text.empty() && no_labels)
            throw mismatch("predict could not label it: " + error_text);
    }
    json::Value title;
    if (!options.field.empty()) {
        title = record.member(options.field);
        if (!title.valid()) throw Skip{fmt::format("no \"{}\" member (--field {})", options.field, options.field)};
    } else {
        for (const std::string_view name : kDefaultTitleFields)
            if (title = record.member(name); title.valid()) break;
        if (!title.valid())
            throw Skip{"no \"title\", \"mask_name\" or \"name\" member: name the title's member with --field"};
    }
    std::string decoded;
    if (!title.decode_string(decoded)) throw Skip{"the title is not a JSON string (or has a lone \\u surrogate)"};
    set_title(out, decoded);
    const std::vector<std::string> title_tokens = token_strings(out);

    out.labels.clear();
    const json::Value labels = predicted_member(record, options, "labels");
    const json::Value breakdown = predicted_member(record, options, "breakdown");
    const json::Value components = predicted_member(record, options, "components");

    if (labels.valid()) {
        if (labels.kind() != json::Kind::array) throw Skip{"\"labels\" is not an array"};
        std::string label;
        for (json::Value v = labels.first(); v.valid(); v = v.next()) {
            if (!v.decode_string(label) || label.empty())
                throw Skip{"a label is not a non-empty string: " + excerpt(v.raw())};
            out.labels.push_back(label);
        }
        if (out.labels.size() != title_tokens.size())
            throw mismatch(fmt::format("{} tokens but {} labels\n  tokens: {}\n  labels: {}", title_tokens.size(),
                                       out.labels.size(), quoted_list(title_tokens), quoted_list(out.labels)));
        return;
    }
    if (breakdown.valid()) {
        if (breakdown.kind() != json::Kind::array) throw Skip{"\"breakdown\" is not an array"};
        std::vector<std::string> breakdown_tokens;
        std::string token, label;
        for (json::Value entry = breakdown.first(); entry.valid(); entry = entry.next()) {
            const json::Value key = entry.kind() == json::Kind::object ? entry.first() : json::Value();
            if (!key.valid() || key.next().next().valid())
                throw Skip{"a breakdown entry is not a {\"<token>\": \"<label>\"} object: " + excerpt(entry.raw())};
            if (!key.decode_string(token) || !key.next().decode_string(label) || label.empty())
                throw Skip{"a breakdown label is not a non-empty string: " + excerpt(entry.raw())};
            breakdown_tokens.push_back(token);
            out.labels.push_back(label);
        }
        if (breakdown_tokens != title_tokens)
            throw mismatch(fmt::format(
                "the breakdown's tokens do not match the title's ({} vs {})\n  title tokens:     {}\n  breakdown tokens: {}",
                title_tokens.size(), breakdown_tokens.size(), quoted_list(title_tokens),
                quoted_list(breakdown_tokens)));
        return;
    }
    if (!components.valid()) throw Skip{"no \"labels\", \"breakdown\" or \"components\" field"};
    if (components.kind() != json::Kind::object) throw Skip{"\"components\" is not an object"};
    std::vector<ComponentValue> values;
    std::vector<std::string> places;
    for (json::Value key = components.first(); key.valid(); key = key.next().next()) {
        ComponentValue v;
        if (!key.decode_string(v.label) || v.label.empty()) throw Skip{"a component label is empty"};
        const json::Value value = key.next();
        // A value may be one string or a list of them (a label that occurs in several places).
        const bool list = value.kind() == json::Kind::array;
        for (json::Value item = list ? value.first() : value; item.valid(); item = list ? item.next() : json::Value()) {
            if (item.kind() == json::Kind::null) continue;
            if (!item.decode_string(v.value))
                throw Skip{fmt::format("the \"{}\" component is not a string or a list of strings", v.label)};
            values.push_back(v);
            places.emplace_back();
        }
    }
    align_or_skip(out, values, options.other_label, places);
}

// Splits `data` (without a BOM) into lines, ended by LF, CRLF or a lone CR (old Mac
// files); a last line without a terminator counts.
template <typename Visit>
void for_each_line(std::string_view text, Visit&& visit) {
    std::size_t line_number = 0;
    for (std::size_t start = 0; start < text.size();) {
        std::size_t end = text.find_first_of("\r\n", start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(start, end - start);
        start = end + (text.substr(end, 2) == "\r\n" ? 2 : 1);
        ++line_number;
        visit(line, line_number);
    }
}

bool is_blank(std::string_view line) { return line.find_first_not_of(" \t") == std::string_view::npos; }

// The first line that is not blank (nor, when `skip_comments`, a CoNLL "# " comment).
std::string_view first_line(std::string_view text, bool skip_comments = false) {
    std::string_view found;
    bool done = false;
    for_each_line(text, [&](std::string_view line, std::size_t) {
        if (!done && !is_blank(line) && !(skip_comments && line.starts_with("# "))) {
            found = line;
            done = true;
        }
    });
    return found;
}

// Throws Skip (malformed) for a label holding a tab or a line break: CoNLL output
// (token<TAB>label lines) and the reports, a label a line, could not show it; and for
// one that is not valid UTF-8, which JSON output could only show altered (U+FFFD).
void refuse_unwritable_labels(const LabeledRecord& record) {
    for (const std::string& label : record.labels) {
        const bool breaks = label.find_first_of("\t\r\n") != std::string::npos;
        const bool invalid = find_invalid_utf8(label) != label.size();
        if (!breaks && !invalid) continue;
        std::string quoted;
        json::append_string(quoted, label);
        throw Skip{"the label " + quoted + (breaks ? " holds a tab or a line break" : " is not valid UTF-8")};
    }
}

// Collects the outcome of each record: used, skipped with a warning, or a failure.
class Outcomes {
public:
    Outcomes(std::vector<LabeledRecord>& records, const WarningSink& warn, OnError on_error)
        : records_(records), warn_(warn), on_error_(on_error) {}

    // Runs `read` to fill a record; keeps it, or handles the Skip it throws.
    template <typename Read>
    void record(std::size_t position, std::string source, Read&& read) {
        LabeledRecord record;
        record.source = std::move(source);
        record.position = position;
        try {
            read(record);
            refuse_unwritable_labels(record);
            records_.push_back(std::move(record));
            ++result_.used;
        } catch (const Skip& skip) {
            const std::string where = skip.where.empty() ? record.source : record.source + skip.where;
            if (skip.malformed && on_error_ == OnError::fail)
                throw Error(skip.why + " (use --on-error skip to go on without such records)", where);
            warn_(fmt::format("skipped record: {} ({})", skip.why, where));
            ++result_.skipped;
        }
    }
    std::size_t count() const { return result_.used + result_.skipped; }
    const LabeledReadResult& result() const { return result_; }

private:
    std::vector<LabeledRecord>& records_;
    const WarningSink& warn_;
    OnError on_error_;
    LabeledReadResult result_;
};

void read_array(std::string_view text, const std::string& name, const LabeledInputOptions& options, Outcomes& outcomes,
                std::size_t first_position) {
    json::Document doc;
    json::ParseError error;
    if (!doc.parse(text, error)) {
        const auto lc = json::line_column(text, error.offset);
        throw Error("malformed JSON: " + error.message, fmt::format("{}:{}:{}", name, lc.line, lc.column));
    }
    if (doc.root().kind() != json::Kind::array) throw Error("expected a JSON array of records", name);
    std::size_t line = 1, counted_to = 0;  // lines counted incrementally: records come in order
    for (json::Value v = doc.root().first(); v.valid(); v = v.next()) {
        for (; counted_to < v.offset(); ++counted_to)  // LF, and a lone CR, end a line
            line += text[counted_to] == '\n' ||
                    (text[counted_to] == '\r' && (counted_to + 1 == text.size() || text[counted_to + 1] != '\n'));
        const std::size_t position = outcomes.count();
        outcomes.record(first_position + position, fmt::format("{}:{}, array position {}", name, line, position),
                        [&](LabeledRecord& r) { read_json_record(v, options, r); });
    }
}

void read_json_lines(std::string_view text, const std::string& name, const LabeledInputOptions& options,
                     Outcomes& outcomes, std::size_t first_position) {
    json::Document doc;
    json::ParseError error;
    for_each_line(text, [&](std::string_view line, std::size_t line_number) {
        if (is_blank(line)) return;  // blank lines hold no record
        outcomes.record(
            first_position + outcomes.count(), fmt::format("{}:{}", name, line_number), [&](LabeledRecord& r) {
                if (line.size() > kMaxLineBytes) throw Skip{fmt::format("line longer than {} bytes", kMaxLineBytes)};
                if (!doc.parse(line, error))
                    throw Skip{fmt::format("malformed JSON at column {}: {}", error.offset + 1, error.message)};
                read_json_record(doc.root(), options, r);
            });
    });
}

void read_conll(std::string_view text, const std::string& name, Outcomes& outcomes, std::size_t first_position) {
    std::vector<std::string> tokens, labels;
    std::size_t block_line = 0;
    std::string problem;
    const auto finish_block = [&] {
        if (block_line == 0) return;
        outcomes.record(first_position + outcomes.count(), fmt::format("{}:{}", name, block_line), [&](LabeledRecord& r) {
            if (!problem.empty()) throw Skip{problem};
            std::string title;
            for (const auto& t : tokens) title += (title.empty() ? "" : " ") + t;
            set_title(r, title);
            if (token_strings(r) != tokens)
                throw mismatch(fmt::format(
                    "the tokens do not match masktag's tokens of the joined title\n  CoNLL tokens:   {}\n  masktag tokens: {}",
                    quoted_list(tokens), quoted_list(token_strings(r))));
            r.labels = labels;
        });
        tokens.clear();
        labels.clear();
        problem.clear();
        block_line = 0;
    };
    for_each_line(text, [&](std::string_view line, std::size_t line_number) {
        if (is_blank(line)) {
            finish_block();
            return;
        }
        if (line.starts_with("# ")) return;  // a comment, as predict --output-format conll writes for errors
        if (block_line == 0) block_line = line_number;
        if (line.size() > kMaxLineBytes) {
            if (problem.empty()) problem = fmt::format("line {} is longer than {} bytes", line_number, kMaxLineBytes);
            return;
        }
        // token<TAB>label; with more columns (CRF++ style) the label is the last one.
        const std::size_t first_tab = line.find('\t'), last_tab = line.rfind('\t');
        if (first_tab == std::string_view::npos || first_tab == 0 || last_tab + 1 == line.size()) {
            if (problem.empty())
                problem = fmt::format("line {}: expected token<TAB>label, got {}", line_number, [&] {
                    std::string q;
                    json::append_string(q, line);
                    return q;
                }());
            return;
        }
        tokens.emplace_back(line.substr(0, first_tab));
        labels.emplace_back(line.substr(last_tab + 1));
    });
    finish_block();
}

bool names_title_column(std::string_view cell) {
    for (const std::string_view t : kDefaultTitleColumns)
        if (equals_ignoring_ascii_case(cell, t)) return true;
    return false;
}

bool names_label_column(std::string_view cell) {
    if (cell.starts_with(kDefaultPrefix)) cell.remove_prefix(kDefaultPrefix.size());
    return std::any_of(std::begin(kKnownLabels), std::end(kKnownLabels), [&](std::string_view l) { return l == cell; });
}

bool has_prefixed_label_column(const std::vector<std::string>& header, const std::string& other_label) {
    for (const std::string& c : header) {
        if (!c.starts_with(kDefaultPrefix)) continue;
        const std::string_view label = std::string_view(c).substr(kDefaultPrefix.size());
        if (label == other_label || names_label_column(label)) return true;
    }
    return false;
}

// Ensures: the delimiter of a labeled CSV's header `line`: the one of ',', tab and ';'
// under which it has a title column and a label column, else the most frequent of them,
// else tab for a .tsv name and ','.
char detect_csv_delimiter(std::string_view line, const std::string& name) {
    constexpr std::string_view kCandidates = ",\t;";
    for (const char delimiter : kCandidates) {
        bool title = false, label = false;
        for (const std::string_view cell : csv::guess_header_cells(line, delimiter)) {
            title |= names_title_column(cell);
            label |= names_label_column(cell);
        }
        if (title && label) return delimiter;
    }
    char best = 0;
    std::size_t best_count = 0;
    for (const char delimiter : kCandidates) {
        const auto count = static_cast<std::size_t>(std::count(line.begin(), line.end(), delimiter));
        if (count > best_count) {
            best = delimiter;
            best_count = count;
        }
    }
    if (best != 0) return best;
    return name.size() >= 4 && name.compare(name.size() - 4, 4, ".tsv") == 0 ? '\t' : ',';
}

// Ensures: ": did you mean --delimiter X?" when another delimiter splits `raw` into
// `width` fields; empty otherwise.
std::string delimiter_hint(std::string_view raw, char delimiter, std::size_t width) {
    for (const char other : std::string_view(",\t;")) {
        if (other == delimiter || raw.find(other) == std::string_view::npos) continue;
        if (csv::guess_header_cells(raw, other).size() == width)
            return fmt::format(": did you mean --delimiter {}?", other == '\t' ? "tab" : fmt::format("'{}'", other));
    }
    return {};
}

void read_csv(std::string& data, std::size_t bom, const std::string& name, const LabeledInputOptions& options,
              char delimiter, Outcomes& outcomes, std::size_t first_position) {
    if (delimiter == 0) delimiter = detect_csv_delimiter(first_line(std::string_view(data).substr(bom)), name);
    std::FILE* stream = fmemopen(data.data() + bom, data.size() - bom, "rb");
    if (stream == nullptr) throw Error("cannot read the CSV input", name);
    struct Closer {
        std::FILE* f;
        ~Closer() { std::fclose(f); }
    } closer{stream};
    csv::Reader reader(stream, delimiter, 1, kMaxLineBytes, name);
    csv::Row row;
    if (!reader.next(row)) return;  // empty input: no records
    if (!row.error.empty()) throw Error("malformed CSV header: " + row.error, name);
    const std::vector<std::string> header(row.fields.begin(), row.fields.end());

    const std::size_t title_column = find_title_column(header, options.column);
    if (title_column == header.size())
        throw Error(options.column.empty() ? "no title column in the CSV header (title, mask_name, name or "
                                             "unique_internal_model_code; or name one with --column)"
                                           : "no column '" + options.column + "' in the CSV header",
                    name);
    // Predict's own columns, when it wrote them with a prefix, win over the input's
    // columns of the same names (a product table's own "color").
    const std::string prefix = !options.prefix.empty()                                  ? options.prefix
                               : has_prefixed_label_column(header, options.other_label) ? std::string(kDefaultPrefix)
                                                                                        : std::string();
    std::vector<std::size_t> label_columns;
    std::vector<std::string> column_labels(header.size());
    std::size_t error_column = header.size();
    for (std::size_t c = 0; c < header.size(); ++c) {
        if (c == title_column) continue;
        if (header[c] == prefix + "error") error_column = c;
        if (!header[c].starts_with(prefix)) continue;
        const std::string label = header[c].substr(prefix.size());
        const bool known = std::any_of(std::begin(kKnownLabels), std::end(kKnownLabels),
                                       [&](std::string_view l) { return l == label; });
        if (!known && label != options.other_label) continue;
        label_columns.push_back(c);
        column_labels[c] = label;
    }
    if (label_columns.empty())
        throw Error(fmt::format("no component columns in the CSV header (columns named {}brand, {}model, {}size, "
                                "{}filter_type, {}color, {}style, {}strap, {}valved or {}misc)",
                                prefix, prefix, prefix, prefix, prefix, prefix, prefix, prefix, prefix),
                    name);

    std::vector<ComponentValue> values;
    std::vector<std::string> places;
    while (reader.next(row)) {
        if (row.error.empty() && row.raw.empty()) continue;  // blank lines hold no record
        // A malformed record is placed at the byte its message names.
        const std::string place = row.error_line != 0 ? fmt::format("{}:{}:{}", name, row.error_line, row.error_column)
                                                      : fmt::format("{}:{}", name, row.line);
        outcomes.record(first_position + outcomes.count(), place, [&](LabeledRecord& r) {
            if (!row.error.empty()) throw Skip{row.error};
            if (row.fields.size() != header.size())
                throw Skip{fmt::format("the row has {} fields, the header has {}{}", row.fields.size(), header.size(),
                                       delimiter_hint(row.raw, delimiter, header.size()))};
            if (error_column < header.size() && !row.fields[error_column].empty())
                throw mismatch("predict could not label it: " + std::string(row.fields[error_column]),
                               fmt::format(":{}", error_column + 1));
            try {
                set_title(r, row.fields[title_column]);
            } catch (Skip& skip) {
                skip.where = fmt::format(":{}", title_column + 1);
                throw;
            }
            values.clear();
            places.clear();
            for (const std::size_t c : label_columns) {
                values.push_back({column_labels[c], std::string(row.fields[c])});
                places.push_back(fmt::format(":{}", c + 1));
            }
            align_or_skip(r, values, options.other_label, places);
        });
    }
}

// Ensures: the delimiter with which `line` reads as a header with a title column and a
// label column, or 0 when none does.
char labeled_csv_delimiter(std::string_view line) {
    for (const char delimiter : {',', '\t', ';'}) {
        bool title = false, label = false;
        for (const std::string_view cell : csv::guess_header_cells(line, delimiter)) {
            title |= names_title_column(cell);
            label |= names_label_column(cell);
        }
        if (title && label) return delimiter;
    }
    return 0;
}

// Ensures: the format of `text`; for CSV detected from its header, `delimiter` too.
LabeledFormat detect_format(std::string_view text, const std::string& name, char& delimiter) {
    const std::size_t i = text.find_first_not_of(" \t\r\n");
    if (i == std::string_view::npos) return LabeledFormat::jsonl;  // empty: no records either way
    if (text[i] == '[') return LabeledFormat::breathesafe;
    if (text[i] == '{') return LabeledFormat::jsonl;
    const std::string_view line = first_line(text);
    const bool csv_name = name.size() >= 4 && (name.compare(name.size() - 4, 4, ".csv") == 0 ||
                                               name.compare(name.size() - 4, 4, ".tsv") == 0);
    const char header_delimiter = labeled_csv_delimiter(line);
    if (header_delimiter != 0 && delimiter == 0) delimiter = header_delimiter;
    if (csv_name || header_delimiter != 0) return LabeledFormat::csv;
    // CoNLL may open with "# " comments (predict --output-format conll writes errors so).
    if (first_line(text, true).find('\t') != std::string_view::npos) return LabeledFormat::conll;
    throw Error(
        "cannot detect the format: expected a JSON array (breathesafe), JSON lines, CSV with a header, "
        "or CoNLL (token<TAB>label); use --format",
        name);
}

}  // namespace

LabeledFormat parse_labeled_format(const std::string& name) {
    if (name == "auto") return LabeledFormat::detect;
    if (name == "breathesafe") return LabeledFormat::breathesafe;
    if (name == "jsonl") return LabeledFormat::jsonl;
    if (name == "csv" || name == "tsv") return LabeledFormat::csv;
    if (name == "conll") return LabeledFormat::conll;
    throw Error("unknown labeled format '" + name + "' (known: auto, breathesafe, jsonl, csv, tsv, conll)");
}

LabeledReadResult read_labeled(const std::string& path, const LabeledInputOptions& options,
                               std::vector<LabeledRecord>& records, const WarningSink& warn,
                               std::size_t first_position) {
    return read_labeled_text(read_whole_file(path), input_name(path), options, records, warn, first_position);
}

LabeledReadResult read_labeled_text(std::string data, const std::string& name, const LabeledInputOptions& options,
                                    std::vector<LabeledRecord>& records, const WarningSink& warn,
                                    std::size_t first_position) {
    if (std::string_view(data).starts_with(kModelMagic)) throw model_as_data_error(name);
    if (starts_with_utf16_mark(data)) throw utf16_error(name);
    if (looks_like_unmarked_utf16(std::string_view(data).substr(0, data.find_first_of("\r\n"))))
        throw utf16_error(name, false);
    const std::size_t bom = std::string_view(data).starts_with("\xEF\xBB\xBF") ? 3 : 0;
    const std::string_view text = std::string_view(data).substr(bom);
    char delimiter = options.delimiter;
    const LabeledFormat format =
        options.format == LabeledFormat::detect ? detect_format(text, name, delimiter) : options.format;
    Outcomes outcomes(records, warn, options.on_error);
    switch (format) {
        case LabeledFormat::breathesafe:
            read_array(text, name, options, outcomes, first_position);
            break;
        case LabeledFormat::csv:
            read_csv(data, bom, name, options, delimiter, outcomes, first_position);
            break;
        case LabeledFormat::conll:
            read_conll(text, name, outcomes, first_position);
            break;
        case LabeledFormat::jsonl:
        case LabeledFormat::detect:
            read_json_lines(text, name, options, outcomes, first_position);
            break;
    }
    return outcomes.result();
}

}  // namespace masktag
