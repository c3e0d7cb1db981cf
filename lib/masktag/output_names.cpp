#include "masktag/output_names.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "masktag/error.h"

namespace masktag {
namespace {

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "'" : ", '") + n + "'";
    return out;
}

// The input names that `prefix` + an added name would repeat.
std::vector<std::string> collisions(const std::set<std::string, std::less<>>& input, const std::vector<std::string>& added,
                                    std::string_view prefix) {
    std::vector<std::string> found;
    for (const std::string& name : added)
        if (std::string prefixed = std::string(prefix) + name; input.count(prefixed) > 0) found.push_back(prefixed);
    return found;
}

}  // namespace

std::vector<std::string> added_names(OutputFormat format, const std::vector<std::string>& labels, bool details) {
    switch (format) {
        case OutputFormat::csv:
        case OutputFormat::tsv: {
            std::vector<std::string> names = labels;
            names.insert(names.end(), {"confidence", "error"});
            return names;
        }
        case OutputFormat::breathesafe:
            return {"mask_name", "tokens", "breakdown", "components", "confidence", "error"};
        case OutputFormat::conll: return {};
        case OutputFormat::jsonl: break;
    }
    std::vector<std::string> names{"tokens", "labels", "components", "confidence"};
    if (details) names.insert(names.end(), {"marginals", "probability"});
    names.insert(names.end(), {"error", "input"});
    return names;
}

OutputNaming choose_output_naming(const std::vector<std::string>& input_names, const std::vector<std::string>& added,
                                  const std::optional<std::string>& requested) {
    std::set<std::string, std::less<>> input;
    std::vector<std::string> repeated;
    for (const std::string& name : input_names)
        if (!input.insert(name).second && std::find(repeated.begin(), repeated.end(), name) == repeated.end())
            repeated.push_back(name);
    if (!repeated.empty())
        throw Error(fmt::format("the input names {} more than once; an output naming it twice would lose one of the "
                                "values in most readers: rename the repeated columns or members",
                                joined(repeated)));
    OutputNaming naming;
    naming.collisions = collisions(input, added, "");
    naming.prefix = requested ? *requested : naming.collisions.empty() ? "" : std::string(kDefaultPrefix);
    if (const auto left = collisions(input, added, naming.prefix); !left.empty())
        throw Error(fmt::format("the input already has {}, which masktag would add: choose a prefix for masktag's "
                                "names that no input name starts with (--prefix P)",
                                joined(left)));
    return naming;
}

std::vector<std::string> carried_names(const TitleReader& reader, const TitleInputOptions& options,
                                       OutputFormat format) {
    std::vector<std::string> names = reader.columns();
    if (format != OutputFormat::breathesafe) return names;
    if (reader.format() == TitleFormat::csv) {
        if (reader.title_column() < names.size())
            names.erase(names.begin() + static_cast<std::ptrdiff_t>(reader.title_column()));
        return names;
    }
    if (reader.format() == TitleFormat::text) return {};
    // JSON: the title's member, as the reader picks it for the first record.
    std::string_view title = options.field;
    if (title.empty())
        for (const std::string_view field : kDefaultTitleFields)
            if (std::find(names.begin(), names.end(), field) != names.end()) {
                title = field;
                break;
            }
    std::erase_if(names, [&](const std::string& name) { return name == title; });
    return names;
}

MemberRules member_rules(OutputFormat format, const std::vector<std::string>& added, const std::string& prefix) {
    MemberRules rules;
    for (const std::string& name : added) rules.reserved.push_back(prefix + name);
    rules.title_exempt = format == OutputFormat::breathesafe;
    rules.fixed = format == OutputFormat::csv || format == OutputFormat::tsv;
    return rules;
}

}  // namespace masktag
