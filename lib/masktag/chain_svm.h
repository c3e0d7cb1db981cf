// The structural SVM training problem of a first-order linear chain, over features held
// once as compact integer arrays, and the cutting-plane solver that trains a Model on it.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "masktag/thread_budget.h"

namespace masktag {

// Training titles as the solver sees them: every token's binary features as ids, and its
// gold label. Token k's ids are ids[token_starts[k]] .. ids[token_starts[k+1]-1]; title
// i's tokens are title_starts[i] .. title_starts[i+1]-1.
struct ChainData {
    std::size_t labels = 0;    // L
    std::size_t features = 0;  // F: ids are below it
    std::span<const std::uint32_t> ids;
    std::span<const std::uint64_t> token_starts;  // tokens + 1 values
    std::vector<std::uint32_t> title_starts{0};   // titles + 1 values
    std::vector<std::uint8_t> gold;               // one label per token

    std::size_t titles() const { return title_starts.size() - 1; }
    // The weight vector's length: emissions F x L, transitions L x L, prior L (as Model).
    std::size_t dimensions() const { return features * labels + labels * labels + labels; }
};

// A vector of integer counts, by its non-zero entries in ascending index order.
struct SparseCounts {
    std::vector<std::uint32_t> index;
    std::vector<std::int32_t> count;
    std::size_t size() const { return index.size(); }
};

// The risk of a structural SVM over ChainData: R(w) is the mean over titles of the
// largest Hamming loss plus score margin of any labeling over the gold one (found by
// loss-augmented Viterbi). Its subgradient is the mean of psi(that labeling) - psi(gold):
// sums of +1 and -1, counted in integers per thread, so exact whatever order the threads
// add them in, and the same bits for any thread count. No joint feature vector and no
// cache per title: memory does not grow with the solver's iterations.
class ChainProblem {
public:
    // Requires: `data` (and `budget`, when given) outlives the problem; labels in
    // 1..256; threads >= 1.
    // Ensures: each parallel step runs on at most `threads` threads: all of them its own
    // without a budget; with one, the calling thread and what the budget lends it then.
    ChainProblem(const ChainData& data, unsigned threads, ThreadBudget* budget = nullptr);

    const ChainData& data() const { return data_; }
    // Ensures: the threads a step that could use `wanted` of them runs on, for the
    // lease's lifetime: at most the `threads` it was made with, at least 1.
    ThreadLease lease(unsigned wanted) const { return ThreadLease(budget_, std::max(1u, std::min(wanted, threads_))); }

    // Requires: w.size() == data().dimensions().
    // Ensures: `risk` is R(w); `subgradient` holds titles() times a subgradient of R at w.
    void risk(std::span<const double> w, double& risk, SparseCounts& subgradient) const;

    // The bytes of scratch space the problem holds between calls (its own, not the
    // data's): the same after the first call as after any later one.
    std::size_t scratch_bytes() const;

private:
    // Per-thread scratch: the loss-augmented labeling's difference from gold, in counts.
    // A cache line of its own: threads never write next to each other.
    struct alignas(64) Worker {
        std::vector<std::int32_t> counts;  // dimensions()
        std::uint64_t loss = 0;
        std::vector<double> scores;        // tokens x L
        std::vector<std::uint8_t> back;    // tokens x L
        std::vector<std::uint8_t> labels;  // tokens
    };
    void oracle(std::size_t title, const double* w, Worker& worker) const;

    const ChainData& data_;
    unsigned threads_;
    ThreadBudget* budget_;
    std::size_t longest_ = 0;  // the most tokens of a title
    mutable std::vector<Worker> workers_;
};

// Where the solver stands after an iteration, for progress on a terminal.
struct SolverStep {
    unsigned long iteration = 0;
    double risk_gap = 0;  // the solver stops once it is below SolverOptions::epsilon
};

struct SolverOptions {
    double c = 10;          // min 1/2 |w|^2 + c R(w)
    double epsilon = 0.01;  // stop once the risk gap is below it
    unsigned long max_iterations = 1000;
    // Called on the solver's thread after every iteration, when set; it cannot change the result.
    std::function<void(const SolverStep&)> on_iteration;
};

struct SolverResult {
    std::vector<double> w;
    unsigned long iterations = 0;        // calls of the separation oracle on every title
    std::size_t most_plane_entries = 0;  // the most non-zero entries the cutting planes held at once
};

// Ensures: w minimizing 1/2 |w|^2 + c R(w), by dlib's OCA cutting-plane method (Teo et
// al.'s BMRM with Franc and Sonnenburg's line search, as dlib::oca runs it for a
// structural_svm_problem without a cache), stopped when the risk gap is below epsilon
// or after max_iterations. The cutting planes are kept as sparse integer counts, not
// dense vectors: their dot products and w cost their non-zero entries, and a plane goes
// once it has been inactive for 20 iterations, as in dlib. Deterministic: every sum after
// the oracle's is taken in one fixed order.
SolverResult solve(const ChainProblem& problem, const SolverOptions& options);

}  // namespace masktag
