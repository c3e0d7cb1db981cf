#include "masktag/output_names.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "masktag/error.h"

namespace masktag {
namespace {

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "'" : ", '") + n + "'";
    return out;
}

std::string folded(std::string name, bool ignore_case) {
    if (ignore_case)
        for (char& c : name)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return name;
}

// The names that `prefix` + an added name would repeat (as the input spells them).
std::vector<std::string> collisions(const std::map<std::string, std::string>& input,
                                    const std::vector<std::string>& added, std::string_view prefix, bool ignore_case) {
    std::vector<std::string> found;
    for (const std::string& name : added)
        if (const auto it = input.find(folded(std::string(prefix) + name, ignore_case)); it != input.end())
            found.push_back(it->second);
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
            return {"mask_name", "tokens", "breakdown", "components", "confidence", "error", "input"};
        case OutputFormat::conll:
            return {};
        case OutputFormat::jsonl:
            break;
    }
    std::vector<std::string> names{"tokens", "labels", "components", "confidence"};
    if (details) names.insert(names.end(), {"marginals", "probability"});
    names.insert(names.end(), {"error", "input"});
    return names;
}

OutputNaming choose_output_naming(const std::vector<std::string>& input_names, const std::vector<std::string>& added,
                                  const std::optional<std::string>& requested, bool ignore_case) {
    std::map<std::string, std::string> input;  // folded name -> the name as the input spells it
    std::vector<std::string> repeated;
    for (const std::string& name : input_names) {
        const auto [it, fresh] = input.emplace(folded(name, ignore_case), name);
        if (fresh) continue;
        const std::string both = it->second == name ? name : it->second + "' and '" + name;
        if (std::find(repeated.begin(), repeated.end(), both) == repeated.end()) repeated.push_back(both);
    }
    if (!repeated.empty())
        throw Error(fmt::format(
            "the input names {} more than once{}; an output naming it twice would lose one of "
            "the values in most readers: rename the repeated columns or members",
            joined(repeated), ignore_case ? " (letter case aside, as SQL and spreadsheets read names)" : ""));
    OutputNaming naming;
    naming.collisions = collisions(input, added, "", ignore_case);
    naming.prefix = requested ? *requested : naming.collisions.empty() ? "" : std::string(kDefaultPrefix);
    if (const auto left = collisions(input, added, naming.prefix, ignore_case); !left.empty())
        throw Error(
            fmt::format("the input already has {}, which masktag would add: choose a prefix for masktag's "
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
    rules.utf8_fields = !rules.fixed;  // every other format is JSON, or (CoNLL) carries JSON
    return rules;
}

}  // namespace masktag
