// Folds trained in parallel: cross-validation's and the temperature fit's, one rule for both.
#pragma once

#include <cstddef>
#include <functional>

namespace masktag {

// How `folds` folds of a training set of `titles` titles use `threads` threads.
struct FoldPlan {
    unsigned side_by_side = 1;      // folds trained at once
    unsigned threads_per_fold = 1;  // each one's training threads
};

// Ensures: small data (under 1,500 titles), or threads enough for every fold: folds side
// by side, the threads shared out among them; else one fold after another on every
// thread, so none idles through the last round (5 folds on 2 threads side by side take 3
// rounds). Models are the same either way: training does not depend on its threads.
FoldPlan plan_folds(std::size_t folds, std::size_t titles, unsigned threads);

// Requires: `fold` may run on plan.side_by_side threads at once.
// Ensures: fold(f) has run for every f in 0 .. folds-1, in order of f taken by
// plan.side_by_side threads (this one among them); done(n), when given, after each, with
// the number finished so far, one call at a time. The first exception a fold threw is
// rethrown once every fold has stopped.
void run_folds(std::size_t folds, const FoldPlan& plan, const std::function<void(std::size_t f)>& fold,
               const std::function<void(std::size_t done)>& done = nullptr);

}  // namespace masktag
