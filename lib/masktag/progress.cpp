#include "masktag/progress.h"

#include <cerrno>
#include <cstdlib>
#include <unistd.h>

#include <fmt/format.h>

#include "masktag/io.h"
#include "masktag/messages.h"

namespace masktag {

bool progress_wanted() { return isatty(STDERR_FILENO) && verbosity() != Verbosity::quiet; }

std::chrono::milliseconds progress_delay() {
    static const std::chrono::milliseconds delay = [] {
        const char* text = std::getenv("MASKTAG_PROGRESS_DELAY");
        if (text == nullptr || *text == '\0') return std::chrono::milliseconds(1000);
        char* end = nullptr;
        errno = 0;
        const double seconds = std::strtod(text, &end);
        if (errno != 0 || *end != '\0' || !(seconds >= 0) || seconds > 1e6) {
            warn(fmt::format("MASKTAG_PROGRESS_DELAY={} is not a number of seconds >= 0: using 1", text));
            return std::chrono::milliseconds(1000);
        }
        return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
    }();
    return delay;
}

TerminalProgress::TerminalProgress(std::chrono::milliseconds delay) : wanted_(progress_wanted()), delay_(delay) {}

TerminalProgress::~TerminalProgress() { finish(); }

double TerminalProgress::elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

bool TerminalProgress::due() const {
    if (!wanted_) return false;
    const auto now = std::chrono::steady_clock::now();
    return now - start_ >= delay_ && (!printed_ || now - last_ >= std::chrono::milliseconds(250));
}

void TerminalProgress::update(const std::string& text, bool always) {
    if (!wanted_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - start_ < delay_) return;
    if (!always && printed_ && now - last_ < std::chrono::milliseconds(250)) return;
    last_ = now;
    // Spaces over what a longer earlier line left at its end.
    const std::string blank(width_ > text.size() ? width_ - text.size() : 0, ' ');
    print_message("\r" + text + blank);
    width_ = text.size();
    printed_ = true;
}

void TerminalProgress::finish() {
    if (printed_) print_message("\n");
    printed_ = false;
    width_ = 0;
}

}  // namespace masktag
