// Compiles a loop over labels for the label counts models have, so it is unrolled.
#pragma once

#include <cstddef>
#include <type_traits>

namespace masktag {

// Ensures: body(std::integral_constant<std::size_t, L>) called for L = `labels` when it is
// from 2 to 12, with 0 (the count known only at run time) otherwise.
template <typename Body>
void with_fixed_labels(std::size_t labels, Body&& body) {
    switch (labels) {
        case 2:
            return body(std::integral_constant<std::size_t, 2>{});
        case 3:
            return body(std::integral_constant<std::size_t, 3>{});
        case 4:
            return body(std::integral_constant<std::size_t, 4>{});
        case 5:
            return body(std::integral_constant<std::size_t, 5>{});
        case 6:
            return body(std::integral_constant<std::size_t, 6>{});
        case 7:
            return body(std::integral_constant<std::size_t, 7>{});
        case 8:
            return body(std::integral_constant<std::size_t, 8>{});
        case 9:
            return body(std::integral_constant<std::size_t, 9>{});
        case 10:
            return body(std::integral_constant<std::size_t, 10>{});
        case 11:
            return body(std::integral_constant<std::size_t, 11>{});
        case 12:
            return body(std::integral_constant<std::size_t, 12>{});
        default:
            return body(std::integral_constant<std::size_t, 0>{});
    }
}

}  // namespace masktag
