// The error type every library function throws for bad data or a failed operation.
#pragma once

#include <stdexcept>
#include <string>

namespace masktag {

// A data or runtime error. what() reads "<what> (<where>)" when a place is given, so the
// CLI can print "masktag: <what> (<where>)" and exit with status 1.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& what) : std::runtime_error(what) {}
    Error(const std::string& what, const std::string& where)
        : std::runtime_error(where.empty() ? what : what + " (" + where + ")") {}
};

// What to do with a malformed input record: go on without it (skip; predict still writes
// one output record carrying the error) or stop with an error (fail).
enum class OnError { skip, fail };

// Thrown when writing to stdout (or a pipe named by -o, /dev/stdout) fails because its
// reader has gone (EPIPE): the command stops quietly, as a pipeline stage should when
// `head` has read enough.
struct BrokenPipe {};

}  // namespace masktag
