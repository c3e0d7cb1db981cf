#include <catch2/catch.hpp>

#include "masktag/comparison.h"
#include "masktag/json.h"

using namespace masktag;
using S = std::vector<std::string>;

namespace {

// Two models' scores on the same 2 titles (5 tokens): A gets 4 right, B 3.
ScoredModel model_a() {
    Scorer scorer;
    scorer.add(S{"brand", "model", "size"}, S{"brand", "model", "size"});
    scorer.add(S{"brand", "misc"}, S{"brand", "model"});
    return {"cand.model", "00112233445566778899aabbccddeeff", scorer.result()};
}

ScoredModel model_b() {
    Scorer scorer;
    scorer.add(S{"brand", "model", "size"}, S{"brand", "brand", "size"});
    scorer.add(S{"brand", "misc"}, S{"brand", "model"});
    return {"current.model", "ffeeddccbbaa99887766554433221100", scorer.result()};
}

json::Value parse(json::Document& doc, const std::string& text) {
    json::ParseError error;
    REQUIRE(doc.parse(text, error));
    return doc.root();
}

}  // namespace

TEST_CASE("token accuracy difference is exact from the counts") {
    CHECK(token_accuracy_difference(model_a().evaluation, model_b().evaluation) == 1.0 / 5);
    CHECK(token_accuracy_difference(model_b().evaluation, model_a().evaluation) == -1.0 / 5);
    CHECK(token_accuracy_difference(model_a().evaluation, model_a().evaluation) == 0.0);
    CHECK(token_accuracy_difference(Evaluation{}, Evaluation{}) == 0.0);
}

TEST_CASE("text comparison names both models and puts their scores side by side") {
    const std::string text = format_comparison(model_a(), model_b());
    CHECK_THAT(text, Catch::StartsWith("model A: cand.model (md5 00112233445566778899aabbccddeeff)\n"
                                       "model B: current.model (md5 ffeeddccbbaa99887766554433221100)\n"
                                       "scored on the same 2 titles (5 tokens); A - B is the difference\n"));
    CHECK_THAT(text, Catch::Contains("token accuracy       0.8000    0.6000   +0.2000\n"));
    CHECK_THAT(text, Catch::Contains("  tokens correct          4         3        +1\n"));
    CHECK_THAT(text, Catch::Contains("title accuracy       0.5000    0.0000   +0.5000\n"));
    CHECK_THAT(text, Catch::Contains("  titles correct          1         0        +1\n"));
    // B never predicts model right: its model F1 is 0; A's is 2/3.
    CHECK_THAT(text, Catch::Contains("  model              0.6667    0.0000   +0.6667\n"));
    // No confidences were given: no calibration row rather than a made-up 0.
    CHECK_THAT(text, !Catch::Contains("calibration"));
}

TEST_CASE("text comparison of the reverse order shows negative differences") {
    const std::string text = format_comparison(model_b(), model_a());
    CHECK_THAT(text, Catch::Contains("token accuracy       0.6000    0.8000   -0.2000\n"));
    CHECK_THAT(text, Catch::Contains("  tokens correct          3         4        -1\n"));
}

TEST_CASE("JSON comparison carries both reports and the differences") {
    const std::string text = format_comparison_json(model_a(), model_b());  // outlives doc
    json::Document doc;
    const json::Value root = parse(doc, text);
    CHECK(root.member("titles").raw() == "2");
    CHECK(root.member("tokens").raw() == "5");
    const json::Value models = root.member("models");
    CHECK(models.first().member("model").raw() == "\"cand.model\"");
    CHECK(models.first().member("md5").raw() == "\"00112233445566778899aabbccddeeff\"");
    CHECK(models.first().member("report").member("tokens_correct").raw() == "4");
    CHECK(models.first().next().member("model").raw() == "\"current.model\"");
    CHECK(models.first().next().member("report").member("token_accuracy").raw() == "0.600000");
    const json::Value difference = root.member("difference");
    CHECK(difference.member("token_accuracy").raw() == "0.200000");
    CHECK(difference.member("tokens_correct").raw() == "1");
    CHECK(difference.member("titles_correct").raw() == "1");
    CHECK(difference.member("expected_calibration_error").raw() == "null");
    CHECK(difference.member("labels").member("model").raw() == "0.666667");
    CHECK(difference.member("labels").member("brand").valid());
}

TEST_CASE("JSON comparison of the reverse order has negative counts") {
    const std::string text = format_comparison_json(model_b(), model_a());
    json::Document doc;
    const json::Value difference = parse(doc, text).member("difference");
    CHECK(difference.member("tokens_correct").raw() == "-1");
    CHECK(difference.member("token_accuracy").raw() == "-0.200000");
}
