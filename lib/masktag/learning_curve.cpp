#include "masktag/learning_curve.h"

namespace masktag {

std::vector<LearningPoint> learning_curve(const std::vector<LabeledRecord>& records, const Folds& folds,
                                          const TrainOptions& options, unsigned parallel_folds, std::uint64_t seed,
                                          const CrossValidation& full, const FoldProgress& progress) {
    constexpr unsigned kSteps = 10;
    const std::size_t k = folds.test_positions.size();
    std::vector<LearningPoint> points;
    // Extracted once for every share: a share only picks the rows that train.
    const std::shared_ptr<const ExtractedFeatures> features = extract_features(records, options);
    for (unsigned step = 1; step < kSteps; ++step) {
        const unsigned percent = step * 100 / kSteps;
        // Progress counts every fold of every share, so one bar covers the whole curve.
        const FoldProgress fold_progress = progress ? FoldProgress([&, step](std::size_t done, std::size_t) {
            progress((step - 1) * k + done, (kSteps - 1) * k);
        })
                                                    : nullptr;
        CrossValidation cv =
            cross_validate(records, folds, options, parallel_folds, features, fold_progress, {percent, seed});
        points.push_back({percent, cv.trained_titles, k, std::move(cv.pooled)});
    }
    points.push_back({100, full.trained_titles, k, full.pooled});
    return points;
}

}  // namespace masktag
