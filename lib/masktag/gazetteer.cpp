#include "masktag/gazetteer.h"

#include <fstream>

#include <fmt/format.h>

#include "masktag/error.h"
#include "masktag/tokenizer.h"

namespace masktag {
namespace {

std::string_view trimmed(std::string_view s) {
    const std::size_t begin = s.find_first_not_of(" \t\r");
    if (begin == std::string_view::npos) return {};
    return s.substr(begin, s.find_last_not_of(" \t\r") + 1 - begin);
}

}  // namespace

std::vector<LabeledRecord> read_gazetteer(const std::string& path, std::string_view label) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(fmt::format("cannot read gazetteer {}: no such file, or not readable", path));
    std::vector<LabeledRecord> records;
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
        const std::string_view name = trimmed(line);
        if (name.empty() || name.front() == '#') continue;
        if (find_invalid_utf8(name) != name.size())
            throw Error(fmt::format("{}:{}: the name is not valid UTF-8; save the file as UTF-8", path, number));
        LabeledRecord record;
        record.title = std::string(name);
        tokenize(record.title, record.tokens);
        if (record.tokens.empty()) continue;  // separators only: nothing to look up
        record.labels.assign(record.tokens.size(), std::string(label));
        record.source = fmt::format("{}:{}", path, number);
        record.position = records.size();
        records.push_back(std::move(record));
    }
    if (in.bad()) throw Error(fmt::format("cannot read gazetteer {}: read error", path));
    return records;
}

bool names_a_run_of(const LabeledRecord& record, std::string_view label, std::span<const LabeledRecord* const> titles) {
    for (const std::string& l : record.labels)
        if (l != label) return false;
    const std::size_t n = record.tokens.size();
    for (const LabeledRecord* title : titles) {
        const std::size_t m = title->tokens.size();
        for (std::size_t begin = 0; begin + n <= m; ++begin) {
            // A whole run: label `label` from begin to begin + n, and not beyond either end.
            bool match = (begin == 0 || title->labels[begin - 1] != label) &&
                         (begin + n == m || title->labels[begin + n] != label);
            for (std::size_t k = 0; match && k < n; ++k)
                match = title->labels[begin + k] == label &&
                        equals_ignoring_ascii_case(record.tokens[k].text(record.title),
                                                   title->tokens[begin + k].text(title->title));
            if (match) return true;
        }
    }
    return false;
}

}  // namespace masktag
