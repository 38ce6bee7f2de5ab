//! The macros' pass cases, `tests/ui/*/pass/*.rs`: each is a module whose `main` uses a macro
//! as an application would and asserts the exact header it produced. They are compiled
//! together, as this one test crate, where trybuild would build and run each as a crate of
//! its own (about a second and a half each); the fail cases stay with trybuild
//! (`tests/ui.rs`), which checks them in one `cargo check`.
//!
//! A new pass case is a file under `tests/ui/<macro>/pass/` with a `pub fn main()`, and a line
//! below; `every_pass_case_is_listed` fails on a file that has none.

macro_rules! pass_cases {
    ($($module:ident = $path:literal,)*) => {
        $(
            #[path = $path]
            mod $module;

            #[test]
            fn $module() {
                $module::main();
            }
        )*

        /// The files listed above, relative to `tests/`.
        const LISTED: &[&str] = &[$($path),*];
    };
}

pass_cases! {
    csp_delimiter_braces = "ui/csp/pass/delimiter_braces.rs",
    csp_delimiter_brackets = "ui/csp/pass/delimiter_brackets.rs",
    csp_delimiter_parens = "ui/csp/pass/delimiter_parens.rs",
    csp_directive_base_uri = "ui/csp/pass/directive_base_uri.rs",
    csp_directive_base_uri_none = "ui/csp/pass/directive_base_uri_none.rs",
    csp_directive_block_all_mixed_content = "ui/csp/pass/directive_block_all_mixed_content.rs",
    csp_directive_child_src = "ui/csp/pass/directive_child_src.rs",
    csp_directive_connect_src = "ui/csp/pass/directive_connect_src.rs",
    csp_directive_default_src = "ui/csp/pass/directive_default_src.rs",
    csp_directive_default_src_none = "ui/csp/pass/directive_default_src_none.rs",
    csp_directive_fenced_frame_src = "ui/csp/pass/directive_fenced_frame_src.rs",
    csp_directive_font_src = "ui/csp/pass/directive_font_src.rs",
    csp_directive_form_action = "ui/csp/pass/directive_form_action.rs",
    csp_directive_frame_ancestors = "ui/csp/pass/directive_frame_ancestors.rs",
    csp_directive_frame_ancestors_none = "ui/csp/pass/directive_frame_ancestors_none.rs",
    csp_directive_frame_src = "ui/csp/pass/directive_frame_src.rs",
    csp_directive_img_src = "ui/csp/pass/directive_img_src.rs",
    csp_directive_manifest_src = "ui/csp/pass/directive_manifest_src.rs",
    csp_directive_media_src = "ui/csp/pass/directive_media_src.rs",
    csp_directive_object_src = "ui/csp/pass/directive_object_src.rs",
    csp_directive_report_to = "ui/csp/pass/directive_report_to.rs",
    csp_directive_report_to_string = "ui/csp/pass/directive_report_to_string.rs",
    csp_directive_report_uri_one = "ui/csp/pass/directive_report_uri_one.rs",
    csp_directive_report_uri_several = "ui/csp/pass/directive_report_uri_several.rs",
    csp_directive_require_trusted_types_for = "ui/csp/pass/directive_require_trusted_types_for.rs",
    csp_directive_sandbox_empty = "ui/csp/pass/directive_sandbox_empty.rs",
    csp_directive_sandbox_empty_then_more = "ui/csp/pass/directive_sandbox_empty_then_more.rs",
    csp_directive_sandbox_every_flag = "ui/csp/pass/directive_sandbox_every_flag.rs",
    csp_directive_sandbox_one_flag = "ui/csp/pass/directive_sandbox_one_flag.rs",
    csp_directive_script_src = "ui/csp/pass/directive_script_src.rs",
    csp_directive_script_src_attr = "ui/csp/pass/directive_script_src_attr.rs",
    csp_directive_script_src_attr_unsafe_inline = "ui/csp/pass/directive_script_src_attr_unsafe_inline.rs",
    csp_directive_script_src_elem = "ui/csp/pass/directive_script_src_elem.rs",
    csp_directive_style_src = "ui/csp/pass/directive_style_src.rs",
    csp_directive_style_src_attr = "ui/csp/pass/directive_style_src_attr.rs",
    csp_directive_style_src_elem = "ui/csp/pass/directive_style_src_elem.rs",
    csp_directive_trusted_types_allow_duplicates = "ui/csp/pass/directive_trusted_types_allow_duplicates.rs",
    csp_directive_trusted_types_empty = "ui/csp/pass/directive_trusted_types_empty.rs",
    csp_directive_trusted_types_names = "ui/csp/pass/directive_trusted_types_names.rs",
    csp_directive_trusted_types_none = "ui/csp/pass/directive_trusted_types_none.rs",
    csp_directive_trusted_types_star = "ui/csp/pass/directive_trusted_types_star.rs",
    csp_directive_upgrade_insecure_requests = "ui/csp/pass/directive_upgrade_insecure_requests.rs",
    csp_directive_webrtc_allow = "ui/csp/pass/directive_webrtc_allow.rs",
    csp_directive_webrtc_block = "ui/csp/pass/directive_webrtc_block.rs",
    csp_directive_worker_src = "ui/csp/pass/directive_worker_src.rs",
    csp_keyword_unsafe_eval_in_script_src_elem = "ui/csp/pass/keyword_unsafe_eval_in_script_src_elem.rs",
    csp_lint_bypass_host_allowed = "ui/csp/pass/lint_bypass_host_allowed.rs",
    csp_lint_deny_all_on_a_strict_policy = "ui/csp/pass/lint_deny_all_on_a_strict_policy.rs",
    csp_lint_http_report_uri_allowed = "ui/csp/pass/lint_http_report_uri_allowed.rs",
    csp_lint_http_script_source_allowed = "ui/csp/pass/lint_http_script_source_allowed.rs",
    csp_lint_http_source_allowed = "ui/csp/pass/lint_http_source_allowed.rs",
    csp_lint_ip_source_allowed = "ui/csp/pass/lint_ip_source_allowed.rs",
    csp_lint_missing_base_uri_allowed = "ui/csp/pass/lint_missing_base_uri_allowed.rs",
    csp_lint_missing_object_src_allowed = "ui/csp/pass/lint_missing_object_src_allowed.rs",
    csp_lint_missing_script_src_allowed = "ui/csp/pass/lint_missing_script_src_allowed.rs",
    csp_lint_permissive_source_allowed = "ui/csp/pass/lint_permissive_source_allowed.rs",
    csp_lint_self_in_script_src_allowed = "ui/csp/pass/lint_self_in_script_src_allowed.rs",
    csp_lint_unsafe_eval_allowed = "ui/csp/pass/lint_unsafe_eval_allowed.rs",
    csp_lint_unsafe_hashes_allowed = "ui/csp/pass/lint_unsafe_hashes_allowed.rs",
    csp_lint_unsafe_inline_allowed = "ui/csp/pass/lint_unsafe_inline_allowed.rs",
    csp_policy_full_example = "ui/csp/pass/policy_full_example.rs",
    csp_policy_order_is_kept = "ui/csp/pass/policy_order_is_kept.rs",
    csp_policy_trailing_comma = "ui/csp/pass/policy_trailing_comma.rs",
    csp_policy_trailing_comma_after_bare_directive = "ui/csp/pass/policy_trailing_comma_after_bare_directive.rs",
    csp_preset_aiohttp_default = "ui/csp/pass/preset_aiohttp_default.rs",
    csp_preset_aiohttp_default_override_and_extend = "ui/csp/pass/preset_aiohttp_default_override_and_extend.rs",
    csp_preset_aiohttp_default_override_order = "ui/csp/pass/preset_aiohttp_default_override_order.rs",
    csp_preset_aiohttp_default_trailing_comma = "ui/csp/pass/preset_aiohttp_default_trailing_comma.rs",
    csp_preset_google_analytics = "ui/csp/pass/preset_google_analytics.rs",
    csp_preset_google_analytics_override_and_extend = "ui/csp/pass/preset_google_analytics_override_and_extend.rs",
    csp_preset_library_default_extended = "ui/csp/pass/preset_library_default_extended.rs",
    csp_preset_same_origin = "ui/csp/pass/preset_same_origin.rs",
    csp_preset_same_origin_override_and_extend = "ui/csp/pass/preset_same_origin_override_and_extend.rs",
    csp_preset_strict_extended = "ui/csp/pass/preset_strict_extended.rs",
    csp_source_hash_from_macro_rules = "ui/csp/pass/source_hash_from_macro_rules.rs",
    csp_source_hash_literals = "ui/csp/pass/source_hash_literals.rs",
    csp_source_hash_of_empty_string = "ui/csp/pass/source_hash_of_empty_string.rs",
    csp_source_hash_of_escapes_and_unicode = "ui/csp/pass/source_hash_of_escapes_and_unicode.rs",
    csp_source_hash_of_with_strict_dynamic = "ui/csp/pass/source_hash_of_with_strict_dynamic.rs",
    csp_source_host_any_port = "ui/csp/pass/source_host_any_port.rs",
    csp_source_host_bare = "ui/csp/pass/source_host_bare.rs",
    csp_source_host_ip = "ui/csp/pass/source_host_ip.rs",
    csp_source_host_path = "ui/csp/pass/source_host_path.rs",
    csp_source_host_port = "ui/csp/pass/source_host_port.rs",
    csp_source_host_trailing_dot = "ui/csp/pass/source_host_trailing_dot.rs",
    csp_source_host_wildcard = "ui/csp/pass/source_host_wildcard.rs",
    csp_source_host_with_scheme = "ui/csp/pass/source_host_with_scheme.rs",
    csp_source_keyword_literal_case = "ui/csp/pass/source_keyword_literal_case.rs",
    csp_source_keyword_literals = "ui/csp/pass/source_keyword_literals.rs",
    csp_source_mixed = "ui/csp/pass/source_mixed.rs",
    csp_source_nonce = "ui/csp/pass/source_nonce.rs",
    csp_source_nonce_and_strict_dynamic = "ui/csp/pass/source_nonce_and_strict_dynamic.rs",
    csp_source_schemes = "ui/csp/pass/source_schemes.rs",
    csp_source_sha256_of = "ui/csp/pass/source_sha256_of.rs",
    csp_source_sha384_of = "ui/csp/pass/source_sha384_of.rs",
    csp_source_sha512_of = "ui/csp/pass/source_sha512_of.rs",
    csp_source_star = "ui/csp/pass/source_star.rs",
    csp_source_star_as_string = "ui/csp/pass/source_star_as_string.rs",
    csp_string_continued_lines = "ui/csp/pass/string_continued_lines.rs",
    csp_string_lint_allowed = "ui/csp/pass/string_lint_allowed.rs",
    csp_string_pasted_header = "ui/csp/pass/string_pasted_header.rs",
    csp_string_raw = "ui/csp/pass/string_raw.rs",
    csp_use_in_const = "ui/csp/pass/use_in_const.rs",
    csp_use_in_let = "ui/csp/pass/use_in_let.rs",
    csp_use_in_static = "ui/csp/pass/use_in_static.rs",
    csp_use_in_two_consts_same_scope = "ui/csp/pass/use_in_two_consts_same_scope.rs",
    hsts_any_key_order = "ui/hsts/pass/any_key_order.rs",
    hsts_days_for_a_year_with_preload = "ui/hsts/pass/days_for_a_year_with_preload.rs",
    hsts_defaults_empty = "ui/hsts/pass/defaults_empty.rs",
    hsts_defaults_written_out = "ui/hsts/pass/defaults_written_out.rs",
    hsts_defaults_written_with_true = "ui/hsts/pass/defaults_written_with_true.rs",
    hsts_delimiter_brackets = "ui/hsts/pass/delimiter_brackets.rs",
    hsts_delimiter_parens = "ui/hsts/pass/delimiter_parens.rs",
    hsts_max_age_exactly_one_year_in_seconds = "ui/hsts/pass/max_age_exactly_one_year_in_seconds.rs",
    hsts_max_age_largest = "ui/hsts/pass/max_age_largest.rs",
    hsts_max_age_zero_nothing_else = "ui/hsts/pass/max_age_zero_nothing_else.rs",
    hsts_max_age_zero_without_preload = "ui/hsts/pass/max_age_zero_without_preload.rs",
    hsts_no_subdomains_no_preload = "ui/hsts/pass/no_subdomains_no_preload.rs",
    hsts_number_with_underscores = "ui/hsts/pass/number_with_underscores.rs",
    hsts_short_no_preload_with_subdomains = "ui/hsts/pass/short_no_preload_with_subdomains.rs",
    hsts_trailing_comma = "ui/hsts/pass/trailing_comma.rs",
    hsts_unit_days = "ui/hsts/pass/unit_days.rs",
    hsts_unit_hours = "ui/hsts/pass/unit_hours.rs",
    hsts_unit_minutes = "ui/hsts/pass/unit_minutes.rs",
    hsts_unit_none_is_seconds = "ui/hsts/pass/unit_none_is_seconds.rs",
    hsts_unit_seconds = "ui/hsts/pass/unit_seconds.rs",
    hsts_unit_weeks = "ui/hsts/pass/unit_weeks.rs",
    hsts_unit_years = "ui/hsts/pass/unit_years.rs",
    hsts_unit_years_two = "ui/hsts/pass/unit_years_two.rs",
    hsts_use_in_let_and_static = "ui/hsts/pass/use_in_let_and_static.rs",
    integrity_every_key = "ui/integrity/pass/every_key.rs",
    permissions_delimiters_parens = "ui/permissions/pass/delimiters_parens.rs",
    permissions_several_origins_and_trailing_comma = "ui/permissions/pass/several_origins_and_trailing_comma.rs",
    permissions_src_and_wildcard_subdomain = "ui/permissions/pass/src_and_wildcard_subdomain.rs",
    permissions_the_issue_example = "ui/permissions/pass/the_issue_example.rs",
}

#[test]
fn every_pass_case_is_listed() {
    let tests = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut on_disk = Vec::new();
    for macro_dir in std::fs::read_dir(tests.join("ui")).expect("tests/ui") {
        let pass = macro_dir.expect("tests/ui entry").path().join("pass");
        let Ok(entries) = std::fs::read_dir(&pass) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("pass entry").path();
            if path.extension().is_some_and(|extension| extension == "rs") {
                let relative = path.strip_prefix(&tests).expect("under tests/");
                on_disk.push(relative.to_str().expect("UTF-8 path").replace('\\', "/"));
            }
        }
    }
    let unlisted: Vec<&String> = on_disk
        .iter()
        .filter(|path| !LISTED.contains(&path.as_str()))
        .collect();
    let missing: Vec<&&str> = LISTED
        .iter()
        .filter(|path| !on_disk.iter().any(|file| file == *path))
        .collect();
    assert!(
        unlisted.is_empty(),
        "pass cases not listed in tests/ui_pass.rs: {unlisted:?}"
    );
    assert!(
        missing.is_empty(),
        "listed in tests/ui_pass.rs, no such file: {missing:?}"
    );
}
