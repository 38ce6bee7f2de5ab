//! Features are separated by commas.

const POLICY: secure::headers::PermissionsPolicy = secure::permissions_policy! {
    camera: () microphone: ()
};

fn main() {
    let _ = POLICY.as_str();
}
