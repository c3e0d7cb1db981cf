#include "masktag/default_model.h"

#include <dlib/md5.h>

// The model file is assembled straight into read-only data: no generated source, and the
// build reruns this file whenever models/default.model changes (OBJECT_DEPENDS).
__asm__(
    ".section .rodata.masktag_default_model,\"a\",@progbits\n"
    ".balign 16\n"
    "masktag_default_model_begin:\n"
    ".incbin \"" MASKTAG_DEFAULT_MODEL_PATH
    "\"\n"
    "masktag_default_model_end:\n"
    ".previous\n");

extern "C" const char masktag_default_model_begin[];
extern "C" const char masktag_default_model_end[];

namespace masktag {

std::string_view default_model_bytes() {
    return std::string_view(masktag_default_model_begin,
                            static_cast<std::size_t>(masktag_default_model_end - masktag_default_model_begin));
}

Model load_default_model() { return model_from_image(kDefaultModelImage); }

std::string md5_hex(std::string_view bytes) { return dlib::md5(std::string(bytes)); }

}  // namespace masktag
