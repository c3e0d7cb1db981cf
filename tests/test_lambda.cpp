// The Lambda function without HTTP (lambda_event.h), and the Runtime API loop
// (lambda_runtime.h) against a fake Runtime API served in-process by cpp-httplib.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <deque>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <httplib.h>

#include "masktag/default_model.h"
#include "masktag/error.h"
#include "masktag/json.h"
#include "masktag/lambda_event.h"
#include "masktag/lambda_runtime.h"
#include "masktag/record_labeler.h"

using namespace masktag;

namespace {

const Model& model() {
    static const Model m = load_default_model();
    return m;
}

// predict --output-format breathesafe's record of `title`, without its newline.
std::string breathesafe(const std::string& title) {
    RecordLabeler labeler(model(), OutputFormat::breathesafe, false);
    TitleRecord record;
    record.title = title;
    std::string out;
    labeler.label(record, out);
    out.pop_back();
    return out;
}

// The "error" member of a 400 body, decoded.
std::string error_of(const LambdaResponse& response) {
    json::Document doc;
    json::ParseError error;
    REQUIRE(doc.parse(response.body, error));
    REQUIRE(doc.root().kind() == json::Kind::object);
    std::string message;
    REQUIRE(doc.root().member("error").decode_string(message));
    return message;
}

}  // namespace

TEST_CASE("lambda: a single title is answered with its breathesafe prediction") {
    LambdaHandler handler(model());
    const LambdaResponse response = handler.handle(R"({"mask_name": "3M Aura 9205+ N95"})");
    CHECK(response.status_code == 200);
    CHECK(response.body == breathesafe("3M Aura 9205+ N95"));
    CHECK_THAT(response.body,
               Catch::StartsWith(R"({"mask_name":"3M Aura 9205+ N95","tokens":["3M","Aura","9205+","N95"])"));
}

TEST_CASE("lambda: a batch is answered with predictions in order") {
    LambdaHandler handler(model());
    const LambdaResponse response = handler.handle(R"({"mask_names": ["3M 1860s", "Honeywell H910", "Envo Small"]})");
    CHECK(response.status_code == 200);
    CHECK(response.body == "{\"predictions\":[" + breathesafe("3M 1860s") + "," + breathesafe("Honeywell H910") + "," +
                               breathesafe("Envo Small") + "]}");
    SECTION("mask_names wins over mask_name, as in the reference") {
        CHECK(handler.handle(R"({"mask_name": "x y", "mask_names": ["Envo Small"]})").body ==
              "{\"predictions\":[" + breathesafe("Envo Small") + "]}");
    }
}

TEST_CASE("lambda: an empty batch has no predictions, and a title without tokens is an error in its place") {
    LambdaHandler handler(model());
    const LambdaResponse empty = handler.handle(R"({"mask_names": []})");
    CHECK(empty.status_code == 200);
    CHECK(empty.body == R"({"predictions":[]})");
    const LambdaResponse blank = handler.handle(R"({"mask_names": ["", "Envo Small", " - "]})");
    CHECK(blank.status_code == 200);
    CHECK(blank.body == R"({"predictions":[{"error":"No tokens found"},)" + breathesafe("Envo Small") +
                            R"(,{"error":"No tokens found"}]})");
}

TEST_CASE("lambda: API Gateway's body, a JSON string or an object, holds the request") {
    LambdaHandler handler(model());
    const std::string expected = breathesafe("BreatheTeq - Large");
    const LambdaResponse string_body = handler.handle(
        R"({"resource": "/predict", "httpMethod": "POST", "body": "{\"mask_name\": \"BreatheTeq - Large\"}", "isBase64Encoded": false})");
    CHECK(string_body.status_code == 200);
    CHECK(string_body.body == expected);
    const LambdaResponse batch = handler.handle(R"({"body": "{\"mask_names\": [\"BreatheTeq - Large\"]}"})");
    CHECK(batch.body == "{\"predictions\":[" + expected + "]}");
    const LambdaResponse object_body = handler.handle(R"({"body": {"mask_name": "BreatheTeq - Large"}})");
    CHECK(object_body.status_code == 200);
    CHECK(object_body.body == expected);
    SECTION("body wins over the event's own members, as in the reference") {
        CHECK(handler.handle(R"({"mask_name": "x", "body": "{\"mask_name\": \"BreatheTeq - Large\"}"})").body ==
              expected);
    }
}

TEST_CASE("lambda: bad requests are 400 with an error message") {
    LambdaHandler handler(model());
    const auto bad = [&](std::string_view event, const std::string& message) {
        INFO(event);
        const LambdaResponse response = handler.handle(event);
        CHECK(response.status_code == 400);
        CHECK_THAT(error_of(response), Catch::Contains(message));
    };
    bad("", "Invalid JSON event");
    bad(R"({"mask_name": "3M)", "Invalid JSON event");
    bad(R"({"mask_name": "3M"} trailing)", "Invalid JSON event");
    bad(R"(["3M Aura"])", "the event must be a JSON object");
    bad(R"("3M Aura")", "the event must be a JSON object");
    bad(R"({})", "Missing required parameter: mask_name or mask_names");
    bad(R"({"title": "3M Aura"})", "Missing required parameter");
    bad(R"({"mask_name": 9205})", "mask_name must be a string");
    bad(R"({"mask_name": null})", "mask_name must be a string");
    bad(R"({"mask_name": ["3M"]})", "mask_name must be a string");
    bad(R"({"mask_names": "3M 1860s"})", "mask_names must be an array");
    bad(R"({"mask_names": {"a": "3M"}})", "mask_names must be an array");
    bad(R"({"mask_names": ["3M", 5]})", "mask_names[1] must be a string");
    bad(R"({"mask_name": "\ud800"})", "lone surrogate");
    bad("{\"mask_name\": \"3M \xff\"}", "mask_name is not valid UTF-8 (byte 4)");
    bad(R"({"mask_name": ""})", "No tokens found");
    bad(R"({"mask_name": " ,-() "})", "No tokens found");
    bad(R"({"body": "{not json"})", "Invalid JSON in body");
    bad(R"({"body": "[1, 2]"})", "the body must be a JSON object");
    bad(R"({"body": 5})", "body must be a JSON string or object");
    bad(R"({"body": null})", "Missing required parameter");
    bad(R"({"body": "{}"})", "Missing required parameter");
    bad(R"({"body": "eyJtYXNrX25hbWUiOiAiM00ifQ==", "isBase64Encoded": true})",
        "a base64-encoded body (isBase64Encoded) is not supported");
    bad(R"({"mask_names": ["3M", "Envo \ud800", "Honeywell"]})",
        "mask_names[1] holds a \\u escape of a lone surrogate");
    SECTION("and the handler goes on answering good ones") {
        CHECK(handler.handle(R"({"mask_name": "Envo Small"})").body == breathesafe("Envo Small"));
    }
}

TEST_CASE("lambda: the answer is API Gateway's proxy response, the body a JSON string") {
    CHECK(lambda_proxy_response({200, R"({"a":"b\"c"})"}) ==
          R"({"statusCode":200,"headers":{"Content-Type":"application/json","Access-Control-Allow-Origin":"*"},)"
          R"("body":"{\"a\":\"b\\\"c\"}"})");
    LambdaHandler handler(model());
    CHECK_THAT(handler.answer("{}"), Catch::StartsWith(R"({"statusCode":400,"headers":{)"));
}

namespace {

// A Runtime API in this process: hands out `events` in order, then answers GET .../next
// with 410 (which ends run_lambda_runtime), and records what is posted.
class FakeRuntimeApi {
public:
    struct Post {
        std::string path, body, error_type;
    };

    explicit FakeRuntimeApi(std::deque<std::string> events) : events_(std::move(events)) {
        server_.Get("/2018-06-01/runtime/invocation/next", [this](const httplib::Request&, httplib::Response& res) {
            std::lock_guard lock(mutex_);
            ++nexts_;
            if (events_.empty()) {
                res.status = 410;
                return;
            }
            res.set_header("Lambda-Runtime-Aws-Request-Id", "id-" + std::to_string(served_++));
            res.set_content(events_.front(), "application/json");
            events_.pop_front();
        });
        server_.Post(R"(/2018-06-01/runtime/.*)", [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard lock(mutex_);
            posts_.push_back({req.path, req.body, req.get_header_value("Lambda-Runtime-Function-Error-Type")});
            const auto refused = refusals_.find(req.path);
            res.status = refused == refusals_.end() ? 202 : refused->second;
        });
        port_ = server_.bind_to_any_port("127.0.0.1");
        REQUIRE(port_ > 0);
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~FakeRuntimeApi() {
        server_.stop();
        thread_.join();
    }

    // POSTs to `path` are answered with `status` (recorded all the same).
    void refuse(const std::string& path, int status) {
        std::lock_guard lock(mutex_);
        refusals_[path] = status;
    }
    std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
    std::vector<Post> posts() {
        std::lock_guard lock(mutex_);
        return posts_;
    }
    int nexts() {
        std::lock_guard lock(mutex_);
        return nexts_;
    }

private:
    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;
    std::mutex mutex_;
    std::deque<std::string> events_;
    std::vector<Post> posts_;
    std::map<std::string, int> refusals_;
    int served_ = 0, nexts_ = 0;
};

}  // namespace

TEST_CASE("lambda runtime: answers are posted to .../response, a failing event to .../error, and it goes on") {
    FakeRuntimeApi api({"a", "boom", "b"});
    const int status = run_lambda_runtime(api.address(), [] {
        return LambdaFunction([](std::string_view event) -> std::string {
            if (event == "boom") throw std::runtime_error("it broke \"here\"");
            return "answer to " + std::string(event);
        });
    });
    CHECK(status == 1);  // the fake API's 410 ended it
    CHECK(api.nexts() == 4);
    const auto posts = api.posts();
    REQUIRE(posts.size() == 3);
    CHECK(posts[0].path == "/2018-06-01/runtime/invocation/id-0/response");
    CHECK(posts[0].body == "answer to a");
    CHECK(posts[1].path == "/2018-06-01/runtime/invocation/id-1/error");
    CHECK(posts[1].body == R"({"errorMessage":"it broke \"here\"","errorType":"Runtime.HandlerError"})");
    CHECK(posts[1].error_type == "Runtime.HandlerError");
    CHECK(posts[2].path == "/2018-06-01/runtime/invocation/id-2/response");
    CHECK(posts[2].body == "answer to b");
}

TEST_CASE("lambda runtime: a response the API refuses (413: too large) goes to .../error, and it goes on") {
    FakeRuntimeApi api({"big", "odd", "thrown", "huge", "b"});
    api.refuse("/2018-06-01/runtime/invocation/id-0/response", 413);
    api.refuse("/2018-06-01/runtime/invocation/id-1/response", 400);
    const int status = run_lambda_runtime(api.address(), [] {
        return LambdaFunction([](std::string_view event) -> std::string {
            if (event == "thrown") throw 42;                        // not a std::exception
            if (event == "huge") return std::string(6291557, 'x');  // over the limit: not even posted
            return "answer to " + std::string(event);
        });
    });
    CHECK(status == 1);  // the fake API's 410 ended it, not the refusals
    CHECK(api.nexts() == 6);
    const auto posts = api.posts();
    REQUIRE(posts.size() == 7);
    CHECK(posts[0].path == "/2018-06-01/runtime/invocation/id-0/response");
    CHECK(posts[1].path == "/2018-06-01/runtime/invocation/id-0/error");
    CHECK(posts[1].body == R"({"errorMessage":"the response (13 bytes) is over Lambda's 6 MB payload limit: )"
                           R"(send fewer titles per event","errorType":"Function.ResponseSizeTooLarge"})");
    CHECK(posts[1].error_type == "Function.ResponseSizeTooLarge");
    CHECK(posts[2].path == "/2018-06-01/runtime/invocation/id-1/response");
    CHECK(posts[3].path == "/2018-06-01/runtime/invocation/id-1/error");
    CHECK(posts[3].error_type == "Runtime.ResponseRefused");
    CHECK_THAT(posts[3].body, Catch::Contains("status 400"));
    CHECK(posts[4].path == "/2018-06-01/runtime/invocation/id-2/error");
    CHECK(posts[4].error_type == "Runtime.HandlerError");
    CHECK_THAT(posts[4].body, Catch::Contains("not a std::exception"));
    CHECK(posts[5].path == "/2018-06-01/runtime/invocation/id-3/error");
    CHECK(posts[5].body == R"({"errorMessage":"the response (6291557 bytes) is over Lambda's 6 MB payload limit: )"
                           R"(send fewer titles per event","errorType":"Function.ResponseSizeTooLarge"})");
    CHECK(posts[6].path == "/2018-06-01/runtime/invocation/id-4/response");
    CHECK(posts[6].body == "answer to b");
}

TEST_CASE("lambda runtime: a function that cannot start is reported to /runtime/init/error") {
    FakeRuntimeApi api({"a"});
    const int status = run_lambda_runtime(api.address(), []() -> LambdaFunction {
        throw Error("cannot open model file: No such file or directory", "x.model");
    });
    CHECK(status == 1);
    CHECK(api.nexts() == 0);
    const auto posts = api.posts();
    REQUIRE(posts.size() == 1);
    CHECK(posts[0].path == "/2018-06-01/runtime/init/error");
    CHECK(
        posts[0].body ==
        R"j({"errorMessage":"cannot open model file: No such file or directory (x.model)","errorType":"Runtime.InitError"})j");
}

TEST_CASE("lambda runtime: the masktag handler behind the loop") {
    FakeRuntimeApi api({R"({"mask_name": "Envo Small"})", "{}"});
    run_lambda_runtime(api.address(), [] {
        auto handler = std::make_shared<LambdaHandler>(model());
        return LambdaFunction([handler](std::string_view event) { return handler->answer(event); });
    });
    const auto posts = api.posts();
    REQUIRE(posts.size() == 2);
    CHECK(posts[0].body == lambda_proxy_response({200, breathesafe("Envo Small")}));
    CHECK_THAT(posts[1].body, Catch::StartsWith(R"({"statusCode":400,)"));
}

TEST_CASE("lambda runtime: the Runtime API address is a numeric HOST:PORT") {
    for (const char* good : {"127.0.0.1:9001", "[::1]:9001", "10.0.0.1:1"}) {
        INFO(good);
        CHECK_NOTHROW(RuntimeApiClient(good));
    }
    for (const char* bad : {"localhost:9001", "127.0.0.1", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536",
                            "127.0.0.1:99999999999", "127.0.0.1:9x", ":9001", ""}) {
        INFO(bad);
        CHECK_THROWS_AS(RuntimeApiClient(bad), Error);
    }
}

TEST_CASE("lambda runtime: an unreachable Runtime API ends the loop with status 1") {
    // Port 1 on the loopback: nothing listens there (it is privileged and unassigned).
    CHECK(run_lambda_runtime("127.0.0.1:1", [] { return LambdaFunction([](std::string_view) { return ""; }); }) == 1);
}

TEST_CASE("lambda: the model is -m, else $MASKTAG_MODEL, else masktag.model beside the executable, else built in") {
    const char* saved = std::getenv("MASKTAG_MODEL");
    const std::string saved_value = saved ? saved : "";
    ::unsetenv("MASKTAG_MODEL");
    CHECK(lambda_model_path("a.model") == "a.model");
    CHECK(lambda_model_path("") == "");  // no masktag.model beside the test binary
    ::setenv("MASKTAG_MODEL", "/opt/b.model", 1);
    CHECK(lambda_model_path("") == "/opt/b.model");
    CHECK(lambda_model_path("a.model") == "a.model");
    ::setenv("MASKTAG_MODEL", "", 1);
    CHECK(lambda_model_path("") == "");
    if (saved)
        ::setenv("MASKTAG_MODEL", saved_value.c_str(), 1);
    else
        ::unsetenv("MASKTAG_MODEL");
}
