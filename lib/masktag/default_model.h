// The default model, built into the binary from models/default.model.
#pragma once

#include <string>
#include <string_view>

#include "masktag/model.h"

namespace masktag {

// Ensures: the bytes of models/default.model as they were when masktag was built.
std::string_view default_model_bytes();

// Ensures: the default model, parsed (once per call). Throws Error if the embedded bytes
// are not a valid model, which a test rules out for every build.
Model load_default_model();

// The name messages use for the default model.
inline constexpr std::string_view kDefaultModelName = "<default model>";

// Ensures: the MD5 of `bytes` in lowercase hex, as `md5sum` prints it.
std::string md5_hex(std::string_view bytes);

}  // namespace masktag
