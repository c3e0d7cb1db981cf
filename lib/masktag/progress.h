// Progress of long work, as one line on stderr rewritten in place: for a person watching
// a terminal, never for a pipe, a file or cron mail.
#pragma once

#include <chrono>
#include <string>

namespace masktag {

// Ensures: whether progress is shown at all: stderr is a terminal and the run is not -q.
bool progress_wanted();

// Ensures: how long work runs before its progress shows: the seconds the environment
// variable MASKTAG_PROGRESS_DELAY gives (a number >= 0), else 1 second (a warning says so
// once when the variable is set to anything else).
std::chrono::milliseconds progress_delay();

// One line of progress, shown once the work has taken `delay` (quick runs stay quiet),
// rewritten at most four times a second, and only where progress_wanted().
class TerminalProgress {
public:
    explicit TerminalProgress(std::chrono::milliseconds delay = progress_delay());
    TerminalProgress(const TerminalProgress&) = delete;
    TerminalProgress& operator=(const TerminalProgress&) = delete;
    // Ensures: the line is ended, when one was written.
    ~TerminalProgress();

    // Seconds since the work started (since construction).
    double elapsed() const;
    // Ensures: whether update() would write now (without `always`): callers that run per
    // record ask this first, so that building the line costs nothing where none is shown.
    bool due() const;
    // Requires: `text` is one line without its newline ("masktag: ...").
    // Ensures: `text` replaces the line, when shown and not rewritten in the last quarter
    // second; with `always`, whenever shown and past the delay (a step worth seeing,
    // such as the end of a fold).
    void update(const std::string& text, bool always = false);
    // Ensures: the line is ended (the next message starts on a line of its own); later
    // updates start a new one.
    void finish();

private:
    const bool wanted_;
    const std::chrono::milliseconds delay_;
    const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_ = start_;
    std::size_t width_ = 0;  // of the line last written, to blank what a shorter one leaves
    bool printed_ = false;
};

}  // namespace masktag
