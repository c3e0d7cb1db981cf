// A read-only array that either owns its elements or views elements stored elsewhere for
// the life of the program: the built-in model's tables are compiled into the binary
// (model_image.h), and a model made from them points at them instead of copying them.
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>
#include <utility>
#include <vector>

namespace masktag {

// Its elements change only by assigning a whole vector, so a view is never written
// through, and an owned block's pointer is taken again whenever its vector changes.
template <typename T>
class Block {
public:
    Block() = default;
    // Ensures: the block owns `items` (implicit, so `block = std::vector<T>{...}` reads
    // as assignment).
    Block(std::vector<T> items) : owned_(std::move(items)), items_(owned_) {}
    // Requires: `items` outlives the block and every copy of it (static storage).
    // Ensures: the block views `items`, copying nothing.
    static Block view(std::span<const T> items) {
        Block block;
        block.items_ = items;
        return block;
    }

    Block(const Block& other)
        : owned_(other.owned_), items_(other.owns() ? std::span<const T>(owned_) : other.items_) {}
    Block(Block&& other) noexcept : Block() { *this = std::move(other); }
    Block& operator=(const Block& other) {
        if (this != &other) *this = Block(other);
        return *this;
    }
    Block& operator=(Block&& other) noexcept {
        if (this == &other) return *this;
        const bool owned = other.owns();
        owned_ = std::move(other.owned_);
        items_ = owned ? std::span<const T>(owned_) : other.items_;
        other.owned_.clear();
        other.items_ = {};
        return *this;
    }

    const T* data() const { return items_.data(); }
    std::size_t size() const { return items_.size(); }
    bool empty() const { return items_.empty(); }
    const T& operator[](std::size_t i) const { return items_[i]; }
    auto begin() const { return items_.begin(); }
    auto end() const { return items_.end(); }
    std::span<const T> span() const { return items_; }
    operator std::span<const T>() const { return items_; }
    // Ensures: a copy of the elements, to change and assign back.
    std::vector<T> to_vector() const { return std::vector<T>(items_.begin(), items_.end()); }
    // Whether the block views storage it does not own (the built-in model's image).
    bool is_view() const { return !owns() && !items_.empty(); }

    friend bool operator==(const Block& a, const Block& b) { return std::ranges::equal(a.items_, b.items_); }

private:
    bool owns() const { return items_.data() == owned_.data(); }

    std::vector<T> owned_;
    std::span<const T> items_;  // owned_'s elements, or the viewed ones
};

}  // namespace masktag
