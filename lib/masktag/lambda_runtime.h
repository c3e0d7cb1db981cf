// masktag as an AWS Lambda function on a custom runtime (provided.al2023): the client
// side of the Lambda Runtime API (HTTP, through cpp-httplib) and the loop a runtime's
// `bootstrap` runs:
//   GET  /2018-06-01/runtime/invocation/next              wait for the next event
//   POST /2018-06-01/runtime/invocation/{id}/response     its answer
//   POST /2018-06-01/runtime/invocation/{id}/error        the function failed on it
//   POST /2018-06-01/runtime/init/error                   the function could not start
// See https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "masktag/error.h"

namespace masktag {

// One event handed to the function.
struct LambdaInvocation {
    std::string request_id;  // Lambda-Runtime-Aws-Request-Id
    std::string event;       // the payload, JSON text
};

// The Runtime API answered a request with a status that is not 2xx (say 413 for a
// response over Lambda's payload limit); status() is that status.
class RuntimeApiRefused : public Error {
public:
    RuntimeApiRefused(const std::string& what, int status) : Error(what), status_(status) {}
    int status() const { return status_; }

private:
    int status_;
};

// A connection to the Runtime API. Not thread-safe.
class RuntimeApiClient {
public:
    // Requires: `address` is "HOST:PORT" (what AWS_LAMBDA_RUNTIME_API holds), HOST a
    // numeric IPv4 address or a bracketed IPv6 one (Lambda's is 127.0.0.1:9001; names are
    // refused, since resolving them in a static binary would need glibc's shared NSS).
    // Throws Error otherwise. Connects lazily.
    explicit RuntimeApiClient(const std::string& address);
    ~RuntimeApiClient();
    RuntimeApiClient(const RuntimeApiClient&) = delete;
    RuntimeApiClient& operator=(const RuntimeApiClient&) = delete;

    // Ensures: the next event, waiting up to 20 days for it (Lambda holds the request until
    // there is one; the bound is poll()'s int milliseconds, not a choice). Throws Error when
    // the API cannot be reached, does not answer within that bound, or answers with
    // anything but 200 and a request id.
    LambdaInvocation next();

    // Ensures: `payload` (JSON text) was posted as the answer to invocation `request_id`.
    // Throws RuntimeApiRefused when the API answers with a status that is not 2xx (413:
    // the payload is over Lambda's 6 MB limit), Error when it cannot be reached.
    void respond(const std::string& request_id, std::string_view payload);

    // Ensures: the function's failure on invocation `request_id` was posted, as
    // {"errorMessage": message, "errorType": type}. Throws Error as respond() does.
    void report_error(const std::string& request_id, std::string_view type, std::string_view message);

    // Ensures: the failure to start was posted to /runtime/init/error, in the same shape.
    // Throws Error as respond() does.
    void report_init_error(std::string_view type, std::string_view message);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// A started Lambda function: answers one event (JSON text) with its response payload.
// Throwing means the function failed on that event.
using LambdaFunction = std::function<std::string(std::string_view event)>;

// Runs a Lambda runtime against the Runtime API at `address` (see RuntimeApiClient).
// Requires:
//   - `init` and the function it returns are not null
// Ensures:
//   - `init` is called once; when it throws, its message goes to /runtime/init/error and
//     the result is 1
//   - otherwise every event is answered with the function `init` returned, forever
//   - what the function returns is posted as the response
//   - an exception it throws (of any type) is posted to the invocation's /error
//     (errorType "Runtime.HandlerError"), and the loop goes on
//   - a response over Lambda's 6 MB payload limit (a batch of ~11,000 titles) is not
//     posted: it goes to the invocation's /error as "Function.ResponseSizeTooLarge", and
//     the loop goes on
//   - a response the API refuses (a status that is not 2xx) goes to its /error as
//     "Function.ResponseSizeTooLarge" when refused with 413, else
//     "Runtime.ResponseRefused", and the loop goes on
//   - returns 1 (with a message on stderr) only when the Runtime API fails: it cannot be
//     reached, or refuses GET .../next or an /error; never returns 0
int run_lambda_runtime(const std::string& address, const std::function<LambdaFunction()>& init);

// The model the masktag Lambda function loads, in this order: `option` (masktag lambda
// -m) when not empty; else $MASKTAG_MODEL when set and not empty; else the file
// `masktag.model` in the executable's directory when it exists (scripts/package-lambda
// puts one there beside `bootstrap`); else "" for the model built into masktag.
std::string lambda_model_path(const std::string& option);

// Ensures: runs the masktag Lambda function (see lambda_event.h for what it answers)
// against $AWS_LAMBDA_RUNTIME_API with the model lambda_model_path(model_option) names.
// Returns 1 with a message on stderr when AWS_LAMBDA_RUNTIME_API is not set, or as
// run_lambda_runtime() does (a model that cannot be loaded is an init error).
int run_lambda(const std::string& model_option);

}  // namespace masktag
