// Threads shared by trainings that run side by side: each parallel step borrows the spare
// threads it can use and gives them back after it, so a training that finishes first
// lends its thread to the ones still running, and no core idles while work is left.
#pragma once

#include <atomic>

namespace masktag {

class ThreadBudget {
public:
    // Ensures: `spare` threads to lend, beyond the ones their trainings already run on.
    explicit ThreadBudget(unsigned spare) : spare_(spare) {}
    ThreadBudget(const ThreadBudget&) = delete;
    ThreadBudget& operator=(const ThreadBudget&) = delete;

    // Ensures: up to `wanted` spare threads taken, and how many: maybe none.
    unsigned take(unsigned wanted);
    // Ensures: `count` threads are spare again (taken ones given back, or a training's own
    // thread once it is done).
    void give(unsigned count) { spare_.fetch_add(count); }

private:
    std::atomic<unsigned> spare_;
};

// The threads one parallel step runs on: the caller's own, and others borrowed from a
// budget for as long as the lease lives.
class ThreadLease {
public:
    // Requires: wanted >= 1.
    // Ensures: threads() is `wanted` without a budget (every thread is the caller's), else
    // 1 + what the budget could lend of wanted - 1.
    ThreadLease(ThreadBudget* budget, unsigned wanted)
        : budget_(budget), borrowed_(budget != nullptr ? budget->take(wanted - 1) : wanted - 1) {}
    ~ThreadLease() {
        if (budget_ != nullptr) budget_->give(borrowed_);
    }
    ThreadLease(const ThreadLease&) = delete;
    ThreadLease& operator=(const ThreadLease&) = delete;

    unsigned threads() const { return 1 + borrowed_; }

private:
    ThreadBudget* budget_;
    unsigned borrowed_;
};

}  // namespace masktag
