// Finds a feature's weight row from the 64-bit hash of its key.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "masktag/block.h"
#include "masktag/feature_hash.h"

namespace masktag {

// An open-addressing hash table from feature hashes to row numbers, built once when a
// model is loaded (or compiled into the binary: see model_image.h). Lookups allocate nothing.
class FeatureTable {
public:
    static constexpr std::uint32_t kUnknown = 0xFFFFFFFFu;

    // Hash and row side by side: a probe touches one cache line, not two. An empty slot
    // has row kUnknown.
    struct Slot {
        std::uint64_t hash;
        std::uint32_t row;
        friend bool operator==(const Slot&, const Slot&) = default;
    };

    // Ensures: find(hashes[r]) == r for every r. Returns false (and leaves the table
    // empty) when two rows share a hash. `mixed`: the hashes' low bits are already as
    // good as random (true of piece hashes, not of FNV-1a), so slots come straight from them.
    bool build(std::span<const std::uint64_t> hashes, bool mixed = false);

    // Requires: `slots` is what slots() of a table built with this `mixed` gave.
    // Ensures: that table again, without building it (a view stays a view).
    // Throws Error when the slot count is not a power of two (at least 16).
    static FeatureTable from_slots(Block<Slot> slots, bool mixed);
    // Ensures: the table's slots (empty when it is) and whether it was built `mixed`.
    const Block<Slot>& slots() const { return slots_; }
    bool mixed() const { return mixed_; }

    // Ensures: the row whose hash is `hash`, or kUnknown.
    std::uint32_t find(std::uint64_t hash) const {
        if (slots_.empty()) return kUnknown;
        for (std::uint64_t slot = (mixed_ ? hash : spread(hash)) & mask_;; slot = (slot + 1) & mask_) {
            const Slot& s = slots_[slot];
            if (s.row == kUnknown || s.hash == hash) return s.row;
        }
    }

private:
    // FNV-1a's low bits are weak; mix all 64 bits into the slot number.
    static std::uint64_t spread(std::uint64_t h) { return mix_hash(h); }

    Block<Slot> slots_;
    std::uint64_t mask_ = 0;
    bool mixed_ = false;
};

}  // namespace masktag
