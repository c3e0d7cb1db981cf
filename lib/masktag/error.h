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

}  // namespace masktag
