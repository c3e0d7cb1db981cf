#include <catch2/catch.hpp>

#include "masktag/evaluation.h"
#include "masktag/json.h"

using namespace masktag;
using S = std::vector<std::string>;

TEST_CASE("scores count tokens, titles and per-label precision and recall") {
    Scorer scorer;
    scorer.add(S{"brand", "model", "size"}, S{"brand", "model", "size"});
    scorer.add(S{"brand", "model", "misc"}, S{"brand", "brand", "misc"});
    const Evaluation& e = scorer.result();
    CHECK(e.tokens == 6);
    CHECK(e.tokens_correct == 5);
    CHECK(e.token_accuracy() == Approx(5.0 / 6));
    CHECK(e.titles == 2);
    CHECK(e.titles_correct == 1);
    REQUIRE(e.labels.size() == 4);
    const LabelScore& brand = e.labels[0];
    CHECK(brand.label == "brand");
    CHECK(brand.precision() == Approx(2.0 / 3));
    CHECK(brand.recall() == 1.0);
    CHECK(brand.support() == 2);
    const LabelScore& model = e.labels[2];
    CHECK(model.label == "model");
    CHECK(model.precision() == 1.0);
    CHECK(model.recall() == 0.5);
    CHECK(model.f1() == Approx(2.0 / 3));
}

TEST_CASE("a label never predicted or never present scores 0, not NaN") {
    Scorer scorer;
    scorer.add(S{"color"}, S{"misc"});
    const Evaluation& e = scorer.result();
    CHECK(e.labels[0].precision() == 0.0);
    CHECK(e.labels[0].f1() == 0.0);
    CHECK(e.labels[1].recall() == 0.0);
    CHECK(Evaluation{}.token_accuracy() == 0.0);
}

TEST_CASE("reports: text and JSON carry the same numbers") {
    Scorer scorer;
    scorer.add(S{"brand", "model"}, S{"brand", "size"});
    const std::string text = format_report(scorer.result());
    CHECK_THAT(text, Catch::Contains("token accuracy  0.5000  (1 of 2 tokens)"));
    CHECK_THAT(text, Catch::Contains("title accuracy  0.0000  (0 of 1 titles entirely right)"));
    const std::string json_text = format_json(scorer.result());
    json::Document doc;
    json::ParseError error;
    REQUIRE(doc.parse(json_text, error));
    CHECK(doc.root().member("token_accuracy").raw() == "0.500000");
    CHECK(doc.root().member("tokens").raw() == "2");
    const json::Value size = doc.root().member("labels").member("size");
    CHECK(size.member("precision").raw() == "0.000000");
    CHECK(size.member("predicted").raw() == "1");
}

TEST_CASE("component scores count exact spans with their label, as seqeval does") {
    Scorer scorer;
    // gold: [3M] [Aura 9205+] [N95]; predicted: [3M] [Aura] [9205+ N95] -> 1 right of 3 each way
    scorer.add(S{"brand", "model", "model", "filter_type"}, S{"brand", "model", "filter_type", "filter_type"});
    const Evaluation& e = scorer.result();
    CHECK(e.components_overall.true_positives == 1);
    CHECK(e.components_overall.false_negatives == 2);
    CHECK(e.components_overall.false_positives == 2);
    REQUIRE(e.components.size() == 3);
    CHECK(e.components[0].label == "brand");
    CHECK(e.components[0].f1() == 1.0);
    CHECK(e.components[2].label == "model");
    CHECK(e.components[2].true_positives == 0);
    CHECK(e.components[2].false_positives == 1);
    CHECK(e.components[2].false_negatives == 1);
    // A run split in two by another label is two components.
    Scorer split;
    split.add(S{"size", "misc", "size"}, S{"size", "misc", "size"});
    CHECK(split.result().components_overall.true_positives == 3);
}

TEST_CASE("the confusion matrix counts gold against predicted, in text and JSON") {
    Scorer scorer;
    scorer.add(S{"brand", "model", "model"}, S{"brand", "brand", "model"});
    const Evaluation& e = scorer.result();
    CHECK(e.confusion.at({"model", "brand"}) == 1);
    CHECK(e.confusion.at({"model", "model"}) == 1);
    CHECK(e.confusion.at({"brand", "brand"}) == 1);
    CHECK_THAT(format_report(e), Catch::Contains("confusion (rows: gold, columns: predicted)"));
    const std::string text = format_json(e);
    json::Document doc;
    json::ParseError error;
    REQUIRE(doc.parse(text, error));
    CHECK(doc.root().member("confusion").member("model").member("brand").raw() == "1");
    CHECK(doc.root().member("components").member("all").member("support").raw() == "2");
}
