//! The OpenAPI 3.1 description of this API, served at `GET /api/openapi.json`.
//!
//! Written by hand to mirror API.md and what the server really answers: every status
//! an operation can send is listed (the fuzzer, `code-platform/tests/fuzz/run.sh`,
//! fails on any other), and sizes are stated the way the server counts them.

use serde_json::{json, Map, Value};

/// What every operation can answer besides its own statuses.
const UNAVAILABLE: &str = "Postgres or Redis is unavailable (`unavailable`), or the request took \
    longer than HTTP_REQUEST_TIMEOUT_MS (`timeout`)";

fn error_response(description: &str) -> Value {
    json!({ "description": description,
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } })
}

fn rate_limited(what: &str) -> Value {
    let mut response = error_response(&format!("Too many {what} (`rate_limited`)"));
    response["headers"] = json!({ "Retry-After": { "required": true,
        "description": "Seconds until the limit's window ends",
        "schema": { "type": "integer", "minimum": 1 } } });
    response
}

fn ok(description: &str, schema: Value) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": schema } } })
}

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn wrapped(field: &str, schema: Value) -> Value {
    json!({ "type": "object", "required": [field], "properties": { field: schema } })
}

/// A 64-bit integer, bounded as the server parses it.
fn int64() -> Value {
    json!({ "type": "integer", "minimum": i64::MIN, "maximum": i64::MAX })
}

fn id_param(format: &str) -> Value {
    let schema = if format == "uuid" {
        json!({ "type": "string", "format": "uuid" })
    } else {
        int64()
    };
    json!([{ "name": "id", "in": "path", "required": true, "schema": schema }])
}

/// Text the server stores: any string without NUL (Postgres cannot hold it).
fn text(description: &str) -> Value {
    json!({ "type": "string", "pattern": NUL_FREE, "description": description })
}

const NUL_FREE: &str = "^[^\\u0000]*$";

/// A request body object with `properties`. Other fields are ignored, but checked like
/// the rest: no NUL anywhere (the server refuses it before looking at the fields).
fn body_object(required: &[&str], properties: Value) -> Value {
    json!({ "type": "object", "required": required, "properties": properties,
            "propertyNames": { "pattern": NUL_FREE },
            "additionalProperties": reference("StorableJson") })
}

/// A JSON request body and the answers its parsing can give.
fn json_body(schema: Value, responses: &mut Map<String, Value>) -> Value {
    for (status, description) in [
        ("400", "The body is not valid JSON (`malformed_json`)"),
        ("413", "The body is over 1 MiB (`body_too_large`), or code over 65536 bytes (`code_too_large`)"),
        ("415", "The body is not sent as application/json (`unsupported_media_type`)"),
        ("422", "A field is missing or of the wrong type (`invalid_body`), or text holds NUL (`unstorable_text`)"),
    ] {
        responses
            .entry(status)
            .or_insert_with(|| error_response(description));
    }
    json!({ "required": true, "content": { "application/json": { "schema": schema } } })
}

fn schemas() -> Value {
    json!({
        "Error": wrapped("error", json!({ "type": "object", "required": ["code", "message"],
            "properties": { "code": { "type": "string" }, "message": { "type": "string" } } })),
        "AssignmentSummary": { "type": "object",
            "required": ["id", "title", "order", "language", "points", "completed"],
            "properties": { "id": { "type": "integer" }, "title": { "type": "string" },
                "order": { "type": "integer" }, "language": { "type": "string" },
                "points": { "type": "integer" }, "completed": { "type": "boolean" } } },
        "Assignment": { "type": "object",
            "required": ["id", "title", "order", "language", "points", "handout", "starter_code"],
            "properties": { "id": { "type": "integer" }, "title": { "type": "string" },
                "order": { "type": "integer" }, "language": { "type": "string" },
                "points": { "type": "integer" }, "handout": { "type": "string" },
                "starter_code": { "type": "string" } } },
        "TestResult": { "type": "object", "required": ["name", "passed", "message"],
            "properties": { "name": { "type": "string" }, "passed": { "type": "boolean" },
                "message": { "type": ["string", "null"] } } },
        "Submission": { "type": "object",
            "required": ["id", "assignment_id", "user_id", "code", "status", "verdict", "tests",
                         "feedback", "created_at", "graded_at", "duration_ms"],
            "properties": {
                "id": { "type": "string", "format": "uuid" },
                "assignment_id": { "type": "integer" },
                "user_id": { "type": "string", "format": "uuid" },
                "code": { "type": "string" },
                "status": { "enum": ["queued", "running", "passed", "failed", "error"] },
                "verdict": { "enum": ["tests_failed", "syntax_error", "compile_error", "runtime_error",
                                      "time_limit", "memory_limit", "output_limit", null] },
                "tests": { "type": "array", "items": reference("TestResult") },
                "feedback": { "type": ["string", "null"] },
                "created_at": { "type": "string", "format": "date-time" },
                "graded_at": { "type": ["string", "null"], "format": "date-time" },
                "duration_ms": { "type": ["integer", "null"] } } },
        "SubmissionPage": { "type": "object", "required": ["submissions", "page", "per_page", "total"],
            "properties": { "submissions": { "type": "array", "items": reference("Submission") },
                "page": { "type": "integer" }, "per_page": { "type": "integer" },
                "total": { "type": "integer" } } },
        "Progress": { "type": "object",
            "required": ["points", "completed", "total", "total_points", "next_assignment_id"],
            "properties": { "points": { "type": "integer" },
                "completed": { "type": "array", "items": { "type": "integer" } },
                "total": { "type": "integer" }, "total_points": { "type": "integer" },
                "next_assignment_id": { "type": ["integer", "null"] } } },
        "Status": wrapped("status", json!({ "type": "string" })),
        "StorableJson": { "description": "Any JSON without NUL in a string or a field name",
            "anyOf": [ { "type": ["null", "boolean", "number"] },
                { "type": "string", "pattern": NUL_FREE },
                { "type": "array", "items": reference("StorableJson") },
                { "type": "object", "propertyNames": { "pattern": NUL_FREE },
                  "additionalProperties": reference("StorableJson") } ] },
    })
}

/// One operation: `responses` plus the 503 every operation can answer, and a body
/// (with the answers parsing it can give) when `body` is given.
fn operation(summary: &str, body: Option<Value>, responses: Value) -> Value {
    let Value::Object(mut responses) = responses else {
        unreachable!("responses are an object")
    };
    responses.insert("503".into(), error_response(UNAVAILABLE));
    let mut operation = json!({ "summary": summary });
    if let Some(schema) = body {
        operation["requestBody"] = json_body(schema, &mut responses);
    }
    operation["responses"] = Value::Object(responses);
    operation
}

fn public(mut operation: Value) -> Value {
    operation["security"] = json!([]);
    operation
}

fn paths() -> Value {
    let unauthenticated = error_response("No valid session token or cookie (`unauthenticated`)");
    let submission = wrapped("submission", reference("Submission"));
    let code = text(
        "Source code: at most 65536 bytes of UTF-8 (413 `code_too_large` above); \
        a character takes 1 to 4 bytes",
    );
    let new_learner = json!({ "type": "object", "required": ["user", "token"], "properties": {
        "user": wrapped("id", json!({ "type": "string", "format": "uuid" })),
        "token": { "type": "string" } } });
    json!({
        "/api/users": { "post": public(operation(
            "Create an anonymous learner and its session (any body is ignored)", None,
            json!({ "201": ok("The learner and its token; also sets the cp_session cookie", new_learner),
                    "429": rate_limited("new learners from this address") }))) },
        "/api/admin/login": { "post": public(operation("Log in as the admin",
            Some(body_object(&["username", "password"],
                json!({ "username": text("The admin's name"), "password": text("Its password") }))),
            json!({ "200": ok("An admin token; also sets the cookie", wrapped("token", json!({ "type": "string" }))),
                    "401": error_response("Wrong credentials (`invalid_credentials`)"),
                    "429": rate_limited("login attempts from this address or for this username") }))) },
        "/api/assignments": { "get": operation("Every assignment in course order", None,
            json!({ "200": ok("The catalog with this learner's completion",
                        wrapped("assignments", json!({ "type": "array", "items": reference("AssignmentSummary") }))),
                    "401": unauthenticated })) },
        "/api/assignments/{id}": { "get": with_parameters(id_param("int64"), operation(
            "One assignment (never its hidden tests)", None,
            json!({ "200": ok("The assignment", wrapped("assignment", reference("Assignment"))),
                    "400": error_response("Non-numeric id (`invalid_path`)"),
                    "401": unauthenticated, "404": error_response("No such assignment (`not_found`)") }))) },
        "/api/assignments/{id}/submissions": { "post": with_parameters(id_param("int64"), operation(
            "Submit code for grading", Some(body_object(&["code"], json!({ "code": code }))),
            json!({ "201": ok("An identical earlier verdict was reused: final at once", submission.clone()),
                    "202": ok("Queued for grading", submission.clone()),
                    "400": error_response("The body is not valid JSON (`malformed_json`), or the id is not an integer (`invalid_path`)"),
                    "401": unauthenticated, "404": error_response("No such assignment (`not_found`)"),
                    "409": error_response("A submission is already queued or running (`submission_in_progress`)"),
                    "429": rate_limited("submissions from this learner") }))) },
        "/api/submissions/{id}": { "get": with_parameters(id_param("uuid"), operation(
            "One of the learner's own submissions (any, for an admin)", None,
            json!({ "200": ok("The submission", submission),
                    "400": error_response("Malformed id (`invalid_path`)"),
                    "401": unauthenticated,
                    "404": error_response("No such submission of this learner (`not_found`)") }))) },
        "/api/me/submissions": { "get": with_parameters(json!([
                optional_integer("assignment_id", int64(), "Only this assignment's"),
                optional_integer("page", json!({ "type": "integer", "minimum": 1, "maximum": 1_000_000 }), "Default 1"),
                optional_integer("per_page", json!({ "type": "integer", "minimum": 1, "maximum": 100 }), "Default 20") ]),
            operation("The learner's submissions, newest first", None,
            json!({ "200": ok("One page", reference("SubmissionPage")),
                    "400": error_response("A value is not an integer or out of range, page over 1000000 included (`invalid_query`)"),
                    "401": unauthenticated,
                    "422": error_response("A query name or value holds NUL (`unstorable_text`)") }))) },
        "/api/me/progress": { "get": operation("The learner's progress through the course", None,
            json!({ "200": ok("Progress", reference("Progress")), "401": unauthenticated })) },
        "/api/health": { "get": public(operation("Liveness", None,
            json!({ "200": ok("Alive", reference("Status")) }))) },
        "/api/ready": { "get": public(operation("Readiness: Postgres and Redis answer", None,
            json!({ "200": ok("Ready", reference("Status")) }))) },
        "/api/openapi.json": { "get": public(operation("This document", None,
            json!({ "200": ok("OpenAPI 3.1 JSON", json!({ "type": "object" })) }))) },
        "/metrics": { "get": public(operation("Prometheus metrics", None,
            json!({ "200": { "description": "Prometheus text format",
                "content": { "text/plain": { "schema": { "type": "string" } } } } }))) },
    })
}

/// A query parameter that is an integer or empty (`?page=`), which means not given.
fn optional_integer(name: &str, integer: Value, description: &str) -> Value {
    json!({ "name": name, "in": "query", "description": format!("{description}; empty means not given"),
            "schema": { "anyOf": [integer, { "const": "" }] } })
}

fn with_parameters(parameters: Value, mut operation: Value) -> Value {
    operation["parameters"] = parameters;
    operation
}

pub(crate) fn document() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": { "title": "code-platform programming-api", "version": env!("CARGO_PKG_VERSION"),
            "description": "Learner REST API. Every error body is {\"error\": {\"code\", \"message\"}}. \
                Any other method on a path is answered 405 (`method_not_allowed`), an unknown path 404." },
        "servers": [{ "url": "/" }],
        "security": [{ "bearer": [] }, { "cookie": [] }],
        "components": {
            "securitySchemes": {
                "bearer": { "type": "http", "scheme": "bearer" },
                "cookie": { "type": "apiKey", "in": "cookie", "name": contract::auth::SESSION_COOKIE } },
            "schemas": schemas() },
        "paths": paths(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_described() {
        let doc = document();
        assert_eq!(doc["openapi"], "3.1.0");
        let routes = crate::routes::routes();
        let described = doc["paths"].as_object().map_or(0, |paths| paths.len());
        assert_eq!(
            described,
            routes.len(),
            "the document describes a route the router lacks"
        );
        for (path, _) in routes {
            assert!(
                doc["paths"].get(path).is_some(),
                "{path} is missing from the OpenAPI document"
            );
        }
    }

    #[test]
    fn every_operation_lists_503_and_every_error_has_the_error_body() {
        let doc = document();
        for (path, operations) in doc["paths"].as_object().unwrap() {
            for (method, operation) in operations.as_object().unwrap() {
                let responses = operation["responses"].as_object().unwrap();
                assert!(responses.contains_key("503"), "{method} {path}");
                for (status, response) in responses {
                    if status.starts_with('4') || status.starts_with('5') {
                        let schema = &response["content"]["application/json"]["schema"]["$ref"];
                        assert_eq!(
                            schema, "#/components/schemas/Error",
                            "{method} {path} {status}"
                        );
                    }
                }
                if operation.get("requestBody").is_some() {
                    for status in ["400", "413", "415", "422"] {
                        assert!(responses.contains_key(status), "{method} {path} {status}");
                    }
                }
            }
        }
        let login = &doc["paths"]["/api/admin/login"]["post"]["responses"];
        assert!(login["429"]["headers"]["Retry-After"]["required"] == true);
    }
}
