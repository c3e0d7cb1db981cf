#include "masktag/components.h"

#include <algorithm>

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

// One attempt at aligning: the values marked in `runs_first` are matched in runs (see
// match_in_runs) before any contiguous run is sought; then every other value's contiguous
// run, longer values first; then the other values of several runs. Returns the index of
// the first value that found no place, or values.size() when all did.
std::size_t try_align(std::string_view title, std::span<const Token> tokens, std::span<const ComponentValue> values,
                      const std::vector<std::vector<Token>>& value_tokens, std::span<const std::size_t> order,
                      const std::vector<bool>& runs_first, std::vector<const std::string*>& assigned) {
    std::fill(assigned.begin(), assigned.end(), nullptr);
    std::vector<bool> matched(values.size(), false);
    for (const std::size_t v : order) {
        if (!runs_first[v]) continue;
        if (!match_in_runs(title, tokens, values[v].value, value_tokens[v], &values[v].label, assigned)) return v;
        matched[v] = true;
    }
    for (const std::size_t v : order) {
        const std::string_view value = values[v].value;
        const std::size_t m = value_tokens[v].size();
        if (m == 0) {
            matched[v] = true;  // no tokens: nothing to label
            continue;
        }
        for (std::size_t start = 0; !matched[v] && start + m <= tokens.size(); ++start) {
            bool found = true;
            for (std::size_t k = 0; found && k < m; ++k)
                found = assigned[start + k] == nullptr &&
                        equals_ignoring_ascii_case(tokens[start + k].text(title), value_tokens[v][k].text(value));
            if (!found) continue;
            for (std::size_t k = 0; k < m; ++k) assigned[start + k] = &values[v].label;
            matched[v] = true;
        }
    }
    for (const std::size_t v : order) {
        if (matched[v]) continue;
        if (!match_in_runs(title, tokens, values[v].value, value_tokens[v], &values[v].label, assigned)) return v;
    }
    return values.size();
}

}  // namespace

bool align_components(std::string_view title, std::span<const Token> tokens, std::span<const ComponentValue> values,
                      const std::string& other_label, std::vector<std::string>& labels, AlignmentFailure& failure) {
    std::vector<const std::string*> assigned(tokens.size(), nullptr);
    std::vector<std::vector<Token>> value_tokens(values.size());
    for (std::size_t v = 0; v < values.size(); ++v) tokenize(values[v].value, value_tokens[v]);
    // Longer values first (in the given order among equals): a short value matched first
    // could take a token inside a longer one ("N95" inside the model "KF-N95-C"), which
    // would then match nowhere, or elsewhere than it stands.
    std::vector<std::size_t> order(values.size());
    for (std::size_t v = 0; v < order.size(); ++v) order[v] = v;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return value_tokens[a].size() > value_tokens[b].size(); });
    // A value of several runs can find a token it needs taken by a shorter value's run that
    // had another place to go: the model "16-N95-MD TC 84A-5595" and the filter_type "N95"
    // of "16-N95-MD N95 NIOSH TC 84A-5595". Such a value is then placed first, and the
    // alignment tried again: at most once for each value.
    std::vector<bool> runs_first(values.size(), false);
    for (;;) {
        const std::size_t failed = try_align(title, tokens, values, value_tokens, order, runs_first, assigned);
        if (failed == values.size()) break;
        if (runs_first[failed]) {
            failure.value_index = failed;
            return false;
        }
        runs_first[failed] = true;
    }
    labels.clear();
    for (const std::string* label : assigned) labels.push_back(label != nullptr ? *label : other_label);
    return true;
}

}  // namespace masktag
