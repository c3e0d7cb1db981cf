#include "masktag/baseline.h"

#include "masktag/tokenizer.h"

namespace masktag {
namespace {

constexpr std::string_view kSizeWords[] = {"xxs",  "xs",    "s",      "m",     "l",       "xl",
                                           "xxl",  "small", "medium", "large", "regular", "petite",
                                           "kids", "kid",   "child",  "youth", "adult",   "toddler"};

bool is_one_size_word(std::string_view word) {
    for (const std::string_view size : kSizeWords)
        if (equals_ignoring_ascii_case(word, size)) return true;
    return false;
}

}  // namespace

bool is_size_word(std::string_view token) {
    const std::size_t slash = token.find('/');
    if (slash == std::string_view::npos) return is_one_size_word(token);
    return is_one_size_word(token.substr(0, slash)) && is_size_word(token.substr(slash + 1));
}

std::vector<std::string> baseline_labels(const std::vector<std::string_view>& tokens) {
    std::vector<std::string> labels(tokens.size(), "misc");
    if (!tokens.empty()) labels[0] = "brand";
    if (tokens.size() > 1) labels[1] = "model";
    if (tokens.size() > 1 && is_size_word(tokens.back())) labels.back() = "size";
    return labels;
}

}  // namespace masktag
