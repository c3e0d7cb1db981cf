// Finds the best labeling of a title, and how sure the model is of it, from its features.
#pragma once

#include <span>
#include <vector>

#include "masktag/features.h"
#include "masktag/model.h"

namespace masktag {

// Scores every (previous label, label) pair of every token once, then runs Viterbi for
// the best labeling and forward-backward for marginals. Reuses its buffers between calls:
// after the first titles it allocates nothing. Not thread-safe; a Decoder per thread.
class Decoder {
public:
    // Requires: `model` outlives the decoder.
    explicit Decoder(const Model& model);

    // Requires: every id in `sequence` is a feature row of the model.
    // Ensures: `labels` is the highest-scoring labeling: exactly what dlib's
    // sequence_labeler<ChainFeatures> returns for the same weights, ties included (the
    // same sums in the same order; the lowest label wins a tie).
    void decode(const FeatureSequence& sequence, std::vector<unsigned long>& labels);
    // The same where each token's emission sums start from `start` (tokens x labels)
    // instead of zero: equal to decode() on a sequence whose first features per token
    // have those sums, added in order from zero.
    void decode(const FeatureSequence& sequence, std::span<const double> start, std::vector<unsigned long>& labels);
    // Requires: the model has integer weights (Model::integral); `sums` holds each
    // token's emission sums (tokens x L) in units of the model's emission_scale, each
    // within kIntegerEmissionLimit (2^26: a token's features, a few dozen rows of at
    // most 32,767 each, stay far below it).
    // Ensures: the same as decode() on a sequence whose features' weights add up to
    // `sums` times the scale.
    void decode_integral(std::span<const std::int32_t> sums, std::vector<unsigned long>& labels);
    // The bounds that keep integer Viterbi's scores within 32 bits.
    static constexpr double kIntegerStepLimit = 1 << 24, kIntegerEmissionLimit = 1 << 26;

    // Requires: decode() was just called for this sequence and gave `labels`.
    // Ensures: `marginals[t]` is the probability, under the model's distribution over
    // labelings at its temperature, that token t has label labels[t]; `best_marginals[t]`
    // the highest probability of any label at token t; returns the probability of the
    // whole labeling.
    double confidence(std::span<const unsigned long> labels, std::vector<double>& marginals,
                      std::vector<double>& best_marginals);
    // The same without the labeling's probability, whose log partition function costs a
    // log per token: `marginals` and `best_marginals` exactly as confidence() gives them.
    void marginals(std::span<const unsigned long> labels, std::vector<double>& marginals,
                   std::vector<double>& best_marginals);

    // The same for any temperature, for fitting one: the log probability of `gold`
    // labeling's tokens, summed (Σ_t log P(label_t = gold_t)).
    double token_log_likelihood(const FeatureSequence& sequence, std::span<const unsigned long> gold,
                                double temperature);
    // The same from each token's emission sums (tokens x labels), as emission_sums()
    // gives them: for many temperatures, the features are added up once.
    void emission_sums(const FeatureSequence& sequence, std::vector<double>& sums);
    double token_log_likelihood(std::span<const double> sums, std::span<const unsigned long> gold, double temperature);

private:
    // token_log_likelihood() of the emissions score() or the sums just put in emission_.
    double scored_log_likelihood(std::span<const unsigned long> gold, double temperature);
    void score(const FeatureSequence& sequence, const double* start);
    // Ensures: alpha_, beta_ and the rest for this temperature; log_partition_ too when
    // `partition` (else it is left as it is).
    void forward_backward(double temperature, bool partition);
    // confidence() and marginals(): the probability (0 without `probability`).
    double confidence(std::span<const unsigned long> labels, std::vector<double>& marginals,
                      std::vector<double>& best_marginals, bool probability);
    // Ensures: marginals[t] and best_marginals[t] (both sized) from alpha_ and beta_.
    template <std::size_t kLabels>
    void pick_marginals(std::span<const unsigned long> labels, std::vector<double>& marginals,
                        std::vector<double>& best_marginals) const;
    // The same for a label count fixed at compile time (0: labels_ at run time).
    template <std::size_t kLabels>
    void score_for(const FeatureSequence& sequence, const double* start);
    // The emission sums as integers (in units of the scale) when the model has integer
    // weights and they fit integer Viterbi, else nullptr.
    const std::int32_t* integer_emissions();
    // Viterbi on the integer sums when given (and the label count is fixed), else on
    // emission_ in doubles.
    void viterbi(const std::int32_t* integer_sums, std::vector<unsigned long>& labels);
    template <std::size_t kLabels>
    void viterbi_for(const std::int32_t* integer_sums, std::vector<unsigned long>& labels);
    // Viterbi scores and back pointers of tokens 1.. for a fixed label count, vectorized.
    template <std::size_t kLabels>
    void viterbi_rows_fixed();
    template <std::size_t kLabels>
    void forward_backward_for(double temperature, bool partition);
    // forward_backward_for with the label count fixed, in vectors of doubles (Vec): pairs,
    // or quads with AVX2 (simd.h); the same values bit for bit.
    template <typename Vec, std::size_t kLabels>
    void forward_backward_lanes(double temperature, bool partition);
    template <std::size_t kLabels>
    void forward_backward_pairs(double temperature, bool partition);
    template <std::size_t kLabels>
    void forward_backward_quads(double temperature, bool partition);
    // Ensures: gates_ and its padded copies are made for this temperature.
    void make_gates(double temperature);
    // Ensures: forward-backward's rows sized for tokens_ rows of `stride` values.
    void start_forward_backward(std::size_t stride);
    // Viterbi in 32-bit integers, for a model with integer weights (Model::integral)
    // whose transition and prior steps stay within kIntegerStepLimit, on emission sums in
    // units of the scale, each within kIntegerEmissionLimit: the labeling into `labels`
    // (sized).
    template <std::size_t kLabels>
    void viterbi_integral(const std::int32_t* sums, std::vector<unsigned long>& labels);
    // The same in vectors of 32-bit integers (Ints): fours, or eights with AVX2 (simd.h).
    template <typename Ints, std::size_t kLabels>
    void viterbi_integral_lanes(const std::int32_t* sums, std::vector<unsigned long>& labels);
    template <std::size_t kLabels>
    void viterbi_integral_octs(const std::int32_t* sums, std::vector<unsigned long>& labels);
    void make_integer_steps();
    // Ensures: `labels` follows the back pointers from the last token's best label (the
    // lowest label wins a tie).
    void backtrack(std::vector<unsigned long>& labels) const;
    double marginal(std::size_t t, std::size_t y) const;
    // The factor of token t with label y after label p, summed exactly as dlib sums it.
    double factor(std::size_t t, std::size_t p, std::size_t y) const;

    const Model& model_;
    std::size_t labels_;
    const double* transition_;               // L x L, in the model's weights
    const double* prior_;                    // L
    std::vector<double> padded_transition_;  // transitions, rows padded to an even length
    std::vector<double> padded_prior_;       // the prior, padded to an even length
    // Integer Viterbi (empty: not used): per (p, y), transition + prior divided by the
    // scale, rows padded to a multiple of 8 (whole vectors of 4 or 8); the prior alone, for
    // the first token.
    static constexpr std::size_t integer_stride(std::size_t labels) { return labels <= 12 ? (labels + 7) / 8 * 8 : 0; }
    std::vector<std::int32_t> integer_steps_;
    std::vector<std::int32_t> integer_steps_into_;  // the same transposed: row y, the steps into y
    std::vector<std::int32_t> integer_prior_;
    std::vector<std::int32_t> integer_scratch_;  // decode()'s sums, as integers
    std::vector<std::int32_t> integer_rows_;     // Viterbi scores, tokens x L padded to whole vectors
    std::vector<std::int32_t> integer_tops_;     // what each token's row was shifted by
    std::size_t tokens_ = 0;
    std::vector<double> emission_;  // tokens x L: emission sums, in feature order
    std::vector<double> best_;      // Viterbi scores, tokens x L
    std::vector<unsigned> back_;    // Viterbi back pointers, tokens x L
    std::vector<double> unary_;     // exp of emission + prior, shifted per token, tokens x L
    std::vector<double> gates_;     // exp of transitions, shifted, L x L
    double gates_shift_ = 0;
    double gates_temperature_ = 0;  // the temperature gates_ were made for
    // gates_ and its transpose, rows of gate_stride(L) (padded to whole quads).
    static constexpr std::size_t gate_stride(std::size_t labels) { return (labels + 3) / 4 * 4; }
    std::vector<double> gate_rows_, gate_columns_;
    std::size_t stride_ = 0;     // row length of unary_, alpha_ and beta_
    std::vector<double> scale_;  // forward normalizers, per token
    std::vector<double> row_scratch_;
    std::vector<double> alpha_, beta_;
    double log_partition_ = 0;
};

}  // namespace masktag
