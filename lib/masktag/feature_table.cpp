#include "masktag/feature_table.h"

namespace masktag {

bool FeatureTable::build(std::span<const std::uint64_t> hashes, bool mixed) {
    mixed_ = mixed;
    std::size_t capacity = 16;
    while (capacity < hashes.size() * 2) capacity *= 2;  // at most half full: short probes
    slots_.assign(capacity, Slot{0, kUnknown});
    mask_ = capacity - 1;
    for (std::uint32_t row = 0; row < hashes.size(); ++row) {
        std::uint64_t slot = (mixed_ ? hashes[row] : spread(hashes[row])) & mask_;
        while (slots_[slot].row != kUnknown) {
            if (slots_[slot].hash == hashes[row]) {
                slots_.clear();
                return false;
            }
            slot = (slot + 1) & mask_;
        }
        slots_[slot] = Slot{hashes[row], row};
    }
    return true;
}

}  // namespace masktag
