#include "masktag/lambda_event.h"

#include <fmt/format.h>

namespace masktag {
namespace {

LambdaResponse bad_request(std::string_view message) {
    LambdaResponse response{400, "{\"error\":"};
    json::append_string(response.body, message);
    response.body += '}';
    return response;
}

// Ensures: a message for a title that is not a string or not valid UTF-8, naming it as
// `name`; empty when `value` is a usable title, which is then in `title`.
std::string read_title(json::Value value, std::string_view name, std::string& title) {
    if (value.kind() != json::Kind::string) return fmt::format("{} must be a string", name);
    if (!value.decode_string(title)) return fmt::format("{} holds a \\u escape of a lone surrogate", name);
    const std::size_t bad = find_invalid_utf8(title);
    if (bad != title.size()) return fmt::format("{} is not valid UTF-8 (byte {})", name, bad + 1);
    if (std::string too_many = too_many_tokens(title); !too_many.empty()) return fmt::format("{}: {}", name, too_many);
    return {};
}

}  // namespace

std::string lambda_proxy_response(const LambdaResponse& response) {
    std::string out = fmt::format(
        "{{\"statusCode\":{},\"headers\":{{\"Content-Type\":\"application/json\","
        "\"Access-Control-Allow-Origin\":\"*\"}},\"body\":",
        response.status_code);
    json::append_string(out, response.body);
    out += '}';
    return out;
}

LambdaHandler::LambdaHandler(const Model& model) : labeler_(model, OutputFormat::breathesafe, false) {}

LambdaResponse LambdaHandler::handle(std::string_view event) {
    json::ParseError error;
    if (!event_.parse(event, error))
        return bad_request(fmt::format("Invalid JSON event: {} (byte {})", error.message, error.offset + 1));
    const json::Value root = event_.root();
    if (root.kind() != json::Kind::object) return bad_request("the event must be a JSON object");
    const json::Value body = root.member("body");
    if (!body.valid()) return handle_request(root);
    switch (body.kind()) {
        case json::Kind::object:
            return handle_request(body);
        case json::Kind::null:
            return handle_request(json::Value());
        case json::Kind::string: {
            // API Gateway base64-encodes bodies it takes for binary; masktag takes JSON text
            // only, and says so instead of "Invalid JSON in body".
            const json::Value base64 = root.member("isBase64Encoded");
            if (base64.valid() && base64.kind() == json::Kind::boolean && base64.raw() == "true")
                return bad_request(
                    "a base64-encoded body (isBase64Encoded) is not supported: send the request as JSON text");
            if (!body.decode_string(body_text_) || !body_.parse(body_text_, error))
                return bad_request("Invalid JSON in body");
            if (body_.root().kind() != json::Kind::object) return bad_request("the body must be a JSON object");
            return handle_request(body_.root());
        }
        default:
            return bad_request("body must be a JSON string or object");
    }
}

LambdaResponse LambdaHandler::handle_request(json::Value request) {
    const json::Value names = request.valid() ? request.member("mask_names") : json::Value();
    if (names.valid()) {
        if (names.kind() != json::Kind::array) return bad_request("mask_names must be an array");
        LambdaResponse response{200, "{\"predictions\":["};
        std::size_t index = 0;
        for (json::Value name = names.first(); name.valid(); name = name.next(), ++index) {
            const std::string problem = read_title(name, fmt::format("mask_names[{}]", index), record_.title);
            if (!problem.empty()) return bad_request(problem);
            if (index > 0) response.body += ',';
            if (!append_prediction(record_.title, response.body)) response.body += "{\"error\":\"No tokens found\"}";
        }
        response.body += "]}";
        return response;
    }
    const json::Value name = request.valid() ? request.member("mask_name") : json::Value();
    if (!name.valid()) return bad_request("Missing required parameter: mask_name or mask_names");
    const std::string problem = read_title(name, "mask_name", record_.title);
    if (!problem.empty()) return bad_request(problem);
    LambdaResponse response;
    if (!append_prediction(record_.title, response.body)) return bad_request("No tokens found");
    return response;
}

bool LambdaHandler::append_prediction(const std::string& title, std::string& out) {
    tokenize(title, tokens_);
    if (tokens_.empty()) return false;
    if (&title != &record_.title) record_.title = title;
    labeler_.label(record_, line_);
    if (!line_.empty() && line_.back() == '\n') line_.pop_back();
    out += line_;
    return true;
}

}  // namespace masktag
