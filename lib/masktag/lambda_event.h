// The AWS Lambda function's handler, without the HTTP: turns an invocation's event (the
// JSON payload the Lambda Runtime API hands over) into the function's answer, as the
// reference predictor's Lambda function did.
//
// Events (a JSON object):
//   {"mask_name": "3M Aura 9205+ N95"}                 one title
//   {"mask_names": ["3M 1860s", "Honeywell H910"]}     a batch ("mask_names" wins over "mask_name")
//   {"body": "<one of the above, as a JSON string>"}    API Gateway's proxy event; "body" may
//                                                      also be the object itself
// Answer (a JSON object, API Gateway's proxy response):
//   {"statusCode":200,"headers":{"Content-Type":"application/json",
//    "Access-Control-Allow-Origin":"*"},"body":"<JSON text>"}
// where the body is the breathesafe prediction of the title (predict --output-format
// breathesafe: mask_name, tokens, breakdown, components, confidence), or for a batch
// {"predictions":[<one per title, in order>]}. A bad request is statusCode 400 with the
// body {"error":"<what is wrong>"}. In a batch, one title that is not a string or not
// valid UTF-8 makes the whole batch a 400 naming it (mask_names[i]): no predictions for
// the others (what the reference did there is not recorded; a title without tokens, which
// it answered in place, is answered in place). A body API Gateway base64-encoded
// ("isBase64Encoded": true) is not supported: 400, saying so.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "masktag/json.h"
#include "masktag/model.h"
#include "masktag/record_labeler.h"
#include "masktag/tokenizer.h"

namespace masktag {

// The handler's answer before it is put in API Gateway's envelope.
struct LambdaResponse {
    int status_code = 200;
    std::string body;  // JSON text
};

// Ensures: `response` as API Gateway's proxy response object (see above), `body` written as
// a JSON string.
std::string lambda_proxy_response(const LambdaResponse& response);

// Answers invocation events with one model. Reuses its buffers, so it is not thread-safe;
// the Runtime API hands a function one event at a time anyway.
class LambdaHandler {
public:
    // Requires: `model` outlives this object.
    explicit LambdaHandler(const Model& model);

    // Ensures: the answer to `event`, the invocation's payload:
    //  - 200 with the title's breathesafe prediction for {"mask_name": <string>};
    //  - 200 with {"predictions": [...]} for {"mask_names": [<string>, ...]} (an empty array
    //    gives an empty list); a title without tokens is {"error":"No tokens found"} in
    //    the list, as the reference did;
    //  - for {"body": ...}, the same for the request that body holds: a string is parsed as
    //    JSON, an object is used as it is, null counts as an empty request;
    //  - 400 with {"error": "..."} for anything else: an event (or body string) that is not
    //    valid JSON or not an object, neither member present, "mask_names" not an array, a
    //    title that is not a string or not valid UTF-8 (one in a batch rejects the whole
    //    batch), a single title without tokens ("No tokens found"), a body string with
    //    "isBase64Encoded": true (not supported).
    // Throws only for failures that are not the request's fault (std::bad_alloc).
    LambdaResponse handle(std::string_view event);

    // Ensures: lambda_proxy_response(handle(event)).
    std::string answer(std::string_view event) { return lambda_proxy_response(handle(event)); }

private:
    LambdaResponse handle_request(json::Value request);
    // Ensures: appends the breathesafe prediction of `title` to `out`, or returns false
    // (out unchanged) when `title` has no tokens.
    bool append_prediction(const std::string& title, std::string& out);

    RecordLabeler labeler_;
    json::Document event_, body_;
    std::string body_text_;
    TitleRecord record_;  // the title being labeled
    std::string line_;
    std::vector<Token> tokens_;
};

}  // namespace masktag
