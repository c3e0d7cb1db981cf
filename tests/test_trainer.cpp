#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <thread>
#include <vector>

#include <dlib/optimization/optimization_oca.h>

#include "masktag/chain_svm.h"
#include "masktag/thread_budget.h"
#include "masktag/tokenizer.h"
#include "masktag/trainer.h"
#include "test_support.h"

using namespace masktag;

namespace {

// Random titles: each token has a few of `features` features and a random gold label.
struct RandomData {
    std::vector<std::uint32_t> ids;
    std::vector<std::uint64_t> starts{0};
    ChainData data;

    RandomData(std::size_t titles, std::size_t labels, std::size_t features, std::uint64_t seed) {
        std::mt19937_64 rng(seed);
        data.labels = labels;
        data.features = features;
        for (std::size_t i = 0; i < titles; ++i) {
            const std::size_t tokens = rng() % 4;  // empty titles too
            for (std::size_t t = 0; t < tokens; ++t) {
                const std::size_t count = 1 + rng() % 3;
                for (std::size_t f = 0; f < count; ++f) ids.push_back(static_cast<std::uint32_t>(rng() % features));
                starts.push_back(ids.size());
                data.gold.push_back(static_cast<std::uint8_t>(rng() % labels));
            }
            data.title_starts.push_back(static_cast<std::uint32_t>(data.gold.size()));
        }
        data.ids = ids;
        data.token_starts = starts;
    }
};

std::vector<double> random_weights(std::size_t dimensions, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<double> w(dimensions);
    for (std::size_t i = 0; i < w.size(); ++i)
        w[i] = std::ldexp(static_cast<double>(rng() >> 11), -52) - 1.0;  // no ties
    return w;
}

// psi(labels) of tokens first..last of `data`, added into `psi` times `sign`.
void add_psi(const ChainData& data, std::size_t first, const std::vector<std::size_t>& labels, double sign,
             std::vector<double>& psi) {
    const std::size_t L = data.labels, transitions = data.features * L, prior = transitions + L * L;
    for (std::size_t t = 0; t < labels.size(); ++t) {
        const std::size_t k = first + t;
        for (std::uint64_t i = data.token_starts[k]; i < data.token_starts[k + 1]; ++i)
            psi[data.ids[i] * L + labels[t]] += sign;
        if (t > 0) psi[transitions + labels[t - 1] * L + labels[t]] += sign;
        psi[prior + labels[t]] += sign;
    }
}

// ChainProblem as dlib's oca sees a problem: dense planes.
class DenseProblem : public dlib::oca_problem<dlib::matrix<double, 0, 1>> {
public:
    DenseProblem(const ChainProblem& problem, double c, double epsilon) : problem_(problem), c_(c), epsilon_(epsilon) {}
    double get_c() const override { return c_; }
    long get_num_dimensions() const override { return static_cast<long>(problem_.data().dimensions()); }
    bool risk_has_lower_bound(double& bound) const override {
        bound = 0;
        return true;
    }
    bool optimization_status(double, double, double, double gap, unsigned long, unsigned long) const override {
        return gap < epsilon_;
    }
    void get_risk(dlib::matrix<double, 0, 1>& w, double& risk, dlib::matrix<double, 0, 1>& g) const override {
        std::vector<double> v(w.begin(), w.end());
        SparseCounts counts;
        problem_.risk(v, risk, counts);
        g.set_size(w.size());
        g = 0;
        for (std::size_t i = 0; i < counts.size(); ++i)
            g(counts.index[i]) = counts.count[i] / static_cast<double>(problem_.data().titles());
    }

private:
    const ChainProblem& problem_;
    double c_, epsilon_;
};

double objective(const ChainProblem& problem, const std::vector<double>& w, double c) {
    double risk = 0, ww = 0;
    SparseCounts g;
    problem.risk(w, risk, g);
    for (const double v : w) ww += v * v;
    return 0.5 * ww + c * risk;
}

}  // namespace

TEST_CASE("the cutting-plane solver reaches the objective dlib's oca reaches") {
    RandomData random(300, 5, 40, 21);
    const ChainProblem problem(random.data, 1);
    for (const double c : {1.0, 10.0}) {
        const SolverResult ours = solve(problem, {c, 1e-4, 1000});
        dlib::matrix<double, 0, 1> w;
        dlib::oca oca;
        DenseProblem dense(problem, c, 1e-4);
        oca(dense, w, 0);
        const double theirs = objective(problem, std::vector<double>(w.begin(), w.end()), c);
        INFO("C " << c << ", " << ours.iterations << " iterations");
        CHECK(ours.iterations < 1000);
        CHECK(objective(problem, ours.w, c) == Approx(theirs).epsilon(1e-3));
    }
}

TEST_CASE("the training problem's risk and subgradient are those of the most violating labeling") {
    RandomData random(40, 3, 7, 11);
    const ChainData& data = random.data;
    auto w = random_weights(data.dimensions(), 5);
    ChainProblem problem(data, 1);
    double risk = 0;
    SparseCounts subgradient;
    problem.risk(w, risk, subgradient);

    // Brute force: every labeling of every title.
    std::vector<double> expected(data.dimensions(), 0.0);
    double expected_risk = 0;
    for (std::size_t i = 0; i < data.titles(); ++i) {
        const std::size_t first = data.title_starts[i], n = data.title_starts[i + 1] - first;
        std::vector<std::size_t> gold(data.gold.begin() + static_cast<long>(first),
                                      data.gold.begin() + static_cast<long>(first + n));
        const auto score = [&](const std::vector<std::size_t>& labels) {
            std::vector<double> psi(data.dimensions(), 0.0);
            add_psi(data, first, labels, 1, psi);
            double s = 0;
            for (std::size_t d = 0; d < psi.size(); ++d) s += psi[d] * w[d];
            for (std::size_t t = 0; t < n; ++t) s += labels[t] != gold[t];
            return s;
        };
        std::vector<std::size_t> labels(n, 0), best = labels;
        double best_score = score(labels);
        for (std::size_t code = 1; code < static_cast<std::size_t>(std::pow(3, n)); ++code) {
            for (std::size_t t = 0, c = code; t < n; ++t, c /= 3) labels[t] = c % 3;
            const double s = score(labels);
            if (s > best_score + 1e-9) best_score = s, best = labels;
        }
        expected_risk += best_score - score(gold);
        add_psi(data, first, best, 1, expected);
        add_psi(data, first, gold, -1, expected);
    }
    const double n = static_cast<double>(data.titles());
    CHECK(risk == Approx(expected_risk / n).margin(1e-9));
    std::vector<double> dense(expected.size(), 0.0);
    for (std::size_t i = 0; i < subgradient.size(); ++i) {
        REQUIRE(subgradient.count[i] != 0);
        REQUIRE((i == 0 || subgradient.index[i - 1] < subgradient.index[i]));
        dense[subgradient.index[i]] = subgradient.count[i];
    }
    CHECK(dense == expected);
}

TEST_CASE("the training problem gives the same bits on any number of threads") {
    RandomData random(16000, 9, 300, 3);  // 24,000 tokens: 3 threads (one per 10,000 tokens)
    auto w = random_weights(random.data.dimensions(), 8);
    ChainProblem one(random.data, 1), three(random.data, 3);
    double risk_one = 0, risk_three = 0;
    SparseCounts g_one, g_three;
    one.risk(w, risk_one, g_one);
    three.risk(w, risk_three, g_three);
    CHECK(risk_one == risk_three);
    CHECK(g_one.index == g_three.index);
    CHECK(g_one.count == g_three.count);
    const SolverResult a = solve(one, {}), b = solve(three, {});
    CHECK(a.w == b.w);
    CHECK(a.iterations == b.iterations);
}

TEST_CASE("the training problem's memory does not grow with the solver's iterations") {
    RandomData random(8000, 9, 200, 4);  // 12,000 tokens: 2 threads
    for (const unsigned threads : {1u, 2u}) {
        ChainProblem problem(random.data, threads);
        double risk = 0;
        SparseCounts g;
        auto w = random_weights(random.data.dimensions(), 1);
        problem.risk(w, risk, g);
        const std::size_t after_one = problem.scratch_bytes();
        for (std::uint64_t i = 0; i < 20; ++i) {
            w = random_weights(random.data.dimensions(), 100 + i);
            problem.risk(w, risk, g);
        }
        CHECK(problem.scratch_bytes() == after_one);
    }
}

TEST_CASE("a model trained on a subset of shared extracted features is the model of that subset alone") {
    const std::vector<LabeledRecord>& records = test::small_records();
    TrainOptions options;
    options.min_feature_count = 2;  // counted in the subset, not in all records
    const auto features = extract_features(records, options);
    REQUIRE(features != nullptr);
    std::vector<std::size_t> subset;
    std::vector<LabeledRecord> alone;
    for (std::size_t r = 0; r < records.size(); ++r)
        if (r % 3 != 1) subset.push_back(r), alone.push_back(records[r]);
    CHECK(train(records, subset, *features, options).serialize() == train(alone, options).serialize());
    std::vector<std::size_t> all(records.size());
    std::iota(all.begin(), all.end(), std::size_t{0});
    CHECK(train(records, all, *features, options).serialize() == train(records, options).serialize());
}

TEST_CASE("a model trained on enough titles for several threads is the same for any thread count") {
    std::vector<LabeledRecord> records;
    for (int copy = 0; copy < 100; ++copy)  // 3,000 titles, over 10,000 tokens
        records.insert(records.end(), test::small_records().begin(), test::small_records().end());
    std::size_t tokens = 0;
    for (const LabeledRecord& r : records) tokens += r.tokens.size();
    REQUIRE(tokens > 10000);
    TrainOptions options;
    options.threads = 1;
    const std::string one = train(records, options).serialize();
    options.threads = 2;
    CHECK(train(records, options).serialize() == one);
    options.threads = 3;
    CHECK(train(records, options).serialize() == one);
}

// 4,200 different titles: the 30 small ones over and over, each copy with model codes of
// its own, so that every part of an extraction on several threads brings new features.
std::vector<LabeledRecord> many_different_records() {
    std::vector<LabeledRecord> records;
    for (int copy = 0; copy < 140; ++copy) {
        for (const LabeledRecord& small : test::small_records()) {
            LabeledRecord record;
            for (std::size_t i = 0; i < small.tokens.size(); ++i) {
                if (i > 0) record.title += ' ';
                if (small.labels[i] == "model") record.title += "Z" + std::to_string(copy);
                record.title += small.tokens[i].text(small.title);
            }
            tokenize(record.title, record.tokens);
            record.labels = small.labels;
            records.push_back(std::move(record));
        }
    }
    return records;
}

TEST_CASE("features extracted in parts on several threads give the model one thread gives") {
    const std::vector<LabeledRecord> records = many_different_records();
    TrainOptions options;
    options.max_iterations = 15;  // the same solve either way; fewer iterations, a faster test
    options.threads = 1;
    const std::string one = train(records, options).serialize();
    for (const unsigned threads : {2u, 3u, 8u}) {
        options.threads = threads;
        CHECK(train(records, options).serialize() == one);
    }
    options.threads = 1;
    const auto alone = extract_features(records, options);
    options.threads = 3;
    const auto in_parts = extract_features(records, options);
    std::vector<std::size_t> every(records.size());
    std::iota(every.begin(), every.end(), std::size_t{0});
    options.min_feature_count = 2;  // renumbered by counts the parts added up
    CHECK(train(records, every, *in_parts, options).serialize() == train(records, every, *alone, options).serialize());
}

TEST_CASE("lexicon folds that leave out makers give the model one thread gives, extracted in parts") {
    const std::vector<LabeledRecord> records = many_different_records();
    TrainOptions options;
    options.max_iterations = 15;
    options.lexicon = Lexicon::build(records);
    options.lexicon_source = std::make_shared<const std::vector<LabeledRecord>>(records);
    options.lexicon_folds = 2;
    options.threads = 1;
    const std::string one = train(records, options).serialize();
    options.threads = 3;
    CHECK(train(records, options).serialize() == one);
    options.lexicon_fold_makers = false;  // and the option is in effect: another model
    CHECK(train(records, options).serialize() != one);
}

TEST_CASE("a thread budget lends its spare threads and takes them back") {
    ThreadBudget budget(2);
    {
        const ThreadLease three(&budget, 5);  // wants 4 more, gets the 2 spare
        CHECK(three.threads() == 3);
        const ThreadLease alone(&budget, 4);
        CHECK(alone.threads() == 1);
    }
    const ThreadLease again(&budget, 2);
    CHECK(again.threads() == 2);
    CHECK(ThreadLease(nullptr, 4).threads() == 4);  // no budget: every thread is the caller's
}

TEST_CASE("solves sharing a thread budget on two threads give the bits each gives alone") {
    RandomData random(16000, 9, 300, 3);
    const SolverResult alone = solve(ChainProblem(random.data, 1), {});
    ThreadBudget budget(1);
    const ChainProblem first(random.data, 3, &budget), second(random.data, 3, &budget);
    SolverResult a, b;
    std::thread other([&] { b = solve(second, {}); });
    a = solve(first, {});
    other.join();
    CHECK(a.w == alone.w);
    CHECK(b.w == alone.w);
    CHECK(budget.take(5) == 1);  // every lent thread came back
}
