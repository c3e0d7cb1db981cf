#include "masktag/lambda_runtime.h"

#include <arpa/inet.h>

#include <chrono>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <new>
#include <system_error>

// Header-only, plain HTTP: no CPPHTTPLIB_OPENSSL_SUPPORT, _ZLIB_SUPPORT or _BROTLI_SUPPORT,
// so nothing more is linked into the static binary.
#include <httplib.h>

#include <fmt/format.h>

#include "masktag/default_model.h"
#include "masktag/error.h"
#include "masktag/io.h"
#include "masktag/messages.h"
#include "masktag/json.h"
#include "masktag/lambda_event.h"
#include "masktag/model.h"

namespace masktag {
namespace {

constexpr const char* kApiPrefix = "/2018-06-01/runtime";

// How long GET .../next may wait for an event. Lambda holds it until there is one (the
// environment is frozen meanwhile); poll() takes int milliseconds, so stay below 24.8 days.
constexpr auto kNextTimeout = std::chrono::hours(24 * 20);
// Lambda's limit on a synchronous invocation's response payload, in bytes, as its
// "exceeded maximum allowed payload size (6291556 bytes)" errors state. A larger answer is
// not posted: Lambda would refuse it (413), or drop the connection mid-upload, which would
// look like the Runtime API failing.
constexpr std::size_t kMaxResponseBytes = 6291556;
// Every other request is answered at once.
constexpr auto kPostTimeout = std::chrono::seconds(30);

std::string error_payload(std::string_view type, std::string_view message) {
    std::string out = "{\"errorMessage\":";
    json::append_string(out, message);
    out += ",\"errorType\":";
    json::append_string(out, type);
    out += '}';
    return out;
}

bool is_numeric_address(const std::string& host) {
    unsigned char buffer[sizeof(in6_addr)];
    return inet_pton(AF_INET, host.c_str(), buffer) == 1 || inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

}  // namespace

struct RuntimeApiClient::Impl {
    std::string address;
    httplib::Client client;

    Impl(std::string address_, const std::string& host, int port) : address(std::move(address_)), client(host, port) {}

    // Ensures: the API accepted `body` posted to `path` (a 2xx status). Throws Error.
    void post(const std::string& path, std::string_view body, const httplib::Headers& headers = {}) {
        client.set_read_timeout(kPostTimeout);
        const httplib::Result result = client.Post(path, headers, body.data(), body.size(), "application/json");
        if (!result)
            throw Error(fmt::format("the Lambda Runtime API at {} failed: POST {}: {}", address, path,
                                    httplib::to_string(result.error())));
        if (result->status / 100 != 2)
            throw RuntimeApiRefused(fmt::format("the Lambda Runtime API at {} refused POST {} with status {}: {}",
                                                address, path, result->status, result->body),
                                    result->status);
    }
};

RuntimeApiClient::RuntimeApiClient(const std::string& address) {
    const std::size_t colon = address.rfind(':');
    std::string host = colon == std::string::npos ? std::string() : address.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    const std::string port_text = colon == std::string::npos ? std::string() : address.substr(colon + 1);
    int port = 0;
    for (const char c : port_text) {
        if (c < '0' || c > '9' || port > 65535) {
            port = 0;
            break;
        }
        port = port * 10 + (c - '0');
    }
    if (!is_numeric_address(host) || port < 1 || port > 65535)
        throw Error(
            fmt::format("the Lambda Runtime API address '{}' is not HOST:PORT with a numeric IP address "
                        "(Lambda sets AWS_LAMBDA_RUNTIME_API to one such as 127.0.0.1:9001)",
                        address));
    impl_ = std::make_unique<Impl>(address, host, port);
    // Mapping the address to itself makes httplib ask getaddrinfo for AI_NUMERICHOST: no
    // name service, which a static binary could not load.
    impl_->client.set_hostname_addr_map({{host, host}});
    impl_->client.set_keep_alive(true);
    impl_->client.set_tcp_nodelay(true);
}

RuntimeApiClient::~RuntimeApiClient() = default;

LambdaInvocation RuntimeApiClient::next() {
    const std::string path = std::string(kApiPrefix) + "/invocation/next";
    impl_->client.set_read_timeout(kNextTimeout);
    const httplib::Result result = impl_->client.Get(path);
    if (!result)
        throw Error(fmt::format("the Lambda Runtime API at {} failed: GET {}: {}", impl_->address, path,
                                httplib::to_string(result.error())));
    if (result->status != 200)
        throw Error(fmt::format("the Lambda Runtime API at {} answered GET {} with status {}: {}", impl_->address, path,
                                result->status, result->body));
    LambdaInvocation invocation{result->get_header_value("Lambda-Runtime-Aws-Request-Id"), result->body};
    if (invocation.request_id.empty())
        throw Error(fmt::format("the Lambda Runtime API at {} sent an event without Lambda-Runtime-Aws-Request-Id",
                                impl_->address));
    return invocation;
}

void RuntimeApiClient::respond(const std::string& request_id, std::string_view payload) {
    impl_->post(std::string(kApiPrefix) + "/invocation/" + request_id + "/response", payload);
}

void RuntimeApiClient::report_error(const std::string& request_id, std::string_view type, std::string_view message) {
    impl_->post(std::string(kApiPrefix) + "/invocation/" + request_id + "/error", error_payload(type, message),
                {{"Lambda-Runtime-Function-Error-Type", std::string(type)}});
}

void RuntimeApiClient::report_init_error(std::string_view type, std::string_view message) {
    impl_->post(std::string(kApiPrefix) + "/init/error", error_payload(type, message),
                {{"Lambda-Runtime-Function-Error-Type", std::string(type)}});
}

int run_lambda_runtime(const std::string& address, const std::function<LambdaFunction()>& init) {
    try {
        RuntimeApiClient api(address);
        LambdaFunction function;
        try {
            function = init();
        } catch (const std::exception& e) {
            say(fmt::format("lambda: cannot start: {}", e.what()));
            api.report_init_error("Runtime.InitError", e.what());
            return 1;
        }
        while (true) {
            const LambdaInvocation invocation = api.next();
            std::string answer;
            std::string failure;
            try {
                answer = function(invocation.event);
            } catch (const std::bad_alloc&) {
                failure = "out of memory";
            } catch (const std::exception& e) {
                failure = e.what();
            } catch (...) {
                // Not a std::exception: still this event's failure, not the runtime's.
                failure = "the function failed with an exception that is not a std::exception";
            }
            std::string failure_type = "Runtime.HandlerError";
            const auto too_large = [&] {
                failure_type = "Function.ResponseSizeTooLarge";
                failure = fmt::format(
                    "the response ({} bytes) is over Lambda's 6 MB payload limit: "
                    "send fewer titles per event",
                    answer.size());
            };
            if (failure.empty() && answer.size() > kMaxResponseBytes) too_large();
            if (failure.empty()) {
                try {
                    api.respond(invocation.request_id, answer);
                } catch (const RuntimeApiRefused& e) {
                    // Lambda refuses a response it cannot deliver (413: over its payload
                    // limit); that is this invocation's failure, and the runtime serves the next.
                    if (e.status() == 413) {
                        too_large();
                    } else {
                        failure_type = "Runtime.ResponseRefused";
                        failure = e.what();
                    }
                }
            }
            if (!failure.empty()) {
                say(fmt::format("lambda: invocation {} failed: {}", invocation.request_id, failure));
                api.report_error(invocation.request_id, failure_type, failure);
            }
        }
    } catch (const std::exception& e) {
        say(fmt::format("lambda: {}", e.what()));
        return 1;
    }
}

std::string lambda_model_path(const std::string& option) {
    if (!option.empty()) return option;
    if (const char* env = std::getenv("MASKTAG_MODEL"); env != nullptr && *env != '\0') return env;
    std::error_code error;
    const std::filesystem::path executable = std::filesystem::read_symlink("/proc/self/exe", error);
    if (!error) {
        const std::filesystem::path beside = executable.parent_path() / "masktag.model";
        if (std::filesystem::is_regular_file(beside, error)) return beside.string();
    }
    return {};
}

int run_lambda(const std::string& model_option) {
    const char* address = std::getenv("AWS_LAMBDA_RUNTIME_API");
    if (address == nullptr || *address == '\0') {
        say("lambda: AWS_LAMBDA_RUNTIME_API is not set: this runs as an AWS Lambda function's "
            "bootstrap, under Lambda or a Runtime API emulator");
        return 1;
    }
    const std::string model_path = lambda_model_path(model_option);
    return run_lambda_runtime(address, [&]() -> LambdaFunction {
        auto model = std::make_shared<const Model>(model_path.empty() ? load_default_model() : Model::load(model_path));
        say(fmt::format("lambda: serving {} ({} labels)",
                        model_path.empty() ? std::string(kDefaultModelName) : model_path, model->num_labels()));
        auto handler = std::make_shared<LambdaHandler>(*model);
        return [model, handler](std::string_view event) { return handler->answer(event); };
    });
}

}  // namespace masktag
