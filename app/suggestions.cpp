#include "suggestions.h"

#include <algorithm>
#include <cstdio>

#include <fmt/format.h>

#include "cli_options.h"
#include "masktag/io.h"
#include "masktag/messages.h"

namespace masktag::cli {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

std::string nearest(std::string_view typed, const std::vector<std::string>& candidates) {
    std::string best;
    std::size_t best_distance = std::max<std::size_t>(2, typed.size() / 3) + 1;
    for (const std::string& c : candidates) {
        const std::size_t d = edit_distance(typed, c);
        if (d < best_distance) {
            best = c;
            best_distance = d;
        }
    }
    return best;
}

std::string usage_message(const CLI::ParseError& e) {
    std::string text = e.what();
    if (const std::size_t at = text.find(": must be "); at != std::string::npos && text.starts_with("--"))
        text.erase(at, 1);
    return text;
}

std::string option_suggestion(CLI::App& app, const CLI::ParseError& e) {
    if (dynamic_cast<const CLI::ExtrasError*>(&e) == nullptr) return {};
    std::vector<std::string> options;
    const auto collect = [&](const CLI::App& command) {
        for (const CLI::Option* option : command.get_options()) {
            for (const std::string& name : option->get_lnames()) options.push_back("--" + name);
            for (const std::string& name : option->get_snames()) options.push_back("-" + name);
        }
    };
    collect(app);
    for (const CLI::App* sub : app.get_subcommands()) collect(*sub);
    // The extra arguments are listed after the message's colon.
    const std::string text = e.what();
    std::size_t at = text.rfind(": ");
    if (at == std::string::npos) return {};
    for (std::size_t start = at + 2; start < text.size();) {
        std::size_t end = text.find(' ', start);
        if (end == std::string::npos) end = text.size();
        std::string word = text.substr(start, end - start);
        start = end + 1;
        if (!word.starts_with("-")) continue;
        word = word.substr(0, word.find('='));
        if (const std::string guess = nearest(word, options); !guess.empty()) return "; did you mean '" + guess + "'?";
    }
    return {};
}

std::optional<int> answer_help_or_unknown_command(CLI::App& app, int argc, char** argv) {
    std::vector<std::string> command_names;
    for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
        command_names.push_back(sub->get_name());
    if (argc >= 2 && argv[1][0] != '-') {
        const std::string first = argv[1];
        const auto known = [&](const std::string& name) {
            return std::find(command_names.begin(), command_names.end(), name) != command_names.end();
        };
        if (first == "help") {
            if (argc == 2) {
                std::fputs(app.help().c_str(), stdout);
                return 0;
            }
            if (known(argv[2])) {  // as `masktag <command> --help`
                static char help_flag[] = "--help";
                char* help_argv[] = {argv[0], argv[2], help_flag, nullptr};
                try {
                    app.parse(3, help_argv);
                } catch (const CLI::ParseError& e) {
                    return app.exit(e);
                }
                return 0;
            }
        }
        const std::string typed = first == "help" ? argv[2] : first;
        if (!known(typed)) {
            const std::string guess = nearest(typed, command_names);
            std::string all;
            for (const auto& n : command_names) all += (all.empty() ? "" : ", ") + n;
            say(fmt::format("unknown command '{}'{} (commands: {}, help)", typed,
                            guess.empty() ? "" : "; did you mean '" + guess + "'?", all));
            return kUsageError;
        }
    }
    return std::nullopt;
}

std::optional<int> refuse_unknown_option(CLI::App& app, int argc, char** argv) {
    if (argc >= 2 && argv[1][0] != '-') {
        std::vector<std::string> known;
        const auto collect = [&](const CLI::App& command) {
            for (const CLI::Option* option : command.get_options())
                for (const std::string& name : option->get_lnames()) known.push_back("--" + name);
        };
        collect(app);
        collect(*app.get_subcommand(argv[1]));
        for (int i = 2; i < argc; ++i) {
            const std::string arg = argv[i];
            if (arg == "--") break;
            if (!arg.starts_with("--")) continue;
            const std::string name = arg.substr(0, arg.find('='));
            if (std::find(known.begin(), known.end(), name) != known.end()) continue;
            const std::string guess = nearest(name, known);
            say(fmt::format("{}: unknown option '{}'{} (run 'masktag {} --help')", argv[1], name,
                            guess.empty() ? "" : "; did you mean '" + guess + "'?", argv[1]));
            return kUsageError;
        }
    }
    return std::nullopt;
}

}  // namespace masktag::cli
