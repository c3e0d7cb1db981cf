// masktag_model_image MODEL OUT.cpp [VARIABLE]: the build step that turns
// models/default.model into the tables compiled into masktag (model_image.h), so the
// built-in model starts unparsed. VARIABLE names the ModelImage (kDefaultModelImage).
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>

#include "masktag/io.h"
#include "masktag/model_image.h"

int main(int argc, char** argv) {
    if (argc != 3 && argc != 4) {
        std::fprintf(stderr, "usage: masktag_model_image MODEL OUT.cpp [VARIABLE]\n");
        return 2;
    }
    const std::string variable = argc == 4 ? argv[3] : "kDefaultModelImage";
    try {
        const masktag::Model model = masktag::Model::load(argv[1]);
        const std::string source =
            masktag::model_image_source(model, variable, std::filesystem::path(argv[1]).filename().string());
        masktag::AtomicFile out(argv[2]);
        masktag::write_or_throw(out.stream(), source, argv[2], "model image");
        out.commit();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "masktag_model_image: %s\n", e.what());
        return 1;
    }
}
