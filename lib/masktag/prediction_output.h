// Formats one labeled title as a JSON line.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "masktag/title_reader.h"
#include "masktag/tokenizer.h"

namespace masktag {

// The members predict writes; members of these names in an input object are replaced.
inline constexpr std::string_view kOutputMembers[] = {"tokens", "labels", "components", "error"};

// Builds JSON output lines in a reused buffer.
class JsonlFormatter {
public:
    // Requires: `label_names` outlives this object.
    explicit JsonlFormatter(const std::vector<std::string>& label_names) : label_names_(label_names) {}

    // Requires: record.error is empty; labels[i] is the label index of tokens[i].
    // Ensures: `out` holds one line (with its '\n'): the input object's members (or
    // {"title": ...} for text input), then "tokens", "labels" and "components". A
    // component's value is the title's text from its first token to its last; separate
    // runs of one label are joined with a space; components are in order of appearance.
    void labeled(const TitleRecord& record, std::span<const Token> tokens, std::span<const unsigned long> labels,
                 std::string& out);

    // Ensures: `out` holds one line for a record that could not be labeled: the input
    // object's members where there is an object, else "title" for text input or "input"
    // (the raw line) for a line that is not a JSON object; then "error".
    void failed(const TitleRecord& record, TitleFormat format, std::string& out);

private:
    // Appends the input object's members, or the title, and returns whether any was written.
    bool append_input(const TitleRecord& record, std::string& out) const;

    const std::vector<std::string>& label_names_;
    std::vector<bool> written_;  // labels whose component is already written
};

}  // namespace masktag
