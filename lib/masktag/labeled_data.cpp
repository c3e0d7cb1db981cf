#include "masktag/labeled_data.h"

#include <fmt/format.h>

#include "masktag/error.h"
#include "masktag/io.h"
#include "masktag/json.h"

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

// Explains why one record is skipped; the reader turns it into a warning.
struct Skip {
    std::string why;
};

// Reads the labels of `record` (a JSON object) into `out`, or throws Skip.
void read_record(json::Value record, bool title_may_be_named_title, LabeledRecord& out) {
    if (record.kind() != json::Kind::object) throw Skip{"not a JSON object"};
    json::Value title = title_may_be_named_title ? record.member("title") : json::Value();
    if (!title.valid()) title = record.member("mask_name");
    if (!title.valid()) throw Skip{title_may_be_named_title ? "no \"title\" field" : "no \"mask_name\" field"};
    if (!title.decode_string(out.title)) throw Skip{"the title is not a JSON string (or has a lone \\u surrogate)"};
    const std::size_t bad = find_invalid_utf8(out.title);
    if (bad != out.title.size()) throw Skip{fmt::format("the title is not valid UTF-8 (byte {})", bad + 1)};
    tokenize(out.title, out.tokens);
    if (out.tokens.empty()) throw Skip{"the title has no tokens"};

    std::vector<std::string> title_tokens;
    for (const Token& t : out.tokens) title_tokens.emplace_back(t.text(out.title));

    out.labels.clear();
    const json::Value labels = record.member("labels");
    const json::Value breakdown = record.member("breakdown");
    if (labels.valid()) {
        if (labels.kind() != json::Kind::array) throw Skip{"\"labels\" is not an array"};
        std::string label;
        for (json::Value v = labels.first(); v.valid(); v = v.next()) {
            if (!v.decode_string(label) || label.empty()) throw Skip{"a label is not a non-empty string: " + std::string(v.raw())};
            out.labels.push_back(label);
        }
        if (out.labels.size() != title_tokens.size())
            throw Skip{fmt::format("{} tokens but {} labels\n  tokens: {}\n  labels: {}", title_tokens.size(),
                                   out.labels.size(), quoted_list(title_tokens), quoted_list(out.labels))};
        return;
    }
    if (!breakdown.valid()) throw Skip{"no \"labels\" or \"breakdown\" field"};
    if (breakdown.kind() != json::Kind::array) throw Skip{"\"breakdown\" is not an array"};
    std::vector<std::string> breakdown_tokens;
    std::string token, label;
    for (json::Value entry = breakdown.first(); entry.valid(); entry = entry.next()) {
        const json::Value key = entry.kind() == json::Kind::object ? entry.first() : json::Value();
        if (!key.valid() || key.next().next().valid())
            throw Skip{"a breakdown entry is not a {\"<token>\": \"<label>\"} object: " + std::string(entry.raw())};
        if (!key.decode_string(token) || !key.next().decode_string(label) || label.empty())
            throw Skip{"a breakdown label is not a non-empty string: " + std::string(entry.raw())};
        breakdown_tokens.push_back(token);
        out.labels.push_back(label);
    }
    if (breakdown_tokens != title_tokens)
        throw Skip{fmt::format("the breakdown's tokens do not match the title's ({} vs {})\n  title tokens:     {}\n  breakdown tokens: {}",
                               title_tokens.size(), breakdown_tokens.size(), quoted_list(title_tokens),
                               quoted_list(breakdown_tokens))};
}

LabeledFormat detect_format(const std::string& data, const std::string& name) {
    std::size_t i = data.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
    while (i < data.size() && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n')) ++i;
    if (i == data.size()) return LabeledFormat::jsonl;  // empty: no records either way
    if (data[i] == '[') return LabeledFormat::breathesafe;
    if (data[i] == '{') return LabeledFormat::jsonl;
    throw Error("cannot detect the format: expected a JSON array (breathesafe) or JSON lines; use --format", name);
}

std::string_view without_bom(const std::string& data) {
    std::string_view view(data);
    if (view.substr(0, 3) == "\xEF\xBB\xBF") view.remove_prefix(3);
    return view;
}

LabeledReadResult read_array(const std::string& data, const std::string& name, std::vector<LabeledRecord>& records,
                             const WarningSink& warn, std::size_t first_position) {
    const std::string_view text = without_bom(data);
    json::Document doc;
    json::ParseError error;
    if (!doc.parse(text, error)) {
        const auto lc = json::line_column(text, error.offset);
        throw Error("malformed JSON: " + error.message, fmt::format("{}:{}:{}", name, lc.line, lc.column));
    }
    if (doc.root().kind() != json::Kind::array) throw Error("expected a JSON array of records", name);
    LabeledReadResult result;
    std::size_t position = 0;
    std::size_t line = 1, counted_to = 0;  // lines counted incrementally: records come in order
    for (json::Value v = doc.root().first(); v.valid(); v = v.next(), ++position) {
        for (; counted_to < v.offset(); ++counted_to) line += text[counted_to] == '\n';
        LabeledRecord record;
        record.source = fmt::format("{}:{}, array position {}", name, line, position);
        record.position = first_position + position;
        try {
            read_record(v, false, record);
            records.push_back(std::move(record));
            ++result.used;
        } catch (const Skip& skip) {
            warn(fmt::format("skipped record: {} ({})", skip.why, record.source));
            ++result.skipped;
        }
    }
    return result;
}

LabeledReadResult read_lines(const std::string& data, const std::string& name, std::vector<LabeledRecord>& records,
                             const WarningSink& warn, std::size_t first_position) {
    const std::string_view text = without_bom(data);
    LabeledReadResult result;
    json::Document doc;
    json::ParseError error;
    std::size_t line_number = 0;
    for (std::size_t start = 0; start < text.size();) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        start = end + 1;
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos) continue;  // blank lines hold no record
        LabeledRecord record;
        record.source = fmt::format("{}:{}", name, line_number);
        record.position = first_position + result.used + result.skipped;
        try {
            if (line.size() > kMaxLineBytes) throw Skip{fmt::format("line longer than {} bytes", kMaxLineBytes)};
            if (!doc.parse(line, error))
                throw Skip{fmt::format("malformed JSON at column {}: {}", error.offset + 1, error.message)};
            read_record(doc.root(), true, record);
            records.push_back(std::move(record));
            ++result.used;
        } catch (const Skip& skip) {
            warn(fmt::format("skipped record: {} ({})", skip.why, record.source));
            ++result.skipped;
        }
    }
    return result;
}

}  // namespace

LabeledFormat parse_labeled_format(const std::string& name) {
    if (name == "auto") return LabeledFormat::detect;
    if (name == "breathesafe") return LabeledFormat::breathesafe;
    if (name == "jsonl") return LabeledFormat::jsonl;
    throw Error("unknown labeled format '" + name + "' (known: auto, breathesafe, jsonl)");
}

LabeledReadResult read_labeled(const std::string& path, LabeledFormat format, std::vector<LabeledRecord>& records,
                               const WarningSink& warn, std::size_t first_position) {
    const std::string data = read_whole_file(path);
    const std::string name = input_name(path);
    if (format == LabeledFormat::detect) format = detect_format(data, name);
    return format == LabeledFormat::breathesafe ? read_array(data, name, records, warn, first_position)
                                                : read_lines(data, name, records, warn, first_position);
}

}  // namespace masktag
