//! A string passed on by `macro_rules!` (as `$s:literal` or `$s:expr`, which arrive wrapped in
//! an invisible group) hashes as if it were written in place, in both forms of the function.

macro_rules! inline_hash {
    ($script:literal) => {
        secure_http::csp! { script-src: sha256($script) }
    };
}

macro_rules! file_hash {
    ($path:expr) => {
        secure_http::csp! { script-src: sha384(file: $path) }
    };
}

const INLINE: secure_http::ContentSecurityPolicy = inline_hash!("alert(1)");
const FILE: secure_http::ContentSecurityPolicy = file_hash!("tests/fixtures/app.js");

pub fn main() {
    assert_eq!(
        INLINE.as_str(),
        secure_http::csp! { script-src: sha256("alert(1)") }.as_str()
    );
    assert_eq!(
        INLINE.as_str(),
        "script-src 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
    );
    assert_eq!(
        FILE.as_str(),
        secure_http::csp! { script-src: sha384(file: "tests/fixtures/app.js") }.as_str()
    );
}
