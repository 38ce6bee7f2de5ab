//! The secure defaults, and the other ready-made sets.

use super::{
    ContentTypeOptions, CrossOriginOpenerPolicy, CrossOriginResourcePolicy, DnsPrefetchControl,
    DownloadOptions, OriginAgentCluster, PermissionsPolicy, PermittedCrossDomainPolicies,
    ReferrerPolicy, ReferrerPolicyValue, SecurityHeaders, XssProtection,
};
use crate::csp::{ContentSecurityPolicy, presets};
use crate::hsts::StrictTransportSecurity;

/// The CSP of [`SecurityHeaders::new`]: [`presets::LIBRARY_DEFAULT`].
pub const DEFAULT_CSP: ContentSecurityPolicy = presets::LIBRARY_DEFAULT;
/// The CSP of [`SecurityHeaders::strict`]: [`presets::STRICT`].
pub const STRICT_CSP: ContentSecurityPolicy = presets::STRICT;
/// The CSP of [`SecurityHeaders::api`]: [`presets::API`].
pub const API_CSP: ContentSecurityPolicy = presets::API;

/// The Permissions-Policy of [`SecurityHeaders::new`]: the powerful features a typical site
/// does not use are denied to it and to every frame it embeds.
pub const DEFAULT_PERMISSIONS_POLICY: PermissionsPolicy = PermissionsPolicy::__from_static(
    "accelerometer=(), bluetooth=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), hid=(), idle-detection=(), magnetometer=(), microphone=(), midi=(), payment=(), screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()",
);

pub(super) fn secure() -> SecurityHeaders {
    SecurityHeaders::empty()
        .content_security_policy(DEFAULT_CSP)
        .strict_transport_security(StrictTransportSecurity::DEFAULT)
        .header(DEFAULT_PERMISSIONS_POLICY)
        .header(ContentTypeOptions::NoSniff)
        .header(ReferrerPolicy::new(ReferrerPolicyValue::NoReferrer))
        .header(CrossOriginOpenerPolicy::SameOrigin)
        .header(CrossOriginResourcePolicy::SameOrigin)
        .header(OriginAgentCluster::Enabled)
        .header(DnsPrefetchControl::Off)
        .header(DownloadOptions::NoOpen)
        .header(PermittedCrossDomainPolicies::None)
        .header(XssProtection::Disabled)
        .derive_frame_options()
        .remove_server_identifying_headers()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_permissions_policy_is_what_its_text_parses_to() {
        let parsed: PermissionsPolicy = DEFAULT_PERMISSIONS_POLICY.as_str().parse().unwrap();
        assert_eq!(parsed, DEFAULT_PERMISSIONS_POLICY);
    }
}
