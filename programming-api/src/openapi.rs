//! The OpenAPI 3.1 description of this API, served at `GET /api/openapi.json`.
//!
//! Written by hand to mirror API.md; a test checks that every route the router serves
//! is described here.

use serde_json::{json, Value};

fn error_response(description: &str) -> Value {
    json!({ "description": description,
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } })
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

fn id_param(format: &str) -> Value {
    let schema = if format == "uuid" {
        json!({ "type": "string", "format": "uuid" })
    } else {
        json!({ "type": "integer", "format": "int64" })
    };
    json!([{ "name": "id", "in": "path", "required": true, "schema": schema }])
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
                "message": { "type": "string" } } },
        "Submission": { "type": "object",
            "required": ["id", "assignment_id", "user_id", "code", "status", "verdict", "tests",
                         "feedback", "created_at", "graded_at", "duration_ms"],
            "properties": {
                "id": { "type": "string", "format": "uuid" },
                "assignment_id": { "type": "integer" },
                "user_id": { "type": "string", "format": "uuid" },
                "code": { "type": "string", "maxLength": 65536 },
                "status": { "enum": ["queued", "running", "passed", "failed", "error"] },
                "verdict": { "enum": ["tests_failed", "syntax_error", "runtime_error", "time_limit",
                                      "memory_limit", "output_limit", null] },
                "tests": { "type": "array", "items": reference("TestResult") },
                "feedback": { "type": ["string", "null"] },
                "created_at": { "type": "string", "format": "date-time" },
                "graded_at": { "type": ["string", "null"], "format": "date-time" },
                "duration_ms": { "type": ["integer", "null"] } } },
        "Progress": { "type": "object",
            "required": ["points", "completed", "total", "total_points", "next_assignment_id"],
            "properties": { "points": { "type": "integer" },
                "completed": { "type": "array", "items": { "type": "integer" } },
                "total": { "type": "integer" }, "total_points": { "type": "integer" },
                "next_assignment_id": { "type": ["integer", "null"] } } },
        "Status": wrapped("status", json!({ "type": "string" })),
    })
}

fn paths() -> Value {
    let unauthenticated = error_response("No valid session token or cookie (`unauthenticated`)");
    json!({
        "/api/users": { "post": { "summary": "Create an anonymous learner and its session",
            "security": [],
            "responses": { "201": ok("The learner and its token; also sets the cp_session cookie",
                json!({ "type": "object", "properties": {
                    "user": { "type": "object", "properties": { "id": { "type": "string", "format": "uuid" } } },
                    "token": { "type": "string" } } })) } } },
        "/api/admin/login": { "post": { "summary": "Log in as the admin", "security": [],
            "requestBody": { "required": true, "content": { "application/json": { "schema": {
                "type": "object", "required": ["username", "password"],
                "properties": { "username": { "type": "string" }, "password": { "type": "string" } } } } } },
            "responses": { "200": ok("An admin token; also sets the cookie", wrapped("token", json!({ "type": "string" }))),
                "401": error_response("Wrong credentials (`invalid_credentials`)") } } },
        "/api/assignments": { "get": { "summary": "Every assignment in course order",
            "responses": { "200": ok("The catalog with this learner's completion",
                wrapped("assignments", json!({ "type": "array", "items": reference("AssignmentSummary") }))),
                "401": unauthenticated } } },
        "/api/assignments/{id}": { "get": { "summary": "One assignment (never its hidden tests)",
            "parameters": id_param("int64"),
            "responses": { "200": ok("The assignment", wrapped("assignment", reference("Assignment"))),
                "400": error_response("Non-numeric id (`invalid_path`)"),
                "401": unauthenticated, "404": error_response("No such assignment") } } },
        "/api/assignments/{id}/submissions": { "post": { "summary": "Submit code for grading",
            "parameters": id_param("int64"),
            "requestBody": { "required": true, "content": { "application/json": { "schema": {
                "type": "object", "required": ["code"],
                "properties": { "code": { "type": "string", "maxLength": 65536 } } } } } },
            "responses": {
                "201": ok("An identical earlier verdict was reused: final at once", wrapped("submission", reference("Submission"))),
                "202": ok("Queued for grading", wrapped("submission", reference("Submission"))),
                "400": error_response("Malformed JSON (`malformed_json`) or id (`invalid_path`)"),
                "401": unauthenticated, "404": error_response("No such assignment"),
                "409": error_response("A submission is already queued or running (`submission_in_progress`)"),
                "413": error_response("Code over 64 KiB (`code_too_large`) or body over 1 MiB (`body_too_large`)"),
                "415": error_response("Not JSON (`unsupported_media_type`)"),
                "422": error_response("Missing or mistyped field (`invalid_body`)"),
                "503": error_response("The work queue is unavailable (`unavailable`)") } } },
        "/api/submissions/{id}": { "get": { "summary": "One of the learner's own submissions",
            "parameters": id_param("uuid"),
            "responses": { "200": ok("The submission", wrapped("submission", reference("Submission"))),
                "400": error_response("Malformed id (`invalid_path`)"),
                "401": unauthenticated, "404": error_response("No such submission of this learner") } } },
        "/api/me/submissions": { "get": { "summary": "The learner's submissions, newest first",
            "parameters": [
                { "name": "assignment_id", "in": "query", "schema": { "type": "integer" } },
                { "name": "page", "in": "query", "schema": { "type": "integer", "minimum": 1, "default": 1 } },
                { "name": "per_page", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 100, "default": 20 } } ],
            "responses": { "200": ok("One page", json!({ "type": "object", "properties": {
                    "submissions": { "type": "array", "items": reference("Submission") },
                    "page": { "type": "integer" }, "per_page": { "type": "integer" }, "total": { "type": "integer" } } })),
                "400": error_response("Bad query values (`invalid_query`)"), "401": unauthenticated } } },
        "/api/me/progress": { "get": { "summary": "The learner's progress through the course",
            "responses": { "200": ok("Progress", reference("Progress")), "401": unauthenticated } } },
        "/api/health": { "get": { "summary": "Liveness", "security": [],
            "responses": { "200": ok("Alive", reference("Status")) } } },
        "/api/ready": { "get": { "summary": "Readiness: Postgres and Redis answer", "security": [],
            "responses": { "200": ok("Ready", reference("Status")),
                "503": error_response("A dependency is down (`unavailable`)") } } },
        "/api/openapi.json": { "get": { "summary": "This document", "security": [],
            "responses": { "200": { "description": "OpenAPI 3.1 JSON" } } } },
        "/metrics": { "get": { "summary": "Prometheus metrics", "security": [],
            "responses": { "200": { "description": "Prometheus text format",
                "content": { "text/plain": { "schema": { "type": "string" } } } } } } },
    })
}

pub(crate) fn document() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": { "title": "code-platform programming-api", "version": env!("CARGO_PKG_VERSION"),
            "description": "Learner REST API. Every error body is {\"error\": {\"code\", \"message\"}}." },
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
}
