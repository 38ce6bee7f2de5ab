//! One behaviour suite for every framework adapter: each serves the same application
//! (adapters/spec.rs) on a loopback port, and the same table of requests runs against it.

mod adapters {
    pub mod actix_app;
    pub mod poem_app;
    pub mod rocket_app;
    pub mod salvo_app;
    pub mod spec;
    pub mod tower_app;
}

use adapters::spec::run_table;

#[test]
fn tower() {
    run_table("tower (axum)", adapters::tower_app::spawn());
}

#[test]
fn actix_web() {
    run_table("actix-web", adapters::actix_app::spawn());
}

#[test]
fn poem() {
    run_table("poem", adapters::poem_app::spawn());
}

#[test]
fn salvo() {
    run_table("salvo", adapters::salvo_app::spawn());
}

#[test]
fn rocket() {
    run_table("rocket", adapters::rocket_app::spawn());
}
