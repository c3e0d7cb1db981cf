#include "masktag/components.h"

namespace masktag {
namespace {

// Matches the value's tokens, in order, to the earliest unassigned title tokens equal to
// them (runs with other tokens between them), and assigns them `label`; false, with
// nothing assigned, when some value token has no match.
bool match_in_runs(std::string_view title, std::span<const Token> tokens, std::string_view value,
                   const std::vector<Token>& value_tokens, const std::string* label,
                   std::vector<const std::string*>& assigned) {
    std::vector<std::size_t> matched;
    std::size_t next = 0;
    for (const Token& wanted : value_tokens) {
        while (next < tokens.size() &&
               (assigned[next] != nullptr || !equals_ignoring_ascii_case(tokens[next].text(title), wanted.text(value))))
            ++next;
        if (next == tokens.size()) return false;
        matched.push_back(next++);
    }
    for (const std::size_t i : matched) assigned[i] = label;
    return true;
}

}  // namespace

bool align_components(std::string_view title, std::span<const Token> tokens, std::span<const ComponentValue> values,
                      const std::string& other_label, std::vector<std::string>& labels, AlignmentFailure& failure) {
    std::vector<const std::string*> assigned(tokens.size(), nullptr);
    std::vector<Token> value_tokens;
    for (std::size_t v = 0; v < values.size(); ++v) {
        const std::string_view value = values[v].value;
        tokenize(value, value_tokens);
        if (value_tokens.empty()) continue;
        const std::size_t m = value_tokens.size();
        bool found = false;
        for (std::size_t start = 0; !found && start + m <= tokens.size(); ++start) {
            found = true;
            for (std::size_t k = 0; found && k < m; ++k)
                found = assigned[start + k] == nullptr &&
                        equals_ignoring_ascii_case(tokens[start + k].text(title), value_tokens[k].text(value));
            if (found)
                for (std::size_t k = 0; k < m; ++k) assigned[start + k] = &values[v].label;
        }
        if (!found) found = match_in_runs(title, tokens, value, value_tokens, &values[v].label, assigned);
        if (!found) {
            failure.value_index = v;
            return false;
        }
    }
    labels.clear();
    for (const std::string* label : assigned) labels.push_back(label != nullptr ? *label : other_label);
    return true;
}

}  // namespace masktag
