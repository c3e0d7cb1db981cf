#include "masktag/prediction_output.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>

#include <fmt/compile.h>
#include <fmt/format.h>

#include "masktag/csv.h"
#include "masktag/error.h"
#include "masktag/json.h"

namespace masktag {
namespace {

using namespace std::string_view_literals;  // appending a literal without measuring it

using json::append_compact;

// A JSON value as one table cell: a string's text, a number's or boolean's own bytes,
// nothing for null, compact JSON for an array or object.
void append_cell_text(std::string& out, const json::Value& value, std::string& scratch) {
    switch (value.kind()) {
        case json::Kind::null:
            return;
        case json::Kind::string:
            value.decode_string(scratch);
            out += scratch;
            return;
        case json::Kind::boolean:
        case json::Kind::number:
            out += value.raw();
            return;
        case json::Kind::array:
        case json::Kind::object:
            append_compact(out, value.raw());
            return;
    }
}

// Whether the input record carries members or columns of its own (not text input).
bool has_own_fields(const TitleRecord& record) {
    return record.object.valid() || (record.format == TitleFormat::csv && !record.fields.empty());
}

// Appends, as JSON members ("name":value, comma separated), the record's own fields other
// than the title's: a JSON record's members byte for byte, a CSV row's columns as strings.
// Returns whether any was written.
bool append_other_fields(const TitleRecord& record, const std::vector<std::string>& columns, std::string& out) {
    bool any = false;
    if (record.object.valid()) {
        std::string name;
        for (json::Value key = record.object.first(); key.valid(); key = key.next().next()) {
            key.decode_string(name);
            if (name == record.title_member) continue;
            if (any) out += ',';
            out += key.raw();
            out += ':';
            append_compact(out, key.next().raw());
            any = true;
        }
        return any;
    }
    if (record.format != TitleFormat::csv) return false;
    for (std::size_t i = 0; i < record.fields.size() && i < columns.size(); ++i) {
        if (i == record.title_column) continue;
        if (any) out += ',';
        json::append_string(out, columns[i]);
        out += ':';
        json::append_string(out, record.fields[i]);
        any = true;
    }
    return any;
}

// `prefix` + `name` as a JSON object key, with its quotes and the colon.
std::string json_key(std::string_view prefix, std::string_view name) {
    std::string out;
    json::append_string(out, std::string(prefix) + std::string(name));
    return out + ':';
}

// Appends the text of each run of `label` in the title, runs joined by one space; each
// run is the title's own text from its first token to its last (escaped by `append`).
template <typename Append>
void append_component(std::string_view title, std::span<const Token> tokens, std::span<const unsigned long> labels,
                      unsigned long label, std::string& out, Append&& append) {
    bool first_run = true;
    for (std::size_t j = 0; j < labels.size();) {
        if (labels[j] != label) {
            ++j;
            continue;
        }
        std::size_t end = j;
        while (end + 1 < labels.size() && labels[end + 1] == label) ++end;
        if (!first_run) out += ' ';
        first_run = false;
        append(out, title.substr(tokens[j].begin, tokens[end].end - tokens[j].begin));
        j = end + 1;
    }
}

// Each label as a JSON string, quotes included: escaped once, not once per token.
std::vector<std::string> quoted(const std::vector<std::string>& labels) {
    std::vector<std::string> out(labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i) json::append_string(out[i], labels[i]);
    return out;
}

// The short path of append_probability: `p` with 4 decimals, as fmt's "{:.4f}" writes it,
// in text[kProbabilityBytes - size, kProbabilityBytes) (so that a block copy of it reads
// within `text`), its size returned; 0 for a value it does not take (negative, NaN,
// 1024 or more), which fmt writes.
constexpr std::size_t kProbabilityBytes = 16;
std::size_t probability_text(double p, char (&text)[2 * kProbabilityBytes]);

// Short texts copied in whole blocks of kBlock bytes: one load and one store for most
// tokens and labels, where memcpy would be a call that sorts out the length first.
constexpr std::size_t kBlock = 16;

// Requires: `from` can be read, and `to` written, for n bytes rounded up to whole blocks.
// Ensures: from[0, n) at `to`; returns to + n. What follows it, to the end of its last
// block, is a copy of what followed `from`: the next text written goes over it.
inline char* put_blocks(char* to, const char* from, std::size_t n) {
    for (std::size_t k = 0; k < n; k += kBlock) std::memcpy(to + k, from + k, kBlock);
    return to + n;
}

// A text with room to read past its end (kBlock bytes), for put_blocks.
class PaddedText {
public:
    PaddedText() = default;
    explicit PaddedText(std::string_view text) { assign(text); }
    void assign(std::string_view text) {
        bytes_.resize(text.size() + kBlock);
        std::memcpy(bytes_.data(), text.data(), text.size());
        size_ = text.size();
    }
    const char* data() const { return bytes_.data(); }
    std::size_t size() const { return size_; }
    std::string_view view() const { return std::string_view(bytes_.data(), size_); }

private:
    std::string bytes_;
    std::size_t size_ = 0;
};

class JsonlWriter : public RecordWriter {
public:
    JsonlWriter(const std::vector<std::string>& labels, const std::string& prefix)
        : labels_(labels),
          quoted_(quoted(labels)),
          tokens_key_(json_key(prefix, "tokens")),
          labels_key_(json_key(prefix, "labels")),
          components_key_(json_key(prefix, "components")),
          confidence_key_(json_key(prefix, "confidence")),
          marginals_key_(json_key(prefix, "marginals")),
          probability_key_(json_key(prefix, "probability")),
          error_key_(json_key(prefix, "error")),
          input_key_(json_key(prefix, "input")),
          padded_tokens_key_(tokens_key_),
          padded_labels_key_(labels_key_),
          padded_components_key_(components_key_),
          padded_confidence_key_(confidence_key_),
          padded_quoted_(quoted_.begin(), quoted_.end()) {
        for (const std::string& q : quoted_) longest_quoted_ = std::max(longest_quoted_, q.size());
    }

    void labeled(const TitleRecord& record, const Prediction& prediction, std::string& out) override {
        const auto tokens = prediction.tokens;
        const auto labels = prediction.labels;
        // Tokens and components are parts of the title: plain if it is, and then copied
        // without a look at each byte.
        const bool plain = json::is_plain(record.title);
        const auto append_text = [plain](std::string& o, std::string_view text) {
            if (plain)
                o.append(text);
            else
                json::append_escaped(o, text);
        };
        out.clear();
        const bool text_input = !record.object.valid() && record.fields.empty();
        // Without details, the confidence ends the record: the plain path writes that too.
        const double* last = prediction.details ? nullptr : &prediction.confidence;
        if (plain && text_input) {  // the title as it is, from the record's start
            if (append_plain_labeling(record.title, tokens, labels, out, true, last)) return;
        } else {
            out += '{';
            if (append_input(record, out)) out += ',';
            if (!plain)
                append_labeling(record.title, tokens, labels, out, append_text);
            else if (append_plain_labeling(record.title, tokens, labels, out, false, last))
                return;
        }
        append_probability(out, prediction.confidence);
        if (prediction.details) {
            out += ',';
            out += marginals_key_;
            out += '[';
            for (std::size_t i = 0; i < prediction.marginals.size(); ++i) {
                if (i > 0) out += ',';
                append_probability(out, prediction.marginals[i]);
            }
            out += "],"sv;
            out += probability_key_;
            append_probability(out, prediction.probability);
        }
        out += "}\n"sv;
    }

    void failed(const TitleRecord& record, std::string& out) override {
        out.clear();
        out += '{';
        const bool members = record.object.valid() || record.format == TitleFormat::text || !record.fields.empty();
        if (members && append_input(record, out)) out += ',';
        if (!members || record.partial) {  // what the members do not hold: the record as read
            out += input_key_;
            json::append_string(out, record.line);
            out += ',';
        }
        out += error_key_;
        json::append_string(out, record.error);
        out += "}\n";
    }

    void header(const std::vector<std::string>& input_columns, std::string& out) override {
        columns_ = input_columns;
        out.clear();
    }

    // Appends the tokens, labels and components members, each followed by a comma, and
    // the confidence's key.
    template <typename AppendText>
    void append_labeling(std::string_view title, std::span<const Token> tokens, std::span<const unsigned long> labels,
                         std::string& out, AppendText&& append_text) {
        out += tokens_key_;
        out += '[';
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            if (i > 0) out += ',';
            out += '"';
            append_text(out, tokens[i].text(title));
            out += '"';
        }
        out += ']';
        out += ',';
        out += labels_key_;
        out += '[';
        for (std::size_t i = 0; i < labels.size(); ++i) {
            if (i > 0) out += ',';
            out += quoted_[labels[i]];
        }
        out += "],"sv;
        out += components_key_;
        out += '{';
        written_.assign(labels_.size(), false);
        bool first = true;
        for (const unsigned long label : labels) {
            if (written_[label]) continue;
            written_[label] = true;
            if (!first) out += ',';
            first = false;
            out += quoted_[label];
            out += ":\""sv;
            append_component(title, tokens, labels, label, out, append_text);
            out += '"';
        }
        out += "},"sv;
        out += confidence_key_;
    }

    // The same for a title that needs no escapes, written in place into room made for the
    // most it can take, then cut to what it took: texts copied in blocks (put_blocks), not
    // a byte or a call at a time. With `title_member` (text input, whose one member is the
    // title) the record's start and that member come first. With `confidence` the record's
    // end too, its value and "}\n", when probability_text takes the value: returns whether
    // it wrote them.
    bool append_plain_labeling(std::string_view title, std::span<const Token> tokens,
                               std::span<const unsigned long> labels, std::string& out, bool title_member,
                               const double* confidence) {
        const std::size_t n = tokens.size();
        padded_title_.assign(title);
        const char* text = padded_title_.data();
        // Token texts and components' runs are parts of the title, runs of a label apart
        // (at most one space each); per token at most 3 bytes around its text, a quoted
        // label and a comma, and a component's quoted label and 4 bytes; the title member
        // is the title and 12 bytes; and a block for what the last copy writes past its end.
        const std::size_t most = tokens_key_.size() + labels_key_.size() + components_key_.size() +
                                 confidence_key_.size() + 16 + 3 * title.size() + 12 + n * (2 * longest_quoted_ + 12) +
                                 kProbabilityBytes + 2 + kBlock;
        const std::size_t start = out.size();
        out.resize(start + most);
        char* at = out.data() + start;
        const auto put = [&at](const PaddedText& padded) { at = put_blocks(at, padded.data(), padded.size()); };
        const auto put_title = [&at, text](std::uint32_t begin, std::uint32_t end) {
            at = put_blocks(at, text + begin, end - begin);
        };
        if (title_member) {
            std::memcpy(at, "{\"title\":\"", 10);
            at = put_blocks(at + 10, text, title.size());
            *at++ = '"';
            *at++ = ',';
        }
        put(padded_tokens_key_);
        *at++ = '[';
        for (std::size_t i = 0; i < n; ++i) {
            *at = ',';
            at += i > 0;
            *at++ = '"';
            put_title(tokens[i].begin, tokens[i].end);
            *at++ = '"';
        }
        *at++ = ']';
        *at++ = ',';
        put(padded_labels_key_);
        *at++ = '[';
        // In locals: a store through `at` could change any member, for all the compiler knows.
        const PaddedText* quoted = padded_quoted_.data();
        for (std::size_t i = 0; i < labels.size(); ++i) {
            *at = ',';
            at += i > 0;
            put(quoted[labels[i]]);
        }
        *at++ = ']';
        *at++ = ',';
        put(padded_components_key_);
        *at++ = '{';
        // As append_component, from the runs found in one pass: each label in order of
        // its first token, its runs' texts joined by a space. A title has a few runs: a
        // label's first run is the one no run before has its label.
        runs_.clear();
        for (std::size_t j = 0; j < labels.size();) {
            std::size_t end = j;
            while (end + 1 < labels.size() && labels[end + 1] == labels[j]) ++end;
            runs_.push_back({labels[j], tokens[j].begin, tokens[end].end});
            j = end + 1;
        }
        const Run* runs = runs_.data();
        const std::size_t run_count = runs_.size();
        const auto labeled_before = [runs](std::size_t r) {
            for (std::size_t q = 0; q < r; ++q)
                if (runs[q].label == runs[r].label) return true;
            return false;
        };
        for (std::size_t r = 0; r < run_count; ++r) {
            if (labeled_before(r)) continue;
            *at = ',';
            at += r > 0;  // the first run starts the first component
            put(quoted[runs[r].label]);
            *at++ = ':';
            *at++ = '"';
            put_title(runs[r].begin, runs[r].end);
            for (std::size_t q = r + 1; q < run_count; ++q) {
                if (runs[q].label != runs[r].label) continue;
                *at++ = ' ';
                put_title(runs[q].begin, runs[q].end);
            }
            *at++ = '"';
        }
        *at++ = '}';
        *at++ = ',';
        put(padded_confidence_key_);
        char digits[2 * kProbabilityBytes];
        const std::size_t size = confidence != nullptr ? probability_text(*confidence, digits) : 0;
        if (size != 0) {
            at = put_blocks(at, digits + kProbabilityBytes - size, size);
            *at++ = '}';
            *at++ = '\n';
        }
        out.resize(static_cast<std::size_t>(at - out.data()));
        return size != 0;
    }

private:
    // Appends the input's members and returns whether any was written.
    bool append_input(const TitleRecord& record, std::string& out) const {
        if (record.object.valid()) {
            bool any = false;
            for (json::Value key = record.object.first(); key.valid(); key = key.next().next()) {
                if (any) out += ',';
                out += key.raw();
                out += ':';
                out += key.next().raw();
                any = true;
            }
            return any;
        }
        if (!record.fields.empty()) {
            for (std::size_t i = 0; i < record.fields.size() && i < columns_.size(); ++i) {
                if (i > 0) out += ',';
                json::append_string(out, columns_[i]);
                out += ':';
                json::append_string(out, record.fields[i]);
            }
            return !record.fields.empty() && !columns_.empty();
        }
        out += "\"title\":"sv;
        json::append_string(out, record.title);
        return true;
    }

    const std::vector<std::string>& labels_;
    const std::vector<std::string> quoted_;
    const std::string tokens_key_, labels_key_, components_key_, confidence_key_, marginals_key_, probability_key_,
        error_key_, input_key_;
    // The plain path's copies of the keys and quoted labels it writes, and of the title.
    const PaddedText padded_tokens_key_, padded_labels_key_, padded_components_key_, padded_confidence_key_;
    const std::vector<PaddedText> padded_quoted_;
    PaddedText padded_title_;
    std::vector<std::string> columns_;
    std::vector<bool> written_;  // which labels' components are written
    // append_plain_labeling's: each run of one label (its bytes in the title).
    struct Run {
        unsigned long label;
        std::uint32_t begin, end;
    };
    std::vector<Run> runs_;
    std::size_t longest_quoted_ = 0;  // the longest of quoted_
};

class CsvWriter : public RecordWriter {
public:
    CsvWriter(const std::vector<std::string>& labels, char delimiter, std::string prefix)
        : labels_(labels), delimiter_(delimiter), prefix_(std::move(prefix)) {}

    void header(const std::vector<std::string>& input_columns, std::string& out) override {
        columns_ = input_columns;
        out.clear();
        for (const auto& name : input_columns) field(out, name);
        for (const auto& name : labels_) field(out, prefix_ + name);
        field(out, prefix_ + "confidence");
        field(out, prefix_ + "error");
        end_row(out);
    }

    void labeled(const TitleRecord& record, const Prediction& prediction, std::string& out) override {
        const auto tokens = prediction.tokens;
        const auto labels = prediction.labels;
        out.clear();
        append_input(record, out);
        for (unsigned long label = 0; label < labels_.size(); ++label) {
            component_.clear();
            append_component(record.title, tokens, labels, label, component_,
                             [](std::string& o, std::string_view text) { o.append(text); });
            field(out, component_);
        }
        component_.clear();
        append_probability(component_, prediction.confidence);
        field(out, component_);
        field(out, "");
        end_row(out);
    }

    void failed(const TitleRecord& record, std::string& out) override {
        out.clear();
        append_input(record, out);
        for (std::size_t i = 0; i <= labels_.size(); ++i) field(out, "");  // labels and confidence
        if ((record.partial || (!has_own_fields(record) && record.format != TitleFormat::text)) &&
            !record.line.empty()) {
            // A JSON record that could not be read has no members to spread over the
            // columns, nor a broken CSV row all of its fields: the error carries the
            // record as read, so nothing of it is lost.
            component_ = record.error;
            component_ += "; the record as read: ";
            component_ += record.line;
            field(out, component_);
        } else {
            field(out, record.error);
        }
        end_row(out);
    }

private:
    // Appends the input columns: a CSV input's fields (padded with empty ones to the
    // header's width), a JSON record's members under the columns named after them, or
    // the title of text input.
    void append_input(const TitleRecord& record, std::string& out) {
        if (record.format == TitleFormat::csv) {
            for (std::size_t i = 0; i < columns_.size(); ++i)
                field(out, i < record.fields.size() ? record.fields[i] : "");
            return;
        }
        if (record.format == TitleFormat::text) {
            field(out, record.title);
            return;
        }
        cells_.assign(columns_.size(), std::string());
        if (record.object.valid()) {
            std::string name;
            for (json::Value key = record.object.first(); key.valid(); key = key.next().next()) {
                key.decode_string(name);
                // The reader refuses a record with a member outside the columns (MemberRules::fixed).
                const auto at = std::find(columns_.begin(), columns_.end(), name);
                if (at != columns_.end())
                    append_cell_text(cells_[static_cast<std::size_t>(at - columns_.begin())], key.next(), scratch_);
            }
        }
        for (const std::string& cell : cells_) field(out, cell);
    }

    void field(std::string& out, std::string_view value) {
        if (fields_in_row_++ > 0) out += delimiter_;
        csv::append_field(out, value, delimiter_);
    }

    void end_row(std::string& out) {
        out += '\n';
        fields_in_row_ = 0;
    }

    const std::vector<std::string>& labels_;
    char delimiter_;
    std::string prefix_;
    std::vector<std::string> columns_;
    std::size_t fields_in_row_ = 0;
    std::string component_;
    std::vector<std::string> cells_;
    std::string scratch_;
};

class ConllWriter : public RecordWriter {
public:
    explicit ConllWriter(const std::vector<std::string>& labels) : labels_(labels) {}

    void header(const std::vector<std::string>& input_columns, std::string& out) override {
        columns_ = input_columns;
        out.clear();
    }

    void labeled(const TitleRecord& record, const Prediction& prediction, std::string& out) override {
        const auto tokens = prediction.tokens;
        const auto labels = prediction.labels;
        out.clear();
        append_fields_comment(record, out);
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            out += tokens[i].text(record.title);
            out += '\t';
            out += labels_[labels[i]];
            out += '\n';
        }
        out += '\n';
    }

    void failed(const TitleRecord& record, std::string& out) override {
        out.clear();
        append_fields_comment(record, out);
        if (record.partial || (!has_own_fields(record) && record.format != TitleFormat::text)) {
            out += "# input: ";  // the record as read, as one JSON string
            json::append_string(out, record.line);
            out += '\n';
        }
        out += "# error: ";
        // The message is one line: newlines from the input must not start a token line.
        for (const char c : record.error) out += (c == '\n' || c == '\r') ? ' ' : c;
        out += "\n\n";
    }

private:
    // The input's other fields, as one JSON object on a "# " comment line (CoNLL readers,
    // masktag's own among them, skip it), so the title can be joined back to its record.
    void append_fields_comment(const TitleRecord& record, std::string& out) const {
        const std::size_t start = out.size();
        out += "# {";
        if (!append_other_fields(record, columns_, out)) {
            out.resize(start);
            return;
        }
        out += "}\n";
    }

    const std::vector<std::string>& labels_;
    std::vector<std::string> columns_;
};

class BreathesafeWriter : public RecordWriter {
public:
    BreathesafeWriter(const std::vector<std::string>& labels, const std::string& prefix)
        : labels_(labels),
          mask_name_key_(json_key(prefix, "mask_name")),
          tokens_key_(json_key(prefix, "tokens")),
          breakdown_key_(json_key(prefix, "breakdown")),
          components_key_(json_key(prefix, "components")),
          confidence_key_(json_key(prefix, "confidence")),
          error_key_(json_key(prefix, "error")),
          input_key_(json_key(prefix, "input")) {}

    void header(const std::vector<std::string>& input_columns, std::string& out) override {
        columns_ = input_columns;
        out.clear();
    }

    void labeled(const TitleRecord& record, const Prediction& prediction, std::string& out) override {
        const auto tokens = prediction.tokens;
        const auto labels = prediction.labels;
        begin(record, out);
        out += tokens_key_;
        append_tokens(out, record.title, tokens);
        out += ',';
        out += breakdown_key_;
        out += '[';
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            if (i > 0) out += ',';
            out += '{';
            json::append_string(out, tokens[i].text(record.title));
            out += ':';
            json::append_string(out, labels_[labels[i]]);
            out += '}';
        }
        out += "],";
        out += components_key_;
        out += '{';
        for (unsigned long label = 0; label < labels_.size(); ++label) {
            if (label > 0) out += ',';
            json::append_string(out, labels_[label]);
            out += ":[";
            bool first = true;
            for (std::size_t i = 0; i < tokens.size(); ++i) {
                if (labels[i] != label) continue;
                if (!first) out += ',';
                first = false;
                json::append_string(out, tokens[i].text(record.title));
            }
            out += ']';
        }
        out += "},";
        out += confidence_key_;
        append_probability(out, prediction.confidence);
        end(record, out);
    }

    void failed(const TitleRecord& record, std::string& out) override {
        begin(record, out);
        out += tokens_key_;
        out += "[],";
        out += breakdown_key_;
        out += "[],";
        out += components_key_;
        out += '{';
        for (std::size_t label = 0; label < labels_.size(); ++label) {
            if (label > 0) out += ',';
            json::append_string(out, labels_[label]);
            out += ":[]";
        }
        out += "},";
        out += error_key_;
        json::append_string(out, record.error);
        if (record.partial || (!has_own_fields(record) && record.format != TitleFormat::text)) {
            out += ',';
            out += input_key_;
            json::append_string(out, record.line);
        }
        end(record, out);
    }

private:
    void begin(const TitleRecord& record, std::string& out) const {
        out.assign("{");
        out += mask_name_key_;
        if (record.title.empty() && !record.error.empty())
            out += "null";
        else
            json::append_string(out, record.title);
        out += ',';
    }

    // The input's other fields after the reference predictor's keys, then the end.
    void end(const TitleRecord& record, std::string& out) const {
        const std::size_t before = out.size();
        out += ',';
        if (!append_other_fields(record, columns_, out)) out.resize(before);
        out += "}\n";
    }

    const std::vector<std::string>& labels_;
    const std::string mask_name_key_, tokens_key_, breakdown_key_, components_key_, confidence_key_, error_key_,
        input_key_;
    std::vector<std::string> columns_;
};

}  // namespace

// Probabilities with 4 decimals: enough for a threshold, and the same bytes on every run.
// fmt's general path costs more than the rest of a line's numbers; a value in [1e-5, 1024)
// is m * 2^e exactly (m < 2^53, -69 <= e <= -43), so m * 10^4 (< 2^67) shifted right by -e
// is its 4-decimal floor, and the bits shifted out say exactly how to round, as fmt does:
// up above half, to even at exactly half (an odd multiple of 1/32 is such a tie).
namespace {

std::size_t probability_text(double p, char (&text)[2 * kProbabilityBytes]) {
    if (std::signbit(p) || !(p < 1024.0)) return 0;  // negative (-0.0 too), NaN, large: fmt's own way
    std::uint64_t q = 0;                             // p * 10^4, rounded
    if (p >= 1e-5) {                                 // below, p * 10^4 < 0.1 rounds to 0 (and is no tie)
        const auto bits = std::bit_cast<std::uint64_t>(p);
        const std::uint64_t m = (bits & ((std::uint64_t{1} << 52) - 1)) | (std::uint64_t{1} << 52);
        const int shift = 1075 - static_cast<int>(bits >> 52);  // p = m * 2^-shift, 43 <= shift <= 69
        const unsigned __int128 scaled = static_cast<unsigned __int128>(m) * 10000u;
        q = static_cast<std::uint64_t>(scaled >> shift);
        const unsigned __int128 rest = scaled - (static_cast<unsigned __int128>(q) << shift);
        const unsigned __int128 half = static_cast<unsigned __int128>(1) << (shift - 1);
        if (rest > half || (rest == half && (q & 1) != 0)) ++q;
    }
    char* const end = text + kProbabilityBytes;  // at most "1024.0000"
    char* at = end;
    std::uint64_t fraction = q % 10000, whole = q / 10000;
    for (int k = 0; k < 4; ++k, fraction /= 10) *--at = static_cast<char>('0' + fraction % 10);
    *--at = '.';
    do {
        *--at = static_cast<char>('0' + whole % 10);
        whole /= 10;
    } while (whole != 0);
    std::memset(end, 0, kProbabilityBytes);  // what a block copy of the text reads past it
    return static_cast<std::size_t>(end - at);
}

}  // namespace

void append_probability(std::string& out, double p) {
    char text[2 * kProbabilityBytes];
    if (const std::size_t size = probability_text(p, text))
        out.append(text + kProbabilityBytes - size, size);
    else
        fmt::format_to(std::back_inserter(out), FMT_COMPILE("{:.4f}"), p);
}

void append_tokens(std::string& out, std::string_view title, std::span<const Token> tokens) {
    out += '[';
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (i > 0) out += ',';
        json::append_string(out, tokens[i].text(title));
    }
    out += ']';
}

void RecordWriter::header(const std::vector<std::string>&, std::string& out) { out.clear(); }

OutputFormat parse_output_format(const std::string& name) {
    if (name == "jsonl") return OutputFormat::jsonl;
    if (name == "csv") return OutputFormat::csv;
    if (name == "tsv") return OutputFormat::tsv;
    if (name == "conll") return OutputFormat::conll;
    if (name == "breathesafe") return OutputFormat::breathesafe;
    throw Error("unknown output format '" + name + "' (known: jsonl, csv, tsv, conll, breathesafe)");
}

std::unique_ptr<RecordWriter> make_writer(OutputFormat format, const std::vector<std::string>& label_names,
                                          const std::string& prefix) {
    switch (format) {
        case OutputFormat::csv:
            return std::make_unique<CsvWriter>(label_names, ',', prefix);
        case OutputFormat::tsv:
            return std::make_unique<CsvWriter>(label_names, '\t', prefix);
        case OutputFormat::conll:
            return std::make_unique<ConllWriter>(label_names);
        case OutputFormat::breathesafe:
            return std::make_unique<BreathesafeWriter>(label_names, prefix);
        case OutputFormat::jsonl:
            break;
    }
    return std::make_unique<JsonlWriter>(label_names, prefix);
}

}  // namespace masktag
