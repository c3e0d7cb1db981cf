#include "masktag/messages.h"

#include <algorithm>
#include <atomic>
#include <cctype>

#include <fmt/format.h>

#include "masktag/io.h"

namespace masktag {
namespace {

std::atomic<Verbosity> current{Verbosity::normal};

}  // namespace

void set_verbosity(Verbosity verbosity) { current = verbosity; }
Verbosity verbosity() { return current; }

void say(std::string_view message) {
    std::string line = "masktag: ";
    line += message;
    line += '\n';
    print_message(line);
}

void note(std::string_view message) {
    if (current != Verbosity::quiet) say(message);
}

void inform(std::string_view text) {
    if (current != Verbosity::quiet) print_message(text);
}

void warn(const std::string& message) {
    if (current != Verbosity::quiet) say(fmt::format("warning: {}", message));
}

std::string warning_kind(std::string_view message) {
    if (message.ends_with(')')) {
        // The place is the last parenthesized part: "... (file:12:3)".
        int depth = 0;
        for (std::size_t i = message.size(); i-- > 0;) {
            depth += message[i] == ')' ? 1 : message[i] == '(' ? -1 : 0;
            if (depth == 0) {
                message = message.substr(0, i);
                break;
            }
        }
        while (message.ends_with(' ')) message.remove_suffix(1);
    }
    // A number standing alone ("line 12", "byte 3") varies between records of one kind;
    // digits in a word ("UTF-8", "KF94") do not.
    const auto is = [&](std::size_t i, auto predicate) {
        return i < message.size() && predicate(static_cast<unsigned char>(message[i]));
    };
    std::string kind;
    for (std::size_t i = 0; i < message.size() && message[i] != '\n'; ++i) {
        const bool in_word =
            i > 0 && (std::isalnum(static_cast<unsigned char>(message[i - 1])) || message[i - 1] == '-');
        if (!is(i, ::isdigit) || in_word) {
            kind += message[i];
            continue;
        }
        std::size_t end = i;
        while (is(end, ::isdigit) || (is(end, [](int c) { return c == ',' || c == '.'; }) && is(end + 1, ::isdigit)))
            ++end;
        if (is(end, ::isalpha)) {
            kind.append(message.substr(i, end - i));
        } else {
            kind += '#';
        }
        i = end - 1;
    }
    return kind;
}

void RecordWarnings::add(const std::string& message) {
    ++seen_;
    if (current == Verbosity::quiet) return;
    if (current == Verbosity::verbose || seen_ <= kShown) {
        warn(message);
        return;
    }
    std::string kind = warning_kind(message);
    const auto it = std::find_if(hidden_.begin(), hidden_.end(), [&](const auto& h) { return h.first == kind; });
    if (it != hidden_.end())
        ++it->second;
    else
        hidden_.emplace_back(std::move(kind), 1);
}

void RecordWarnings::finish() {
    if (hidden_.empty()) return;
    std::size_t total = 0;
    for (const auto& [kind, count] : hidden_) total += count;
    say(fmt::format("warning: {} more record warnings not shown (-v shows each one):", total));
    for (const auto& [kind, count] : hidden_) say(fmt::format("warning:   {} x {}", count, kind));
    hidden_.clear();
}

}  // namespace masktag
