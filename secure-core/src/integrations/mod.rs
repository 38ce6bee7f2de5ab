//! Integrations with web frameworks, each behind its own Cargo feature.

#[cfg(feature = "actix-web")]
#[cfg_attr(docsrs, doc(cfg(feature = "actix-web")))]
pub mod actix;
#[cfg(feature = "actix-web")]
mod actix_csrf;
#[cfg(all(feature = "actix-web", feature = "current"))]
mod actix_current;
#[cfg(feature = "actix-web")]
mod actix_transport;
#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
mod axum;
#[cfg(feature = "poem")]
#[cfg_attr(docsrs, doc(cfg(feature = "poem")))]
pub mod poem;
#[cfg(feature = "rocket")]
#[cfg_attr(docsrs, doc(cfg(feature = "rocket")))]
pub mod rocket;
#[cfg(feature = "salvo")]
#[cfg_attr(docsrs, doc(cfg(feature = "salvo")))]
pub mod salvo;
#[cfg(feature = "tower")]
#[cfg_attr(docsrs, doc(cfg(feature = "tower")))]
pub mod tower;
#[cfg(feature = "tower")]
mod tower_csrf;
#[cfg(all(feature = "tower", feature = "current"))]
mod tower_current;
#[cfg(feature = "tower")]
mod tower_transport;
