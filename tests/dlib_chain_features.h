// The dlib feature extractor that lets dlib's sequence_labeler run on a masktag Model.
#pragma once

#include <cstdint>
#include <istream>
#include <ostream>

#include <dlib/matrix.h>

#include "masktag/features.h"

namespace masktag {

// dlib's sequence_labeler over a Model's weights: the feature extractor that maps (token
// features, label, previous label) to indices of Model::weights, as masktag's decoder
// indexes them. Only tests use it, to hold Decoder to dlib's own Viterbi.
class ChainFeatures {
public:
    using sequence_type = FeatureSequence;

    ChainFeatures() = default;
    ChainFeatures(unsigned long num_labels, unsigned long num_token_features)
        : labels_(num_labels), token_features_(num_token_features) {}

    unsigned long num_features() const { return token_features_ * labels_ + labels_ * labels_ + labels_; }
    unsigned long order() const { return 1; }
    unsigned long num_labels() const { return labels_; }

    template <typename EXP>
    bool reject_labeling(const sequence_type&, const dlib::matrix_exp<EXP>&, unsigned long) const {
        return false;
    }

    template <typename feature_setter, typename EXP>
    void get_features(feature_setter& set_feature, const sequence_type& x, const dlib::matrix_exp<EXP>& y,
                      unsigned long position) const {
        const unsigned long label = y(0);
        for (const std::uint32_t id : x[position]) set_feature(id * labels_ + label);
        const unsigned long base = token_features_ * labels_;
        if (y.size() > 1) set_feature(base + y(1) * labels_ + label);
        set_feature(base + labels_ * labels_ + label);
    }

    // dlib's sequence_labeler requires these; the tests never save a labeler.
    friend void serialize(const ChainFeatures&, std::ostream&) {}
    friend void deserialize(ChainFeatures&, std::istream&) {}

private:
    unsigned long labels_ = 0;
    unsigned long token_features_ = 0;
};

}  // namespace masktag
