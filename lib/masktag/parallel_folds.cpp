#include "masktag/parallel_folds.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace masktag {

FoldPlan plan_folds(std::size_t folds, std::size_t titles, unsigned threads) {
    constexpr std::size_t kSideBySideTitles = 1500;
    threads = std::max(1u, threads);
    FoldPlan plan;
    if (threads >= folds || titles < kSideBySideTitles)
        plan.side_by_side = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(folds)));
    plan.threads_per_fold = std::max(1u, threads / plan.side_by_side);
    return plan;
}

void run_folds(std::size_t folds, const FoldPlan& plan, const std::function<void(std::size_t f)>& fold,
               const std::function<void(std::size_t done)>& done) {
    std::atomic<std::size_t> next{0};
    std::size_t finished = 0;
    std::mutex mutex;  // guards finished, failure and the calls of done
    std::exception_ptr failure;
    const auto work = [&] {
        for (std::size_t f; (f = next++) < folds;) {
            try {
                fold(f);
            } catch (...) {
                std::lock_guard lock(mutex);
                if (!failure) failure = std::current_exception();
            }
            std::lock_guard lock(mutex);
            ++finished;
            if (done) done(finished);
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < plan.side_by_side; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace masktag
