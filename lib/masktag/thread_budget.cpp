#include "masktag/thread_budget.h"

#include <algorithm>

namespace masktag {

unsigned ThreadBudget::take(unsigned wanted) {
    unsigned spare = spare_.load();
    for (;;) {
        const unsigned taken = std::min(spare, wanted);
        if (taken == 0) return 0;
        // On failure `spare` is reloaded: another step took or gave threads meanwhile.
        if (spare_.compare_exchange_weak(spare, spare - taken)) return taken;
    }
}

}  // namespace masktag
