#include "masktag/prediction_output.h"

#include <fmt/compile.h>
#include <fmt/format.h>

#include "masktag/csv.h"
#include "masktag/error.h"
#include "masktag/json.h"

namespace masktag {
namespace {

using namespace std::string_view_literals;  // appending a literal without measuring it

// Probabilities with 4 decimals: enough for a threshold, and the same bytes on every run.
void append_probability(std::string& out, double p) { fmt::format_to(std::back_inserter(out), FMT_COMPILE("{:.4f}"), p); }

bool is_output_member(std::string_view raw_key) {
    for (const std::string_view name : kOutputMembers)
        if (raw_key.size() == name.size() + 2 && raw_key.substr(1, name.size()) == name) return true;
    return false;
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

class JsonlWriter : public RecordWriter {
public:
    explicit JsonlWriter(const std::vector<std::string>& labels) : labels_(labels), quoted_(quoted(labels)) {}

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
        out += '{';
        if (append_input(record, out)) out += ',';
        out += "\"tokens\":["sv;
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            if (i > 0) out += ',';
            out += '"';
            append_text(out, tokens[i].text(record.title));
            out += '"';
        }
        out += ']';
        out += ",\"labels\":["sv;
        for (std::size_t i = 0; i < labels.size(); ++i) {
            if (i > 0) out += ',';
            out += quoted_[labels[i]];
        }
        out += "],\"components\":{"sv;
        written_.assign(labels_.size(), false);
        bool first = true;
        for (const unsigned long label : labels) {
            if (written_[label]) continue;
            written_[label] = true;
            if (!first) out += ',';
            first = false;
            out += quoted_[label];
            out += ":\""sv;
            append_component(record.title, tokens, labels, label, out, append_text);
            out += '"';
        }
        out += "},\"confidence\":"sv;
        append_probability(out, prediction.confidence);
        if (prediction.details) {
            out += ",\"marginals\":["sv;
            for (std::size_t i = 0; i < prediction.marginals.size(); ++i) {
                if (i > 0) out += ',';
                append_probability(out, prediction.marginals[i]);
            }
            out += "],\"probability\":"sv;
            append_probability(out, prediction.probability);
        }
        out += "}\n"sv;
    }

    void failed(const TitleRecord& record, std::string& out) override {
        out.clear();
        out += '{';
        if (record.object.valid() || record.format == TitleFormat::text || !record.fields.empty()) {
            if (append_input(record, out)) out += ',';
        } else {
            out += "\"input\":";
            json::append_string(out, record.line);
            out += ',';
        }
        out += "\"error\":";
        json::append_string(out, record.error);
        out += "}\n";
    }

    void header(const std::vector<std::string>& input_columns, std::string& out) override {
        columns_ = input_columns;
        out.clear();
    }

private:
    // Appends the input's members and returns whether any was written.
    bool append_input(const TitleRecord& record, std::string& out) const {
        if (record.object.valid()) {
            bool any = false;
            for (json::Value key = record.object.first(); key.valid(); key = key.next().next()) {
                if (is_output_member(key.raw())) continue;
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
    std::vector<std::string> columns_;
    std::vector<bool> written_;
};

class CsvWriter : public RecordWriter {
public:
    CsvWriter(const std::vector<std::string>& labels, char delimiter) : labels_(labels), delimiter_(delimiter) {}

    void header(const std::vector<std::string>& input_columns, std::string& out) override {
        columns_ = input_columns.size();
        out.clear();
        for (const auto& name : input_columns) field(out, name);
        for (const auto& name : labels_) field(out, name);
        field(out, "confidence");
        field(out, "error");
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
        field(out, record.error);
        end_row(out);
    }

private:
    // Appends the input columns: a CSV input's fields (padded with empty ones to the
    // header's width), or the title.
    void append_input(const TitleRecord& record, std::string& out) {
        if (record.format != TitleFormat::csv) {
            field(out, record.title);
            return;
        }
        for (std::size_t i = 0; i < columns_; ++i) field(out, i < record.fields.size() ? record.fields[i] : "");
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
    std::size_t columns_ = 0;
    std::size_t fields_in_row_ = 0;
    std::string component_;
};

class ConllWriter : public RecordWriter {
public:
    explicit ConllWriter(const std::vector<std::string>& labels) : labels_(labels) {}

    void labeled(const TitleRecord& record, const Prediction& prediction, std::string& out) override {
        const auto tokens = prediction.tokens;
        const auto labels = prediction.labels;
        out.clear();
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            out += tokens[i].text(record.title);
            out += '\t';
            out += labels_[labels[i]];
            out += '\n';
        }
        out += '\n';
    }

    void failed(const TitleRecord& record, std::string& out) override {
        out.assign("# error: ");
        // The message is one line: newlines from the input must not start a token line.
        for (const char c : record.error) out += (c == '\n' || c == '\r') ? ' ' : c;
        out += "\n\n";
    }

private:
    const std::vector<std::string>& labels_;
};

class BreathesafeWriter : public RecordWriter {
public:
    explicit BreathesafeWriter(const std::vector<std::string>& labels) : labels_(labels) {}

    void labeled(const TitleRecord& record, const Prediction& prediction, std::string& out) override {
        const auto tokens = prediction.tokens;
        const auto labels = prediction.labels;
        begin(record, out);
        out += "\"tokens\":";
        append_tokens(out, record.title, tokens);
        out += ",\"breakdown\":[";
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            if (i > 0) out += ',';
            out += '{';
            json::append_string(out, tokens[i].text(record.title));
            out += ':';
            json::append_string(out, labels_[labels[i]]);
            out += '}';
        }
        out += "],\"components\":{";
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
        out += "},\"confidence\":";
        append_probability(out, prediction.confidence);
        out += "}\n";
    }

    void failed(const TitleRecord& record, std::string& out) override {
        begin(record, out);
        out += "\"tokens\":[],\"breakdown\":[],\"components\":{";
        for (std::size_t label = 0; label < labels_.size(); ++label) {
            if (label > 0) out += ',';
            json::append_string(out, labels_[label]);
            out += ":[]";
        }
        out += "},\"error\":";
        json::append_string(out, record.error);
        out += "}\n";
    }

private:
    static void begin(const TitleRecord& record, std::string& out) {
        out.assign("{\"mask_name\":");
        if (record.title.empty() && !record.error.empty())
            out += "null";
        else
            json::append_string(out, record.title);
        out += ',';
    }

    const std::vector<std::string>& labels_;
};

}  // namespace

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

std::unique_ptr<RecordWriter> make_writer(OutputFormat format, const std::vector<std::string>& label_names) {
    switch (format) {
        case OutputFormat::csv: return std::make_unique<CsvWriter>(label_names, ',');
        case OutputFormat::tsv: return std::make_unique<CsvWriter>(label_names, '\t');
        case OutputFormat::conll: return std::make_unique<ConllWriter>(label_names);
        case OutputFormat::breathesafe: return std::make_unique<BreathesafeWriter>(label_names);
        case OutputFormat::jsonl: break;
    }
    return std::make_unique<JsonlWriter>(label_names);
}

}  // namespace masktag
