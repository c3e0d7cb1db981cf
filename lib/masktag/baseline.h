// The rule system the reference team considered as a fallback, to score beside models.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace masktag {

// Ensures: one label per token: "brand" for the first, "model" for the second, "size" for
// the last when it is a size word (is_size_word), "misc" for every other token. A size
// word at the end wins over "model" in a two-token title.
std::vector<std::string> baseline_labels(const std::vector<std::string_view>& tokens);

// Ensures: whether `token` is a size word: XXS ... XXL, S, M, L, Small, Medium, Large,
// Regular, Petite, Kids, Kid, Child, Youth, Adult, Toddler, or two of them joined by '/'
// (M/L, Medium/Large), in any letter case.
bool is_size_word(std::string_view token);

}  // namespace masktag
