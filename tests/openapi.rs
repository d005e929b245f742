//! The OpenAPI document is generated from the handlers; this snapshot makes any change to
//! the contract visible in review. After an intended change, refresh it with
//! `UPDATE_SNAPSHOTS=1 cargo test --test openapi` and commit `tests/snapshots/openapi.json`.

#[path = "common/snapshot.rs"]
mod snapshot;

#[test]
fn the_openapi_document_matches_its_snapshot() {
    let current = format!("{}\n", dsr_portal::web::api::openapi::json());
    if let Err(e) = snapshot::compare("openapi.json", &current, "cargo test --test openapi") {
        panic!("the OpenAPI document changed: {e}");
    }
}

#[test]
fn every_operation_is_authenticated_and_documents_its_errors() {
    let doc: serde_json::Value =
        serde_json::from_str(dsr_portal::web::api::openapi::json()).unwrap();
    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            operations += 1;
            let what = format!("{method} {path}");
            assert!(
                op["security"][0]["bearer"].is_array(),
                "{what} needs a token"
            );
            let responses = op["responses"].as_object().unwrap();
            for status in ["401", "403", "429"] {
                assert!(responses.contains_key(status), "{what} documents {status}");
                assert_eq!(
                    responses[status]["content"]["application/json"]["schema"]["$ref"],
                    "#/components/schemas/ErrorBody",
                    "{what} {status}"
                );
            }
        }
    }
    assert_eq!(operations, 4);
}
