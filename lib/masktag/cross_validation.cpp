#include "masktag/cross_validation.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include <fmt/format.h>

#include "masktag/error.h"
#include "masktag/io.h"
#include "masktag/json.h"
#include "masktag/parallel_folds.h"
#include "masktag/predictor.h"

namespace masktag {

Folds make_folds(const std::vector<LabeledRecord>& records, unsigned k, std::uint64_t seed) {
    std::vector<std::size_t> positions;
    for (const auto& r : records) positions.push_back(r.position);
    // Fisher-Yates with the raw engine: std::shuffle and the standard distributions are
    // implementation-defined, and folds must not change with the standard library.
    std::mt19937_64 rng(seed);
    for (std::size_t i = positions.size(); i > 1; --i) std::swap(positions[i - 1], positions[rng() % i]);
    Folds folds;
    folds.test_positions.resize(k);
    const std::size_t base = positions.size() / k, extra = positions.size() % k;
    std::size_t next = 0;
    for (unsigned f = 0; f < k; ++f) {
        const std::size_t size = base + (f < extra ? 1 : 0);
        folds.test_positions[f].assign(positions.begin() + static_cast<std::ptrdiff_t>(next),
                                       positions.begin() + static_cast<std::ptrdiff_t>(next + size));
        next += size;
    }
    return folds;
}

Folds read_folds(const std::string& path, const std::vector<LabeledRecord>& records) {
    const std::string name = input_name(path);
    const std::string text = read_whole_file(path, "folds file");
    json::Document doc;
    json::ParseError error;
    if (!doc.parse(text, error)) {
        const auto lc = json::line_column(text, error.offset);
        throw Error("malformed JSON in the folds file: " + error.message,
                    fmt::format("{}:{}:{}", name, lc.line, lc.column));
    }
    const json::Value list = doc.root().kind() == json::Kind::object ? doc.root().member("folds") : json::Value();
    if (!list.valid() || list.kind() != json::Kind::array)
        throw Error("a folds file is a JSON object whose \"folds\" is a list of lists of record positions", name);
    std::map<std::size_t, bool> known;  // position -> already in a fold
    for (const auto& r : records) known.emplace(r.position, false);
    Folds folds;
    for (json::Value fold = list.first(); fold.valid(); fold = fold.next()) {
        const std::size_t number = folds.test_positions.size();
        if (fold.kind() != json::Kind::array) throw Error(fmt::format("fold {} is not a list", number), name);
        auto& positions = folds.test_positions.emplace_back();
        for (json::Value v = fold.first(); v.valid(); v = v.next()) {
            const std::string_view raw = v.raw();
            if (v.kind() != json::Kind::number || raw.find_first_not_of("0123456789") != std::string_view::npos ||
                raw.size() > 15)
                throw Error(fmt::format("fold {} has {}, which is not a record position", number, raw), name);
            const std::size_t position = std::stoull(std::string(raw));
            const auto it = known.find(position);
            if (it == known.end())
                throw Error(fmt::format("fold {} names position {}, which is not a usable record of the input", number,
                                        position),
                            name);
            if (it->second) throw Error(fmt::format("position {} is in more than one fold", position), name);
            it->second = true;
            positions.push_back(position);
        }
    }
    if (folds.test_positions.size() < 2) throw Error("a folds file needs at least 2 folds", name);
    return folds;
}

namespace {

// Predicts the labels of `record` as names, with the marginal of each; the other
// vectors are scratch space reused between calls.
struct Predicted {
    std::vector<unsigned long> labels;
    std::vector<std::string> names;
    std::vector<double> marginals, best;
};

void predict_names(Predictor& predictor, const Model& model, const LabeledRecord& record, Predicted& out) {
    predictor.predict(record.title, record.tokens, out.labels);
    predictor.confidence(out.labels, out.marginals, out.best);
    out.names.clear();
    for (const unsigned long label : out.labels) out.names.push_back(model.labels[label]);
}

}  // namespace

Evaluation evaluate(const Model& model, const std::vector<LabeledRecord>& records,
                    std::vector<TitleOutcome>* outcomes) {
    Predictor predictor(model);
    Scorer scorer;
    Predicted predicted;
    for (const auto& record : records) {
        predict_names(predictor, model, record, predicted);
        scorer.add(record.labels, predicted.names, predicted.marginals);
        if (outcomes != nullptr)
            outcomes->push_back({&record, predicted.names, predicted.marginals, mean_confidence(predicted.best)});
    }
    return scorer.result();
}

namespace {

// Ensures: `train_set` cut to `share` of it (see TrainingShare), in its own order.
void keep_share(std::vector<std::size_t>& train_set, const TrainingShare& share) {
    if (share.percent >= 100 || train_set.empty()) return;
    std::vector<std::size_t> order = train_set;
    // Fisher-Yates with the raw engine, as make_folds: the same subset on any machine.
    std::mt19937_64 rng(share.seed);
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
    const std::size_t keep = std::max<std::size_t>(1, (order.size() * share.percent + 99) / 100);
    order.resize(keep);
    std::sort(order.begin(), order.end());  // train in record order, as on the whole fold
    train_set = std::move(order);
}

}  // namespace

CrossValidation cross_validate(const std::vector<LabeledRecord>& records, const Folds& folds,
                               const TrainOptions& options, unsigned parallel_folds, const FoldProgress& progress,
                               const TrainingShare& share) {
    return cross_validate(records, folds, options, parallel_folds, extract_features(records, options), progress, share);
}

CrossValidation cross_validate(const std::vector<LabeledRecord>& records, const Folds& folds,
                               const TrainOptions& options, unsigned parallel_folds,
                               const std::shared_ptr<const ExtractedFeatures>& features, const FoldProgress& progress,
                               const TrainingShare& share) {
    const std::size_t k = folds.test_positions.size();
    std::map<std::size_t, std::size_t> fold_of;  // position -> fold
    for (std::size_t f = 0; f < k; ++f)
        for (const std::size_t position : folds.test_positions[f]) fold_of[position] = f;

    // Each fold's test records and predictions, kept so the pooled score can be added up
    // in fold order whatever order the folds finish in.
    std::vector<std::vector<const LabeledRecord*>> tested(k);
    std::vector<std::vector<Predicted>> predictions(k);
    std::vector<std::size_t> trained(k, 0);
    CrossValidation result;
    result.folds.resize(k);
    for (const auto& r : records)
        if (!fold_of.count(r.position)) ++result.never_tested;

    const FoldPlan plan = plan_folds(k, records.size(), parallel_folds);
    TrainOptions fold_options = options;
    fold_options.threads = plan.threads_per_fold;
    fold_options.progress = nullptr;  // the folds report through `progress`
    // Trains fold f's model on the other folds and scores it on fold f.
    const auto run_fold = [&](std::size_t f) {
        std::vector<std::size_t> train_set;
        for (std::size_t i = 0; i < records.size(); ++i) {
            const auto it = fold_of.find(records[i].position);
            if (it != fold_of.end() && it->second == f)
                tested[f].push_back(&records[i]);
            else
                train_set.push_back(i);
        }
        if (train_set.empty()) throw Error(fmt::format("fold {} leaves no record to train on", f));
        keep_share(train_set, share);
        trained[f] = train_set.size();
        Model model;
        if (features) {
            model = train(records, train_set, *features, fold_options);
        } else {
            std::vector<LabeledRecord> copies;
            for (const std::size_t i : train_set) copies.push_back(records[i]);
            model = train(copies, holding_out(fold_options, tested[f]));
        }
        Predictor predictor(model);
        Scorer scorer;
        for (const LabeledRecord* r : tested[f]) {
            auto& predicted = predictions[f].emplace_back();
            predict_names(predictor, model, *r, predicted);
            scorer.add(r->labels, predicted.names, predicted.marginals);
        }
        result.folds[f] = scorer.result();
    };
    run_folds(k, plan, run_fold, [&](std::size_t done) {
        if (progress) progress(done, k);
    });

    Scorer pooled;
    for (std::size_t f = 0; f < k; ++f)
        for (std::size_t i = 0; i < tested[f].size(); ++i) {
            pooled.add(tested[f][i]->labels, predictions[f][i].names, predictions[f][i].marginals);
            Predicted& p = predictions[f][i];
            result.outcomes.push_back(
                {tested[f][i], std::move(p.names), std::move(p.marginals), mean_confidence(p.best)});
        }
    for (const std::size_t n : trained) result.trained_titles += n;
    result.pooled = pooled.result();
    return result;
}

}  // namespace masktag
