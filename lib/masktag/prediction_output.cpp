#include "masktag/prediction_output.h"

#include <algorithm>

#include "masktag/json.h"

namespace masktag {
namespace {

bool is_output_member(std::string_view raw_key) {
    for (const std::string_view name : kOutputMembers)
        if (raw_key.size() == name.size() + 2 && raw_key.substr(1, name.size()) == name) return true;
    return false;
}

}  // namespace

bool JsonlFormatter::append_input(const TitleRecord& record, std::string& out) const {
    if (!record.object.valid()) {
        out += "\"title\":";
        json::append_string(out, record.title);
        return true;
    }
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

void JsonlFormatter::labeled(const TitleRecord& record, std::span<const Token> tokens,
                             std::span<const unsigned long> labels, std::string& out) {
    const std::string_view title = record.title;
    out.clear();
    out += '{';
    if (append_input(record, out)) out += ',';
    out += "\"tokens\":[";
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (i > 0) out += ',';
        json::append_string(out, tokens[i].text(title));
    }
    out += "],\"labels\":[";
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (i > 0) out += ',';
        json::append_string(out, label_names_[labels[i]]);
    }
    out += "],\"components\":{";
    written_.assign(label_names_.size(), false);
    bool first_component = true;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const unsigned long label = labels[i];
        if (written_[label]) continue;
        written_[label] = true;
        if (!first_component) out += ',';
        first_component = false;
        json::append_string(out, label_names_[label]);
        out += ":\"";
        // Each run of this label from token i on: its text as it stands in the title.
        const std::size_t value_start = out.size();
        for (std::size_t j = i; j < labels.size();) {
            if (labels[j] != label) {
                ++j;
                continue;
            }
            std::size_t end = j;
            while (end + 1 < labels.size() && labels[end + 1] == label) ++end;
            if (out.size() > value_start) out += ' ';
            json::append_escaped(out, title.substr(tokens[j].begin, tokens[end].end - tokens[j].begin));
            j = end + 1;
        }
        out += '"';
    }
    out += "}}\n";
}

void JsonlFormatter::failed(const TitleRecord& record, TitleFormat format, std::string& out) {
    out.clear();
    out += '{';
    if (record.object.valid() || format == TitleFormat::text) {
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

}  // namespace masktag
