//! Features are separated by commas.

const POLICY: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy! {
    camera: () microphone: ()
};

fn main() {
    let _ = POLICY.as_str();
}
