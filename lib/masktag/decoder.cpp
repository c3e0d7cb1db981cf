#include "masktag/decoder.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

namespace masktag {
namespace {

// Calls body(std::integral_constant<std::size_t, L>) for the common label counts, so the
// inner loops are compiled for a fixed L (unrolled, vectorized), and with 0 otherwise.
template <typename Body>
void with_fixed_labels(std::size_t labels, Body&& body) {
    switch (labels) {
        case 2: return body(std::integral_constant<std::size_t, 2>{});
        case 3: return body(std::integral_constant<std::size_t, 3>{});
        case 4: return body(std::integral_constant<std::size_t, 4>{});
        case 5: return body(std::integral_constant<std::size_t, 5>{});
        case 6: return body(std::integral_constant<std::size_t, 6>{});
        case 7: return body(std::integral_constant<std::size_t, 7>{});
        case 8: return body(std::integral_constant<std::size_t, 8>{});
        case 9: return body(std::integral_constant<std::size_t, 9>{});
        case 10: return body(std::integral_constant<std::size_t, 10>{});
        case 11: return body(std::integral_constant<std::size_t, 11>{});
        case 12: return body(std::integral_constant<std::size_t, 12>{});
        default: return body(std::integral_constant<std::size_t, 0>{});
    }
}

}  // namespace

Decoder::Decoder(const Model& model)
    : model_(model),
      labels_(model.num_labels()),
      transition_(model.weights.data() + model.num_features() * model.num_labels()),
      prior_(transition_ + model.num_labels() * model.num_labels()) {}

void Decoder::score(const FeatureSequence& sequence, const double* start) {
    with_fixed_labels(labels_, [&](auto fixed) { score_for<decltype(fixed)::value>(sequence, start); });
}

template <std::size_t kLabels>
void Decoder::score_for(const FeatureSequence& sequence, const double* start) {
    const std::size_t L = kLabels != 0 ? kLabels : labels_;
    tokens_ = sequence.size();
    if (start != nullptr)
        emission_.assign(start, start + tokens_ * L);
    else
        emission_.assign(tokens_ * L, 0.0);
    const double* w = model_.weights.data();
    for (std::size_t t = 0; t < tokens_; ++t) {
        double* e = &emission_[t * L];
        // One contiguous row per feature, added in feature order: the same sums as dlib's.
        for (const std::uint32_t f : sequence[t]) {
            const double* row = w + static_cast<std::size_t>(f) * L;
            for (std::size_t y = 0; y < L; ++y) e[y] += row[y];
        }
    }
}

double Decoder::factor(std::size_t t, std::size_t p, std::size_t y) const {
    // dlib adds the transition, then the prior; the first token has no transition.
    const double e = emission_[t * labels_ + y];
    return t == 0 ? e + prior_[y] : (e + transition_[p * labels_ + y]) + prior_[y];
}

void Decoder::decode(const FeatureSequence& sequence, std::vector<unsigned long>& labels) {
    score(sequence, nullptr);
    with_fixed_labels(labels_, [&](auto fixed) { viterbi_for<decltype(fixed)::value>(labels); });
}

void Decoder::decode(const FeatureSequence& sequence, std::span<const double> start,
                     std::vector<unsigned long>& labels) {
    score(sequence, start.data());
    with_fixed_labels(labels_, [&](auto fixed) { viterbi_for<decltype(fixed)::value>(labels); });
}

template <std::size_t kLabels>
void Decoder::viterbi_for(std::vector<unsigned long>& labels) {
    const std::size_t L = kLabels != 0 ? kLabels : labels_, n = tokens_;
    labels.resize(n);
    if (n == 0) return;
    best_.resize(n * L);
    back_.resize(n * L);
    for (std::size_t y = 0; y < L; ++y) best_[y] = factor(0, 0, y);
    // Working rows on the stack when L is fixed (no aliasing, so the loops vectorize);
    // back pointers as doubles, the same width as the scores they are chosen with.
    constexpr std::size_t kRow = kLabels != 0 ? kLabels : 1;
    double best_fixed[kRow], back_fixed[kRow];
    row_scratch_.resize(2 * L);
    double* __restrict row_best = kLabels != 0 ? best_fixed : row_scratch_.data();
    double* __restrict row_back = kLabels != 0 ? back_fixed : row_scratch_.data() + L;
    const double* __restrict prior = prior_;
    for (std::size_t t = 1; t < n; ++t) {
        const double* __restrict e = &emission_[t * L];
        const double* __restrict previous = &best_[(t - 1) * L];
        for (std::size_t y = 0; y < L; ++y) {
            row_best[y] = -std::numeric_limits<double>::infinity();
            row_back[y] = 0;
        }
        // Previous labels in the outer loop, so the inner loop runs over y and vectorizes;
        // each y still sees p in ascending order.
        for (std::size_t p = 0; p < L; ++p) {
            const double path = previous[p];
            const double label = static_cast<double>(p);
            const double* __restrict transition = &transition_[p * L];
            for (std::size_t y = 0; y < L; ++y) {
                // The factor as dlib sums it, then the path so far.
                const double value = ((e[y] + transition[y]) + prior[y]) + path;
                // Strictly greater: the lowest label wins ties, as in dlib.
                const bool better = value > row_best[y];
                row_back[y] = better ? label : row_back[y];
                row_best[y] = better ? value : row_best[y];
            }
        }
        for (std::size_t y = 0; y < L; ++y) {
            best_[t * L + y] = row_best[y];
            back_[t * L + y] = static_cast<unsigned>(row_back[y]);
        }
    }
    unsigned long state = 0;
    double best = -std::numeric_limits<double>::infinity();
    for (std::size_t y = 0; y < L; ++y) {
        if (best_[(n - 1) * L + y] > best) {
            best = best_[(n - 1) * L + y];
            state = y;
        }
    }
    for (std::size_t t = n; t-- > 0;) {
        labels[t] = state;
        state = back_[t * L + state];
    }
}

void Decoder::forward_backward(double temperature) {
    with_fixed_labels(labels_, [&](auto fixed) { forward_backward_for<decltype(fixed)::value>(temperature); });
}

template <std::size_t kLabels>
void Decoder::forward_backward_for(double temperature) {
    // Scaled forward-backward in probability space. A factor's exponent splits into
    // emission + prior (per token and label) and transition (per label pair), so only L
    // exponentials are taken per token; the transitions' table is made once per temperature.
    const std::size_t L = kLabels != 0 ? kLabels : labels_, n = tokens_;
    const double inverse = 1.0 / temperature;
    const double* transition = transition_;
    const double* prior = prior_;
    if (gates_temperature_ != temperature) {
        gates_.resize(L * L);
        const double top = *std::max_element(transition, transition + L * L);
        for (std::size_t i = 0; i < L * L; ++i) gates_[i] = std::exp((transition[i] - top) * inverse);
        gates_shift_ = top * inverse;
        gates_temperature_ = temperature;
    }
    unary_.resize(n * L);
    scale_.resize(n);
    alpha_.resize(n * L);
    beta_.resize(n * L);
    log_partition_ = 0;
    // Scratch rows on the stack when L is fixed, else in a member (allocated once).
    double into_fixed[kLabels != 0 ? kLabels : 1], v_fixed[kLabels != 0 ? kLabels : 1];
    row_scratch_.resize(2 * L);
    double* into = kLabels != 0 ? into_fixed : row_scratch_.data();
    double* v = kLabels != 0 ? v_fixed : row_scratch_.data() + L;
    for (std::size_t t = 0; t < n; ++t) {
        double* u = &unary_[t * L];
        double top = -std::numeric_limits<double>::infinity();
        for (std::size_t y = 0; y < L; ++y) top = std::max(top, emission_[t * L + y] + prior[y]);
        for (std::size_t y = 0; y < L; ++y) u[y] = std::exp((emission_[t * L + y] + prior[y] - top) * inverse);
        double* a = &alpha_[t * L];
        if (t == 0) {
            for (std::size_t y = 0; y < L; ++y) into[y] = 1.0;
        } else {
            // Row by row over the previous labels: contiguous, so the loop vectorizes.
            const double* previous = &alpha_[(t - 1) * L];
            for (std::size_t y = 0; y < L; ++y) into[y] = 0;
            for (std::size_t p = 0; p < L; ++p)
                for (std::size_t y = 0; y < L; ++y) into[y] += previous[p] * gates_[p * L + y];
        }
        double sum = 0;
        for (std::size_t y = 0; y < L; ++y) {
            a[y] = u[y] * into[y];
            sum += a[y];
        }
        const double normalizer = 1.0 / sum;
        for (std::size_t y = 0; y < L; ++y) a[y] *= normalizer;
        scale_[t] = sum;
        log_partition_ += std::log(sum) + top * inverse + (t > 0 ? gates_shift_ : 0.0);
    }
    for (std::size_t y = 0; y < L; ++y) beta_[(n - 1) * L + y] = 1.0;
    for (std::size_t t = n - 1; t-- > 0;) {
        const double* u = &unary_[(t + 1) * L];
        const double* next = &beta_[(t + 1) * L];
        const double normalizer = 1.0 / scale_[t + 1];
        for (std::size_t y = 0; y < L; ++y) v[y] = u[y] * next[y] * normalizer;
        for (std::size_t p = 0; p < L; ++p) {
            double sum = 0;
            for (std::size_t y = 0; y < L; ++y) sum += gates_[p * L + y] * v[y];
            beta_[t * L + p] = sum;
        }
    }
}

double Decoder::marginal(std::size_t t, std::size_t y) const { return alpha_[t * labels_ + y] * beta_[t * labels_ + y]; }

double Decoder::confidence(std::span<const unsigned long> labels, std::vector<double>& marginals,
                           std::vector<double>& best_marginals) {
    const std::size_t L = labels_, n = tokens_;
    marginals.resize(n);
    best_marginals.resize(n);
    if (n == 0) return 1.0;
    forward_backward(model_.temperature);
    double path = 0;
    for (std::size_t t = 0; t < n; ++t) {
        double top = 0;
        for (std::size_t y = 0; y < L; ++y) {
            const double m = marginal(t, y);
            if (y == labels[t]) marginals[t] = m;
            top = std::max(top, m);
        }
        best_marginals[t] = top;
        path += factor(t, t == 0 ? 0 : labels[t - 1], labels[t]);
    }
    return std::exp(path / model_.temperature - log_partition_);
}

double Decoder::token_log_likelihood(const FeatureSequence& sequence, std::span<const unsigned long> gold,
                                     double temperature) {
    score(sequence, nullptr);
    const std::size_t L = labels_;
    if (tokens_ == 0) return 0;
    forward_backward(temperature);
    double sum = 0;
    for (std::size_t t = 0; t < tokens_; ++t) sum += std::log(std::max(marginal(t, gold[t]), 1e-300));
    (void)L;
    return sum;
}

}  // namespace masktag
