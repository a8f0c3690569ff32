//! WebAssembly bindings (placeholder until filled in).
#![cfg(target_family = "wasm")]
