#include "masktag/chain_svm.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <limits>
#include <thread>

#include <dlib/matrix.h>
#include <dlib/optimization/optimization_solve_qp_using_smo.h>

#include "masktag/error.h"
#include "masktag/fixed_labels.h"

namespace masktag {

ChainProblem::ChainProblem(const ChainData& data, unsigned threads, ThreadBudget* budget)
    : data_(data), threads_(std::max(1u, threads)), budget_(budget) {
    for (std::size_t i = 0; i < data.titles(); ++i)
        longest_ = std::max<std::size_t>(longest_, data.title_starts[i + 1] - data.title_starts[i]);
    if (data.dimensions() > std::numeric_limits<std::uint32_t>::max())
        throw Error("too many features to train: " + std::to_string(data.features) + " for " +
                    std::to_string(data.labels) + " labels");
}

std::size_t ChainProblem::scratch_bytes() const {
    std::size_t bytes = workers_.capacity() * sizeof(Worker);
    for (const Worker& w : workers_)
        bytes += w.counts.capacity() * sizeof(std::int32_t) + w.scores.capacity() * sizeof(double) + w.back.capacity() +
                 w.labels.capacity();
    return bytes;
}

namespace {

// Loss-augmented Viterbi over one title: the labeling maximizing score + Hamming loss.
// Emission sums add each feature's row in feature order, then the loss; the transition
// and the prior come after, as dlib's sequence labeling problem adds them. The lowest
// label wins a tie.
template <std::size_t kLabels>
void best_labeling(const ChainData& data, std::size_t first, std::size_t last, const double* w,
                   std::vector<double>& scores, std::vector<std::uint8_t>& back, std::vector<std::uint8_t>& labels) {
    const std::size_t L = kLabels != 0 ? kLabels : data.labels;
    const std::size_t n = last - first;
    scores.resize(n * L);
    back.resize(n * L);
    labels.resize(n);
    const double* transition = w + data.features * L;
    const double* prior = transition + L * L;
    for (std::size_t t = 0; t < n; ++t) {
        const std::size_t k = first + t;
        double e[kLabels != 0 ? kLabels : 256];
        std::fill(e, e + L, 0.0);
        const std::uint32_t* id = data.ids.data() + data.token_starts[k];
        const std::uint32_t* end = data.ids.data() + data.token_starts[k + 1];
        for (; id != end; ++id) {
            const double* row = w + static_cast<std::size_t>(*id) * L;
            for (std::size_t y = 0; y < L; ++y) e[y] += row[y];
        }
        const std::uint8_t gold = data.gold[k];
        for (std::size_t y = 0; y < L; ++y)
            if (y != gold) e[y] += 1.0;
        double* s = &scores[t * L];
        std::uint8_t* b = &back[t * L];
        if (t == 0) {
            for (std::size_t y = 0; y < L; ++y) s[y] = e[y] + prior[y];
            continue;
        }
        const double* previous = &scores[(t - 1) * L];
        for (std::size_t y = 0; y < L; ++y) {
            double best = previous[0] + transition[y];
            std::size_t from = 0;
            for (std::size_t p = 1; p < L; ++p) {
                const double v = previous[p] + transition[p * L + y];
                if (v > best) best = v, from = p;
            }
            s[y] = (best + e[y]) + prior[y];
            b[y] = static_cast<std::uint8_t>(from);
        }
    }
    if (n == 0) return;
    const double* s = &scores[(n - 1) * L];
    std::size_t y = 0;
    for (std::size_t v = 1; v < L; ++v)
        if (s[v] > s[y]) y = v;
    for (std::size_t t = n; t-- > 0;) {
        labels[t] = static_cast<std::uint8_t>(y);
        if (t > 0) y = back[t * L + y];
    }
}

}  // namespace

void ChainProblem::oracle(std::size_t title, const double* w, Worker& worker) const {
    const std::size_t first = data_.title_starts[title], last = data_.title_starts[title + 1];
    with_fixed_labels(data_.labels, [&](auto fixed) {
        best_labeling<decltype(fixed)::value>(data_, first, last, w, worker.scores, worker.back, worker.labels);
    });
    // The subgradient's share of this title: psi(best) - psi(gold), where they differ.
    const std::size_t L = data_.labels;
    const std::size_t transitions = data_.features * L, prior = transitions + L * L;
    std::int32_t* counts = worker.counts.data();
    std::uint64_t mistakes = 0;
    for (std::size_t t = 0; t < last - first; ++t) {
        const std::size_t k = first + t;
        const std::size_t y = worker.labels[t], g = data_.gold[k];
        if (t > 0) {
            const std::size_t py = worker.labels[t - 1], pg = data_.gold[k - 1];
            if (py != pg || y != g) {
                ++counts[transitions + py * L + y];
                --counts[transitions + pg * L + g];
            }
        }
        if (y == g) continue;
        ++mistakes;
        for (std::uint64_t i = data_.token_starts[k]; i < data_.token_starts[k + 1]; ++i) {
            const std::size_t row = static_cast<std::size_t>(data_.ids[i]) * L;
            ++counts[row + y];
            --counts[row + g];
        }
        ++counts[prior + y];
        --counts[prior + g];
    }
    worker.loss += mistakes;
}

// Dimensions a thread adds the workers' counts over, at least: fewer are not worth a thread.
constexpr std::size_t kMergePerThread = 65536;

void ChainProblem::risk(std::span<const double> w, double& risk, SparseCounts& subgradient) const {
    const std::size_t n = data_.titles(), D = data_.dimensions();
    // Titles go to threads in blocks, as they come; which thread takes which block changes
    // no bit of the result (integer counts).
    constexpr std::size_t kBlock = 64;
    const std::size_t blocks = (n + kBlock - 1) / kBlock;
    // A thread per 10,000 tokens at most: on less, starting and joining threads every
    // iteration (and waiting for a core) costs more than the oracle.
    constexpr std::size_t kTokensPerThread = 10000;
    const std::size_t useful = std::min(blocks, data_.gold.size() / kTokensPerThread + 1);
    const ThreadLease lease = this->lease(static_cast<unsigned>(std::min<std::size_t>(threads_, useful)));
    const unsigned threads = lease.threads();
    if (workers_.size() < threads) workers_.resize(threads);
    for (unsigned t = 0; t < threads; ++t) {
        Worker& worker = workers_[t];
        if (worker.counts.size() != D) worker.counts.assign(D, 0);  // else left all 0 by the last call
        worker.loss = 0;
        // Sized for the longest title once: scratch stays the same from call to call.
        worker.scores.reserve(longest_ * data_.labels);
        worker.back.reserve(longest_ * data_.labels);
        worker.labels.reserve(longest_);
    }
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::atomic<bool> failed{false};
    const auto work = [&](unsigned t) {
        try {
            for (std::size_t block; (block = next++) < blocks;) {
                const std::size_t end = std::min(n, (block + 1) * kBlock);
                for (std::size_t i = block * kBlock; i < end; ++i) oracle(i, w.data(), workers_[t]);
            }
        } catch (...) {
            if (!failed.exchange(true)) failure = std::current_exception();
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
    work(0);
    for (auto& thread : pool) thread.join();
    if (failure) {
        for (unsigned t = 0; t < threads; ++t) std::fill(workers_[t].counts.begin(), workers_[t].counts.end(), 0);
        std::rethrow_exception(failure);
    }

    std::uint64_t loss = 0;
    for (unsigned t = 0; t < threads; ++t) loss += workers_[t].loss;
    // The workers' counts are added up by index range, a range a thread, into pieces that
    // join in index order: the same subgradient for any number of threads. (A scan of
    // every dimension each iteration: done on one thread it costs as much as a tenth of
    // the oracle.)
    const unsigned mergers = D >= kMergePerThread ? threads : 1;
    std::vector<SparseCounts> pieces(mergers);
    const auto merge = [&](unsigned part) {
        const std::size_t first = D * part / mergers, last = D * (part + 1) / mergers;
        SparseCounts& piece = pieces[part];
        if (threads == 1) {  // the common case on small data, where this scan costs the most
            std::int32_t* counts = workers_[0].counts.data();
            for (std::size_t i = first; i < last; ++i) {
                if (counts[i] == 0) continue;
                piece.index.push_back(static_cast<std::uint32_t>(i));
                piece.count.push_back(counts[i]);
                counts[i] = 0;
            }
            return;
        }
        for (std::size_t i = first; i < last; ++i) {
            std::int64_t sum = 0;
            for (unsigned t = 0; t < threads; ++t) {
                sum += workers_[t].counts[i];
                workers_[t].counts[i] = 0;
            }
            if (sum == 0) continue;
            piece.index.push_back(static_cast<std::uint32_t>(i));
            piece.count.push_back(static_cast<std::int32_t>(sum));
        }
    };
    std::vector<std::thread> mergers_pool;
    for (unsigned part = 1; part < mergers; ++part) mergers_pool.emplace_back(merge, part);
    merge(0);
    for (auto& thread : mergers_pool) thread.join();
    subgradient.index.clear();
    subgradient.count.clear();
    for (const SparseCounts& piece : pieces) {
        subgradient.index.insert(subgradient.index.end(), piece.index.begin(), piece.index.end());
        subgradient.count.insert(subgradient.count.end(), piece.count.begin(), piece.count.end());
    }
    double margin = 0;  // w . subgradient, in index order
    for (std::size_t e = 0; e < subgradient.size(); ++e)
        margin += w[subgradient.index[e]] * static_cast<double>(subgradient.count[e]);
    const double count = static_cast<double>(n);
    risk = (static_cast<double>(loss) + margin) / count;
}

namespace {

// A cutting plane as the solver keeps it: 3 bytes an entry instead of 8. Entry e's index
// is (its block << kBlockBits) + low[e], where block b holds entries block_ends[b-1] ..
// block_ends[b]-1; its count is count[e], or for the marker kWide the next of `wide`
// (block_wide[b-1] of them come before block b).
struct PackedCounts {
    static constexpr std::int8_t kWide = -128;
    static constexpr unsigned kBlockBits = 13;
    std::vector<std::uint16_t> low;
    std::vector<std::int8_t> count;
    std::vector<std::uint32_t> block_ends, block_wide;
    std::vector<std::int32_t> wide;

    PackedCounts() = default;
    explicit PackedCounts(const SparseCounts& counts) {
        low.reserve(counts.size());
        count.reserve(counts.size());
        for (std::size_t e = 0; e < counts.size(); ++e) {
            const std::size_t block = counts.index[e] >> kBlockBits;
            while (block_ends.size() < block) end_block(e);
            low.push_back(static_cast<std::uint16_t>(counts.index[e] & ((1u << kBlockBits) - 1)));
            const std::int32_t c = counts.count[e];
            if (c > kWide && c <= 127) {
                count.push_back(static_cast<std::int8_t>(c));
            } else {
                count.push_back(kWide);
                wide.push_back(c);
            }
        }
        end_block(counts.size());
    }
    void end_block(std::size_t e) {
        block_ends.push_back(static_cast<std::uint32_t>(e));
        block_wide.push_back(static_cast<std::uint32_t>(wide.size()));
    }
    std::size_t size() const { return low.size(); }
    // Ensures: visit(e, index, count) for every entry e of blocks first .. last-1, in
    // index order.
    template <typename Visit>
    void for_each(std::size_t first, std::size_t last, Visit&& visit) const {
        last = std::min(last, block_ends.size());
        if (first >= last) return;
        std::size_t e = first == 0 ? 0 : block_ends[first - 1];
        std::size_t next_wide = first == 0 ? 0 : block_wide[first - 1];
        for (std::size_t b = first; b < last; ++b) {
            const std::size_t base = b << kBlockBits;
            for (const std::size_t end = block_ends[b]; e < end; ++e) {
                const std::int32_t c = count[e] != kWide ? count[e] : wide[next_wide++];
                visit(e, base + low[e], c);
            }
        }
    }
    template <typename Visit>
    void for_each(Visit&& visit) const {
        for_each(0, block_ends.size(), visit);
    }
};

// Ensures: f(i) for every i in 0 .. n-1, on up to `threads` threads (the calling one
// included), each i on one thread.
template <typename F>
void parallel_for(unsigned threads, std::size_t n, F&& f) {
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, n));
    if (threads <= 1) {
        for (std::size_t i = 0; i < n; ++i) f(i);
        return;
    }
    std::atomic<std::size_t> next{0};
    const auto work = [&] {
        for (std::size_t i; (i = next++) < n;) f(i);
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& thread : pool) thread.join();
}

// Ensures: a . b, where `dense` holds b, in the same four running sums as dot() below.
// (Entries four at a time, each sum in a register: the solver's costliest loop on small data.)
double dot(const PackedCounts& a, const std::vector<double>& dense) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    const auto add = [&](std::size_t e, double term) {
        switch (e & 3) {
            case 0:
                s0 += term;
                break;
            case 1:
                s1 += term;
                break;
            case 2:
                s2 += term;
                break;
            default:
                s3 += term;
                break;
        }
    };
    std::size_t e = 0, next_wide = 0;
    for (std::size_t b = 0; b < a.block_ends.size(); ++b) {
        const double* base = dense.data() + (b << PackedCounts::kBlockBits);
        const std::size_t end = a.block_ends[b];
        const auto term = [&](std::size_t i) {
            const std::int32_t count = a.count[i] != PackedCounts::kWide ? a.count[i] : a.wide[next_wide++];
            return static_cast<double>(count) * base[a.low[i]];
        };
        for (; e < end && (e & 3) != 0; ++e) add(e, term(e));
        for (; e + 4 <= end; e += 4) {
            s0 += term(e);
            s1 += term(e + 1);
            s2 += term(e + 2);
            s3 += term(e + 3);
        }
        for (; e < end; ++e) add(e, term(e));
    }
    return (s0 + s1) + (s2 + s3);
}

// Ensures: a . b, where `dense` holds b: four running sums over a's entries in index
// order (entry i to sum i mod 4), added at the end: one fixed order, without one long
// chain of dependent additions.
double dot(const SparseCounts& a, const std::vector<double>& dense) {
    double s[4] = {0, 0, 0, 0};
    const std::size_t n = a.size(), whole = n / 4 * 4;
    const std::uint32_t* index = a.index.data();
    const std::int32_t* count = a.count.data();
    for (std::size_t i = 0; i < whole; i += 4)
        for (std::size_t k = 0; k < 4; ++k) s[k] += static_cast<double>(count[i + k]) * dense[index[i + k]];
    for (std::size_t i = whole; i < n; ++i) s[i - whole] += static_cast<double>(count[i]) * dense[index[i]];
    return (s[0] + s[1]) + (s[2] + s[3]);
}

// Ensures: v . v, in four running sums the same way.
double squared_norm(const std::vector<double>& v) {
    double s[4] = {0, 0, 0, 0};
    const std::size_t n = v.size(), whole = n / 4 * 4;
    for (std::size_t i = 0; i < whole; i += 4)
        for (std::size_t k = 0; k < 4; ++k) s[k] += v[i + k] * v[i + k];
    for (std::size_t i = whole; i < n; ++i) s[i - whole] += v[i] * v[i];
    return (s[0] + s[1]) + (s[2] + s[3]);
}

}  // namespace

SolverResult solve(const ChainProblem& problem, const SolverOptions& options) {
    // dlib::oca's algorithm (optimization_oca.h) for a problem with a risk lower bound of
    // 0, no prior, no lasso and no non-negativity, on planes kept as counts: a plane is
    // the subgradient, counts / titles.
    constexpr double kSubproblemEpsilon = 1e-2;
    constexpr unsigned long kSubproblemMaxIterations = 50000, kInactiveThreshold = 20;
    const double C = options.c;
    const std::size_t D = problem.data().dimensions();
    constexpr std::size_t kEntriesPerThread = 30000;
    const double scale = 1.0 / static_cast<double>(std::max<std::size_t>(problem.data().titles(), 1));
    SolverResult result;
    std::vector<double>& w = result.w;
    w.assign(D, 0.0);
    std::vector<double> scatter(D, 0.0);  // the newest plane, dense, for its dot products
    std::vector<PackedCounts> planes(1);  // the flat plane at the lower bound 0
    planes[0].end_block(0);
    std::vector<double> bs{0.0}, miss_count{0.0};
    dlib::matrix<double, 0, 1> alpha(1);
    alpha(0) = C;
    dlib::matrix<double> K(1, 1), Ktmp;
    K(0, 0) = 0;
    double cp_obj = 0;
    double w_squared = 0;  // |w|^2 of the w the oracle sees next
    std::size_t entries = 0;
    for (unsigned long counter = 0;; ++counter) {
        SparseCounts plane;
        double cur_risk = 0;
        problem.risk(w, cur_risk, plane);
        ++result.iterations;
        const double w_dot_plane = dot(plane, w);
        bs.push_back(cur_risk - w_dot_plane * scale);
        entries += plane.size();
        result.most_plane_entries = std::max(result.most_plane_entries, entries);
        planes.emplace_back(plane);
        miss_count.push_back(0);
        alpha = dlib::join_cols(alpha, dlib::zeros_matrix<double>(1, 1));

        const double wnorm = 0.5 * w_squared;
        const double cur_obj = wnorm + C * cur_risk;
        const double risk_gap = cur_risk - (cp_obj - wnorm) / C;
        if (options.on_iteration) options.on_iteration({result.iterations, risk_gap});
        if (counter > 0 && (result.iterations >= options.max_iterations || risk_gap < options.epsilon)) break;

        const long m = static_cast<long>(planes.size());
        K.swap(Ktmp);
        K.set_size(m, m);
        dlib::set_subm(K, 0, 0, Ktmp.nr(), Ktmp.nc()) = Ktmp;
        const SparseCounts& newest = plane;
        for (std::size_t i = 0; i < newest.size(); ++i) scatter[newest.index[i]] = newest.count[i];
        // Each dot product on one thread: the same bits for any number of them.
        // Threads only where the planes are big enough to pay for starting them.
        const unsigned wanted = entries >= kEntriesPerThread ? std::numeric_limits<unsigned>::max() : 1;
        {
            const ThreadLease lease = problem.lease(wanted);
            parallel_for(lease.threads(), static_cast<std::size_t>(m), [&](std::size_t c) {
                K(static_cast<long>(c), m - 1) = dot(planes[c], scatter) * scale * scale;
            });
        }
        for (long c = 0; c < m; ++c) K(m - 1, c) = K(c, m - 1);
        for (std::size_t i = 0; i < newest.size(); ++i) scatter[newest.index[i]] = 0;
        double eps = std::min(kSubproblemEpsilon, 0.1 * (cur_obj - cp_obj));
        if (eps < 1e-16) eps = 1e-16;
        dlib::matrix<double, 0, 1> b(m);
        for (long i = 0; i < m; ++i) b(i) = bs[static_cast<std::size_t>(i)];
        dlib::solve_qp_using_smo(K, b, alpha, eps, kSubproblemMaxIterations);

        // The w that minimizes the subproblem: -sum alpha_i plane_i.
        // Threads take blocks of indices; each w[i] adds the planes in their order.
        constexpr std::size_t kBlocksPerTask = 4;
        const std::size_t blocks = (D >> PackedCounts::kBlockBits) + 1;
        {
            const ThreadLease lease = problem.lease(wanted);
            parallel_for(lease.threads(), (blocks + kBlocksPerTask - 1) / kBlocksPerTask, [&](std::size_t task) {
                const std::size_t first = task * kBlocksPerTask, last = std::min(blocks, first + kBlocksPerTask);
                std::fill(w.begin() + static_cast<std::ptrdiff_t>(std::min(D, first << PackedCounts::kBlockBits)),
                          w.begin() + static_cast<std::ptrdiff_t>(std::min(D, last << PackedCounts::kBlockBits)), 0.0);
                for (std::size_t p = 0; p < planes.size(); ++p) {
                    const double a = alpha(static_cast<long>(p)) * scale;
                    if (a == 0) continue;
                    planes[p].for_each(first, last, [&](std::size_t, std::size_t index, std::int32_t count) {
                        w[index] -= a * count;
                    });
                }
            });
        }
        for (long i = 0; i < alpha.size(); ++i)
            miss_count[static_cast<std::size_t>(i)] = alpha(i) != 0 ? 0 : miss_count[static_cast<std::size_t>(i)] + 1;
        w_squared = squared_norm(w);  // w stays as it is until the next iteration's wnorm
        cp_obj = -0.5 * w_squared;
        for (long i = 0; i < alpha.size(); ++i) cp_obj += alpha(i) * bs[static_cast<std::size_t>(i)];

        // A plane inactive for a while goes.
        for (;;) {
            const auto most = std::max_element(miss_count.begin(), miss_count.end());
            if (*most < kInactiveThreshold) break;
            const long idx = most - miss_count.begin();
            bs.erase(bs.begin() + idx);
            miss_count.erase(most);
            K = dlib::removerc(K, idx, idx);
            alpha = dlib::remove_row(alpha, idx);
            entries -= planes[static_cast<std::size_t>(idx)].size();
            planes.erase(planes.begin() + idx);
        }
    }
    return result;
}

}  // namespace masktag
