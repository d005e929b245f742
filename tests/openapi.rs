//! The OpenAPI document is generated from the handlers; this snapshot makes any change to
//! the contract visible in review. After an intended change, refresh it with
//! `UPDATE_SNAPSHOTS=1 cargo test --test openapi` and commit `tests/snapshots/openapi.json`.

use std::path::PathBuf;

#[test]
fn the_openapi_document_matches_its_snapshot() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/openapi.json");
    let current = format!("{}\n", dsr_portal::web::api::openapi::json());
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &current).expect("write the snapshot");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != current {
        let first = committed
            .lines()
            .zip(current.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(current.lines().count()));
        let show = |s: &str| {
            s.lines()
                .skip(first.saturating_sub(3))
                .take(8)
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "the OpenAPI document changed (first difference at line {}).\n--- committed\n{}\n--- generated\n{}\n\
             If the change is intended: UPDATE_SNAPSHOTS=1 cargo test --test openapi, and commit tests/snapshots/openapi.json",
            first + 1,
            show(&committed),
            show(&current)
        );
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
