// What masktag tells the user on stderr besides its errors: information, warnings, and
// warnings about single records, as -q and -v ask.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace masktag {

enum class Verbosity {
    quiet,    // -q: errors only
    normal,   // information, warnings, the first record warnings and a count of the rest
    verbose,  // -v: every record warning in full
};

// Ensures: every later message follows `verbosity`. Set once, before any work.
void set_verbosity(Verbosity verbosity);
Verbosity verbosity();

// The one place masktag's own lines get their "masktag: " prefix and newline.
// Ensures: "masktag: <message>" and a newline on stderr, whatever the verbosity: errors
// and what a failed run must say.
void say(std::string_view message);
// Ensures: the same as say, unless quiet: information and notes.
void note(std::string_view message);

// Ensures: `text` (a whole line or more, with its newline, such as a table's rows) on
// stderr as it is, unless quiet.
void inform(std::string_view text);

// Ensures: "masktag: warning: <message>" on stderr, unless quiet (dropped if stderr cannot
// be written).
void warn(const std::string& message);

// Ensures: `message` with its numbers as '#' and a final " (<place>)" cut off: what
// counts as one kind of record warning ("the title is not valid UTF-8 (byte #)").
std::string warning_kind(std::string_view message);

// Warnings about single records (predict's error records, train's and eval's skipped
// ones). Normal: the first kShown in full, the rest counted by kind, and finish() prints
// one line per kind with its count, so a million bad records make a few lines of cron
// mail, not a million. Verbose: every one in full. Quiet: none.
class RecordWarnings {
public:
    static constexpr std::size_t kShown = 10;
    // Requires: `message` is one warning, its place at the end in parentheses.
    void add(const std::string& message);
    // Ensures: the counts of the warnings not shown, by kind, in order of first
    // appearance; nothing when all were shown.
    void finish();

private:
    std::size_t seen_ = 0;
    std::vector<std::pair<std::string, std::size_t>> hidden_;  // kind, count
};

}  // namespace masktag
