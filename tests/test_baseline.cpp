#include <catch2/catch.hpp>

#include "masktag/baseline.h"

using namespace masktag;
using S = std::vector<std::string>;
using V = std::vector<std::string_view>;

TEST_CASE("baseline: brand first, model second, size last when a size word, misc elsewhere") {
    CHECK(baseline_labels(V{"3M", "Aura", "9205+", "N95"}) == S{"brand", "model", "misc", "misc"});
    CHECK(baseline_labels(V{"Canada", "Masq", "Q100", "XS"}) == S{"brand", "model", "misc", "size"});
    CHECK(baseline_labels(V{"Trident", "S"}) == S{"brand", "size"});
    CHECK(baseline_labels(V{"Envo"}) == S{"brand"});
    CHECK(baseline_labels(V{}).empty());
}

TEST_CASE("size words, alone or joined by a slash, in any case") {
    for (const char* word : {"XS", "s", "Medium", "LARGE", "Regular", "Kids", "M/L", "Medium/Large", "s/m"})
        CHECK(is_size_word(word));
    for (const char* word : {"N95", "Mask", "Med/High", "M/", "/L", "2-6", ""}) CHECK_FALSE(is_size_word(word));
}
