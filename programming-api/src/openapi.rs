//! The OpenAPI 3.1 document served at `GET /api/openapi.json`, generated rather than
//! written: schemas from the wire types (`wire`, feature `openapi`), operations from each
//! handler's `#[utoipa::path]`, which `routes::routes` registers together with the route
//! itself. What many operations share is added here by rule, once:
//!
//! - every operation can answer 503 (`unavailable`, or `timeout` past
//!   HTTP_REQUEST_TIMEOUT_MS); every one without `security: []` can answer 401;
//! - one with a JSON body can answer what parsing it gives (400, 413, 415, 422), and its
//!   body object takes other fields as long as no string or name in them holds NUL;
//! - one with query parameters can answer 422 (NUL in a name or value); an integer query
//!   parameter may be empty, which means not given;
//! - integer parameters are bounded as the server parses them (64 bits);
//! - every 429 carries `Retry-After`.
//!
//! The API fuzzer (`code-platform/tests/fuzz/run.sh`) fails on any answer the document
//! does not list; `tests/api/openapi.rs` checks real answers against it.

use serde_json::{json, Map, Value};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "code-platform programming-api",
        description = "Learner REST API. Every error body is {\"error\": {\"code\", \"message\"}}. \
            Any other method on a path is answered 405 (`method_not_allowed`), an unknown path 404."
    ),
    servers((url = "/"))
)]
struct Base;

/// The document's frame, before the routes add their operations.
pub(crate) fn base() -> utoipa::openapi::OpenApi {
    Base::openapi()
}

const UNAVAILABLE: &str = "Postgres or Redis is unavailable (`unavailable`), or the request took \
    longer than HTTP_REQUEST_TIMEOUT_MS (`timeout`)";
const UNAUTHENTICATED: &str = "No valid session token or cookie (`unauthenticated`)";
const BODY_ERRORS: [(&str, &str); 4] = [
    ("400", "The body is not valid JSON (`malformed_json`)"),
    (
        "413",
        "The body is over 1 MiB (`body_too_large`), or code over 65536 bytes (`code_too_large`)",
    ),
    (
        "415",
        "The body is not sent as application/json (`unsupported_media_type`)",
    ),
    (
        "422",
        "A field is missing or of the wrong type (`invalid_body`), or text holds NUL (`unstorable_text`)",
    ),
];
const QUERY_NUL: &str = "A query name or value holds NUL (`unstorable_text`)";

/// The routes' document with the shared rules applied, as served.
pub(crate) fn finish(document: utoipa::openapi::OpenApi) -> Value {
    let mut doc = serde_json::to_value(document).expect("an OpenAPI document serializes");
    let mut body_schemas = Vec::new();
    if let Some(paths) = doc["paths"].as_object_mut() {
        for operation in paths
            .values_mut()
            .filter_map(Value::as_object_mut)
            .flat_map(|item| item.values_mut())
        {
            body_schemas.extend(apply_rules(operation));
        }
    }
    let schemas = &mut doc["components"]["schemas"];
    for name in body_schemas {
        let schema = &mut schemas[name.as_str()];
        schema["propertyNames"] = json!({ "pattern": wire::NUL_FREE });
        schema["additionalProperties"] = json!({ "$ref": "#/components/schemas/StorableJson" });
    }
    schemas["StorableJson"] = json!({
        "description": "Any JSON without NUL in a string or a field name",
        "anyOf": [
            { "type": ["null", "boolean", "number"] },
            { "type": "string", "pattern": wire::NUL_FREE },
            { "type": "array", "items": { "$ref": "#/components/schemas/StorableJson" } },
            { "type": "object", "propertyNames": { "pattern": wire::NUL_FREE },
              "additionalProperties": { "$ref": "#/components/schemas/StorableJson" } },
        ],
    });
    doc["components"]["securitySchemes"] = json!({
        "bearer": { "type": "http", "scheme": "bearer" },
        "cookie": { "type": "apiKey", "in": "cookie", "name": contract::auth::SESSION_COOKIE },
    });
    doc["security"] = json!([{ "bearer": [] }, { "cookie": [] }]);
    doc
}

/// Applies the shared rules to one operation; returns the name of its body's schema.
fn apply_rules(operation: &mut Value) -> Option<String> {
    // `security(())` in a handler's attribute: no session needed.
    let public = operation.get("security").is_some();
    if public {
        operation["security"] = json!([]);
    }
    let mut has_query = false;
    if let Some(parameters) = operation
        .get_mut("parameters")
        .and_then(Value::as_array_mut)
    {
        for parameter in parameters {
            has_query |= parameter["in"] == "query";
            bound_integer(parameter);
        }
    }
    let body_schema = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        .as_str()
        .and_then(|reference| reference.strip_prefix("#/components/schemas/"))
        .map(str::to_owned);
    let has_body = operation.get("requestBody").is_some();
    let responses = operation["responses"]
        .as_object_mut()
        .expect("every operation lists its responses");
    add_error(responses, "503", UNAVAILABLE);
    if !public {
        add_error(responses, "401", UNAUTHENTICATED);
    }
    if has_body {
        for (status, description) in BODY_ERRORS {
            add_error(responses, status, description);
        }
    }
    if has_query {
        add_error(responses, "422", QUERY_NUL);
    }
    if let Some(limited) = responses.get_mut("429") {
        limited["headers"] = json!({ "Retry-After": { "required": true,
            "description": "Seconds until the limit's window ends",
            "schema": { "type": "integer", "minimum": 1 } } });
    }
    body_schema
}

fn add_error(responses: &mut Map<String, Value>, status: &str, description: &str) {
    responses.entry(status).or_insert_with(|| {
        json!({ "description": description,
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } })
    });
}

/// An integer parameter: within 64 bits unless the handler says less; a query one may
/// also be empty (`?page=`), which the server reads as not given. A query parameter is
/// never `null`: it is there or not.
fn bound_integer(parameter: &mut Value) {
    let schema = &mut parameter["schema"];
    let is_integer = match &schema["type"] {
        Value::String(kind) => kind == "integer",
        Value::Array(kinds) => kinds.iter().any(|kind| kind == "integer"),
        _ => false,
    };
    if !is_integer {
        return;
    }
    schema["type"] = json!("integer");
    let object = schema
        .as_object_mut()
        .expect("a schema with a type is an object");
    object.remove("format");
    object.entry("minimum").or_insert(json!(i64::MIN));
    object.entry("maximum").or_insert(json!(i64::MAX));
    if parameter["in"] == "query" {
        let integer = parameter["schema"].take();
        parameter["schema"] = json!({ "anyOf": [integer, { "const": "" }] });
        if let Some(description) = parameter["description"].as_str() {
            let description = description.trim_end_matches('.');
            parameter["description"] = json!(format!("{description}; empty means not given"));
        }
    }
}
