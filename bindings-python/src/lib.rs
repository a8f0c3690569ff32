//! Python bindings (placeholder until filled in).
#![cfg(not(target_family = "wasm"))]
