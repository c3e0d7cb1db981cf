// Helpers shared by the unit tests.
#pragma once

#include <filesystem>
#include <unistd.h>
#include <string>
#include <vector>

#include "masktag/labeled_data.h"
#include "masktag/model.h"
#include "masktag/predictor.h"

namespace masktag::test {

inline std::string source_path(const std::string& relative) { return std::string(MASKTAG_SOURCE_DIR) + "/" + relative; }

// The reference data, next to the checkout; absent on machines without ../shared.
inline std::string reference_dir() { return source_path("../shared/data/breathesafe"); }
inline bool have_reference_data() { return std::filesystem::exists(reference_dir() + "/train.json"); }

inline std::vector<LabeledRecord> read_records(const std::string& path, std::vector<std::string>* warnings = nullptr) {
    std::vector<LabeledRecord> records;
    read_labeled(path, LabeledInputOptions{}, records, [&](const std::string& m) {
        if (warnings) warnings->push_back(m);
    });
    return records;
}

// The 30 titles of tests/fixtures/small.jsonl, read once.
inline const std::vector<LabeledRecord>& small_records() {
    static const auto records = read_records(source_path("tests/fixtures/small.jsonl"));
    return records;
}

// Ensures: the label names `model` predicts for `title`.
inline std::vector<std::string> predict_names(const Model& model, const std::string& title) {
    Predictor predictor(model);
    std::vector<Token> tokens;
    tokenize(title, tokens);
    std::vector<unsigned long> labels;
    predictor.predict(title, tokens, labels);
    std::vector<std::string> names;
    for (const unsigned long l : labels) names.push_back(model.labels[l]);
    return names;
}

// A file under the system temp directory, removed when the object goes away.
class TempFile {
public:
    explicit TempFile(const std::string& name)
        : path_((std::filesystem::temp_directory_path() / ("masktag_test_" + std::to_string(::getpid()) + "_" + name))
                    .string()) {}
    ~TempFile() { std::filesystem::remove(path_); }
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

}  // namespace masktag::test
