#include "masktag/components.h"

#include <algorithm>
#include <optional>

namespace masktag {
namespace {

// True when title token i is not matched yet and equals `wanted`, a token of `value`,
// ignoring ASCII letter case: the one test every way of aligning makes.
bool free_and_equal(std::string_view title, std::span<const Token> tokens,
                    const std::vector<const std::string*>& assigned, std::size_t i, std::string_view value,
                    const Token& wanted) {
    return assigned[i] == nullptr && equals_ignoring_ascii_case(tokens[i].text(title), wanted.text(value));
}

// Matches the value's tokens, in order, to the earliest unassigned title tokens equal to
// them (runs with other tokens between them), and assigns them `label`; false, with
// nothing assigned, when some value token has no match.
bool match_in_runs(std::string_view title, std::span<const Token> tokens, std::string_view value,
                   const std::vector<Token>& value_tokens, const std::string* label,
                   std::vector<const std::string*>& assigned) {
    std::vector<std::size_t> matched;
    std::size_t next = 0;
    for (const Token& wanted : value_tokens) {
        while (next < tokens.size() && !free_and_equal(title, tokens, assigned, next, value, wanted)) ++next;
        if (next == tokens.size()) return false;
        matched.push_back(next++);
    }
    for (const std::size_t i : matched) assigned[i] = label;
    return true;
}

// The first attempt at aligning: every value's contiguous run, longer values first; then
// the values of several runs (see match_in_runs). Returns the index of the first value
// that found no place, or values.size() when all did.
std::size_t try_align(std::string_view title, std::span<const Token> tokens, std::span<const ComponentValue> values,
                      const std::vector<std::vector<Token>>& value_tokens, std::span<const std::size_t> order,
                      std::vector<const std::string*>& assigned) {
    std::fill(assigned.begin(), assigned.end(), nullptr);
    std::vector<bool> matched(values.size(), false);
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
                found = free_and_equal(title, tokens, assigned, start + k, value, value_tokens[v][k]);
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

// When the first attempt fails, a search over every placement: values in `order`, each
// tried at its contiguous runs, earliest first, then at its in-order matches of several
// runs, earliest first, backtracking when a later value finds no place. A value of several
// runs can need a token that an earlier choice took: the model "AOK-N95-8510 TC 84A-8027"
// of "AOK Tooling AOK-N95-8510 N95 NIOSH TC 84A-8027" matched first in runs takes the
// maker's "AOK", which the brand "AOK Tooling" needs. The search gives up after
// kMaxComparisons token comparisons (milliseconds), so a title of many equal tokens fails
// instead of running long. Recursion is one level per value; a value's tokens are matched
// with an explicit stack, so a value of thousands of tokens needs no deep stack.
class PlacementSearch {
public:
    PlacementSearch(std::string_view title, std::span<const Token> tokens, std::span<const ComponentValue> values,
                    const std::vector<std::vector<Token>>& value_tokens, std::span<const std::size_t> order,
                    std::vector<const std::string*>& assigned)
        : title_(title),
          tokens_(tokens),
          values_(values),
          value_tokens_(value_tokens),
          order_(order),
          assigned_(assigned) {}

    // True with every value placed in `assigned`; false with `deepest_failure()` and
    // `gave_up()` set.
    bool run() {
        std::fill(assigned_.begin(), assigned_.end(), nullptr);
        return place(0);
    }
    // The value that found no place with the most values placed before it.
    std::size_t deepest_failure() const { return failed_value_; }
    // True when the search stopped at its bound rather than running out of placements.
    bool gave_up() const { return comparisons_ >= kMaxComparisons; }

private:
    static constexpr std::size_t kMaxComparisons = 1'000'000;

    bool equals(std::size_t token, std::size_t v, std::size_t k) {
        ++comparisons_;
        return free_and_equal(title_, tokens_, assigned_, token, values_[v].value, value_tokens_[v][k]);
    }

    bool place(std::size_t depth) {
        if (depth == order_.size()) return true;
        const std::size_t v = order_[depth];
        const std::size_t m = value_tokens_[v].size();
        if (m == 0) return place(depth + 1);
        std::vector<std::size_t> picks;
        for (std::size_t start = 0; start + m <= tokens_.size() && !gave_up(); ++start) {
            picks.clear();
            for (std::size_t k = 0; k < m && equals(start + k, v, k); ++k) picks.push_back(start + k);
            if (picks.size() == m && try_picks(depth, v, picks)) return true;
        }
        if (place_in_runs(depth, v)) return true;
        if (depth >= failed_depth_) {
            failed_depth_ = depth;
            failed_value_ = v;
        }
        return false;
    }

    // Tries every in-order match of value v's tokens that is not contiguous (those were
    // tried already), earliest first: picks holds the title tokens matched so far; the next
    // value token is sought from `from` on; when none is left, the last pick moves on.
    bool place_in_runs(std::size_t depth, std::size_t v) {
        const std::size_t m = value_tokens_[v].size();
        std::vector<std::size_t> picks;
        std::size_t from = 0;
        while (!gave_up()) {
            if (picks.size() == m) {
                if (!contiguous(picks) && try_picks(depth, v, picks)) return true;
            } else {
                std::size_t i = from;
                while (i < tokens_.size() && !equals(i, v, picks.size()) && !gave_up()) ++i;
                if (i < tokens_.size() && !gave_up()) {
                    picks.push_back(i);
                    from = i + 1;
                    continue;
                }
            }
            if (picks.empty()) return false;
            from = picks.back() + 1;
            picks.pop_back();
        }
        return false;
    }

    static bool contiguous(const std::vector<std::size_t>& picks) {
        return picks.back() - picks.front() + 1 == picks.size();
    }

    bool try_picks(std::size_t depth, std::size_t v, const std::vector<std::size_t>& picks) {
        for (const std::size_t i : picks) assigned_[i] = &values_[v].label;
        if (place(depth + 1)) return true;
        for (const std::size_t i : picks) assigned_[i] = nullptr;
        return false;
    }

    std::string_view title_;
    std::span<const Token> tokens_;
    std::span<const ComponentValue> values_;
    const std::vector<std::vector<Token>>& value_tokens_;
    std::span<const std::size_t> order_;
    std::vector<const std::string*>& assigned_;
    std::size_t comparisons_ = 0;
    std::size_t failed_depth_ = 0;
    std::size_t failed_value_ = 0;
};

// The first value, in `order`, that has no place in the title even alone: no placement of
// all of them can fit then, and the search need not run.
std::optional<std::size_t> value_not_in_title(std::string_view title, std::span<const Token> tokens,
                                              std::span<const ComponentValue> values,
                                              const std::vector<std::vector<Token>>& value_tokens,
                                              std::span<const std::size_t> order) {
    std::vector<const std::string*> alone(tokens.size());
    for (const std::size_t v : order) {
        std::fill(alone.begin(), alone.end(), nullptr);
        if (!match_in_runs(title, tokens, values[v].value, value_tokens[v], &values[v].label, alone)) return v;
    }
    return std::nullopt;
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
    if (try_align(title, tokens, values, value_tokens, order, assigned) != values.size()) {
        if (const auto missing = value_not_in_title(title, tokens, values, value_tokens, order)) {
            failure = {*missing, false};
            return false;
        }
        PlacementSearch search(title, tokens, values, value_tokens, order, assigned);
        if (!search.run()) {
            failure = {search.deepest_failure(), search.gave_up()};
            return false;
        }
    }
    labels.clear();
    for (const std::string* label : assigned) labels.push_back(label != nullptr ? *label : other_label);
    return true;
}

}  // namespace masktag
