#include "masktag/feature_table.h"

namespace masktag {

bool FeatureTable::build(std::span<const std::uint64_t> hashes) {
    std::size_t capacity = 16;
    while (capacity < hashes.size() * 2) capacity *= 2;  // at most half full: short probes
    hashes_.assign(capacity, 0);
    rows_.assign(capacity, kUnknown);
    mask_ = capacity - 1;
    for (std::uint32_t row = 0; row < hashes.size(); ++row) {
        std::uint64_t slot = spread(hashes[row]) & mask_;
        while (rows_[slot] != kUnknown) {
            if (hashes_[slot] == hashes[row]) {
                hashes_.clear();
                rows_.clear();
                return false;
            }
            slot = (slot + 1) & mask_;
        }
        hashes_[slot] = hashes[row];
        rows_[slot] = row;
    }
    return true;
}

}  // namespace masktag
