// Checks against the real annotated data of the system masktag replaces. The data lives
// next to the checkout (../shared/data/breathesafe) and is never copied into the repo;
// where it is absent these tests say so and check nothing.
#include <catch2/catch.hpp>

#include <iostream>

#include "masktag/cross_validation.h"
#include "masktag/default_model.h"
#include "masktag/evaluation.h"
#include "masktag/predictor.h"
#include "masktag/trainer.h"
#include "test_support.h"

using namespace masktag;

namespace {

// What `masktag train` uses without options: every group, the built-in lexicon.
TrainOptions default_options() {
    TrainOptions options;
    options.lexicon = load_default_model().lexicon;
    return options;
}

}  // namespace

TEST_CASE("default options reach 0.90 on the reference split (reference CRF 0.877 on 318 test tokens)") {
    if (!test::have_reference_data()) {
        WARN("skipped: reference data not found at " << test::reference_dir());
        return;
    }
    std::vector<std::string> warnings;
    const auto train_records = test::read_records(test::reference_dir() + "/train.json", &warnings);
    const auto test_records = test::read_records(test::reference_dir() + "/test.json", &warnings);
    REQUIRE(train_records.size() == 236);
    REQUIRE(test_records.size() == 60);
    CHECK(warnings.empty());

    const Model model = train(train_records, default_options());
    Predictor predictor(model);
    Scorer scorer;
    std::vector<unsigned long> labels;
    std::vector<std::string> names;
    for (const auto& r : test_records) {
        predictor.predict(r.title, r.tokens, labels);
        names.clear();
        for (auto l : labels) names.push_back(model.labels[l]);
        scorer.add(r.labels, names);
    }
    CHECK(scorer.result().tokens == 318);
    CHECK(scorer.result().token_accuracy() >= 0.90);
}

TEST_CASE("default options reach 0.92 pooled over the reference folds5.json (reference CRF 0.883)") {
    if (!test::have_reference_data()) {
        WARN("skipped: reference data not found at " << test::reference_dir());
        return;
    }
    const auto records = test::read_records(test::reference_dir() + "/training_data.json");
    const Folds folds = read_folds(test::reference_dir() + "/folds5.json", records);
    REQUIRE(folds.test_positions.size() == 5);
    const CrossValidation cv = cross_validate(records, folds, default_options(), 2);
    CHECK(cv.pooled.tokens == 1518);
    CHECK(cv.pooled.token_accuracy() >= 0.92);
}

// The data's README says "positions 117 and 294"; the records with mask ids 118 and 595
// stand at 0-based positions 116 and 263 (the positions folds5.json leaves out).
TEST_CASE("all 298 reference records are read, and the two with fewer breakdown entries are skipped") {
    if (!test::have_reference_data()) {
        WARN("skipped: reference data not found at " << test::reference_dir());
        return;
    }
    std::vector<std::string> warnings;
    const auto records = test::read_records(test::reference_dir() + "/training_data.json", &warnings);
    CHECK(records.size() == 296);
    REQUIRE(warnings.size() == 2);
    CHECK_THAT(warnings[0], Catch::Contains("array position 116") && Catch::Contains("\"Primacare\""));
    CHECK_THAT(warnings[1], Catch::Contains("array position 263") && Catch::Contains("\"Headstraps\""));
}

// A guard on the built-in model on names it never saw (issue 14's numbers are printed by
// scripts/bench_default_model.sh): the previous release scored 0.8946 with calibration
// error 0.081 here.
TEST_CASE("the built-in model scores at least 0.91 on the reference titles it never saw and is calibrated") {
    if (!test::have_reference_data()) {
        WARN("skipped: reference data not found at " << test::reference_dir());
        return;
    }
    const auto records = test::read_records(test::reference_dir() + "/training_data.json");
    REQUIRE(records.size() == 296);
    const Model model = load_default_model();
    Predictor predictor(model);
    Scorer scorer;
    std::vector<unsigned long> labels;
    std::vector<double> marginals, best;
    for (const auto& r : records) {
        predictor.predict(r.title, r.tokens, labels);
        predictor.confidence(labels, marginals, best);
        std::vector<std::string> names;
        for (auto l : labels) names.push_back(model.labels[l]);
        scorer.add(r.labels, names, best);
    }
    CHECK(scorer.result().token_accuracy() >= 0.91);
    CHECK(scorer.result().calibration.expected_calibration_error() <= 0.05);
}
