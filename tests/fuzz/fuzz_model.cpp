// The model loader on arbitrary bytes: a model is loaded or refused with an Error, and a
// loaded one labels a title.
#include <cstdint>
#include <string>
#include <vector>

#include "masktag/error.h"
#include "masktag/model.h"
#include "masktag/predictor.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const masktag::Model model =
            masktag::Model::deserialize(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
        if (model.num_labels() > 64) return 0;  // labels cost L^2: keep each run short
        masktag::Predictor predictor(model);
        const std::string title = "3M Aura 9205+ N95 Medium/Large";
        std::vector<masktag::Token> tokens;
        masktag::tokenize(title, tokens);
        std::vector<unsigned long> labels;
        std::vector<double> marginals, best;
        predictor.predict(title, tokens, labels);
        predictor.confidence(labels, marginals, best);
        for (const unsigned long l : labels)
            if (l >= model.num_labels()) __builtin_trap();
    } catch (const masktag::Error&) {
    }
    return 0;
}
