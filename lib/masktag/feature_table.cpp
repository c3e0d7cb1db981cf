#include "masktag/feature_table.h"

#include <bit>

#include "masktag/error.h"

namespace masktag {

bool FeatureTable::build(std::span<const std::uint64_t> hashes, bool mixed) {
    mixed_ = mixed;
    std::size_t capacity = 16;
    while (capacity < hashes.size() * 2) capacity *= 2;  // at most half full: short probes
    std::vector<Slot> slots(capacity, Slot{0, kUnknown});
    mask_ = capacity - 1;
    for (std::uint32_t row = 0; row < hashes.size(); ++row) {
        std::uint64_t slot = (mixed_ ? hashes[row] : spread(hashes[row])) & mask_;
        while (slots[slot].row != kUnknown) {
            if (slots[slot].hash == hashes[row]) {
                slots_ = {};
                return false;
            }
            slot = (slot + 1) & mask_;
        }
        slots[slot] = Slot{hashes[row], row};
    }
    slots_ = std::move(slots);
    return true;
}

FeatureTable FeatureTable::from_slots(Block<Slot> slots, bool mixed) {
    FeatureTable table;
    if (slots.empty()) return table;
    if (slots.size() < 16 || !std::has_single_bit(slots.size()))
        throw Error("a feature table's slot count must be a power of two, at least 16");
    table.mask_ = slots.size() - 1;
    table.mixed_ = mixed;
    table.slots_ = std::move(slots);
    return table;
}

}  // namespace masktag
