// Replays inputs through a fuzz target's LLVMFuzzerTestOneInput without libFuzzer, so the
// regression inputs (tests/fuzz-regressions/TARGET/) and the seeds run in every test
// build, with any compiler. Usage: replay [PATH...] [--each-flag PATH...]
// A PATH is a file or a directory of files (not recursive). After --each-flag, each file
// is fed 256 times, once behind every value of the flag byte the targets read first.
// A missing path is an error, so a test cannot pass by reading nothing.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

int feed(const std::string& bytes) {
    // A copy of its own, so reads past the end show up under AddressSanitizer.
    std::vector<std::uint8_t> copy(bytes.begin(), bytes.end());
    return LLVMFuzzerTestOneInput(copy.empty() ? nullptr : copy.data(), copy.size());
}

}  // namespace

int main(int argc, char** argv) {
    bool each_flag = false;
    std::size_t inputs = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--each-flag") {
            each_flag = true;
            continue;
        }
        std::vector<std::filesystem::path> files;
        std::error_code ec;
        if (std::filesystem::is_directory(arg, ec)) {
            for (const auto& entry : std::filesystem::directory_iterator(arg))
                if (entry.is_regular_file()) files.push_back(entry.path());
            std::sort(files.begin(), files.end());
        } else if (std::filesystem::is_regular_file(arg, ec)) {
            files.push_back(arg);
        } else {
            std::fprintf(stderr, "replay: no such file or directory: %s\n", arg.c_str());
            return 2;
        }
        for (const auto& file : files) {
            std::ifstream in(file, std::ios::binary);
            const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            std::fprintf(stderr, "replay: %s (%zu bytes)%s\n", file.c_str(), bytes.size(),
                         each_flag ? " x 256 flags" : "");
            if (each_flag)
                for (int flag = 0; flag < 256; ++flag) feed(std::string(1, static_cast<char>(flag)) + bytes);
            else
                feed(bytes);
            ++inputs;
        }
    }
    std::fprintf(stderr, "replay: %zu inputs, no crash\n", inputs);
    return inputs > 0 ? 0 : 2;
}
