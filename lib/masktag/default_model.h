// The default model, built into the binary from models/default.model.
#pragma once

#include <string>
#include <string_view>

#include "masktag/model.h"
#include "masktag/model_image.h"

namespace masktag {

// Ensures: the bytes of models/default.model as they were when masktag was built.
std::string_view default_model_bytes();

// The default model's tables, made from the same file at build time (masktag_model_image,
// generated into the build tree): the binary carries the file's bytes for `info` and
// the tables to predict with.
extern const ModelImage kDefaultModelImage;

// Ensures: the default model, made from kDefaultModelImage: equal to
// Model::deserialize(default_model_bytes()), which a test checks for every build, at a
// fraction of its cost (nothing is parsed, checked or indexed; the tables are not copied).
Model load_default_model();

// The name messages use for the default model.
inline constexpr std::string_view kDefaultModelName = "<default model>";

// Ensures: the MD5 of `bytes` in lowercase hex, as `md5sum` prints it.
std::string md5_hex(std::string_view bytes);

}  // namespace masktag
