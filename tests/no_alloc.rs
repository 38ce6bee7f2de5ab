//! Applying a policy without a nonce allocates nothing: the header values are prepared when
//! `SecurityHeaders` is configured, and applying only clones them (a pointer copy for
//! compile-time policies, a reference count for runtime-parsed ones).

use http::HeaderMap;
use secure_http::{SecurityHeaders, csp};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct CountingAllocator;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

fn allocations_while(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    f();
    ALLOCATIONS.load(Ordering::SeqCst) - before
}

// One test function: the counter is global, and tests in one binary run on several threads.
#[test]
fn applying_static_policies_allocates_nothing_and_nonces_allocate_once() {
    let compiled = SecurityHeaders::new()
        .content_security_policy(csp! { default-src: none, img-src: self })
        .content_security_policy_report_only(csp! { default-src: self });
    let parsed = SecurityHeaders::new().content_security_policy(
        "default-src 'none'; img-src 'self' https://cdn.example.com"
            .parse()
            .unwrap(),
    );
    let mut map = HeaderMap::with_capacity(16);
    for headers in [&compiled, &parsed] {
        map.clear();
        let count = allocations_while(|| headers.apply(&mut map));
        assert_eq!(count, 0, "{map:?}");
        assert!(map.contains_key("content-security-policy"));
    }

    // A real request names its host; deciding whether it is a development request (and
    // applying the development variant for a loopback host) allocates nothing either.
    for host in [
        "app.example.com",
        "LocalHost:3000",
        "dev.LOCALHOST",
        "127.0.0.1:8080",
    ] {
        let mut response = http::Response::new(());
        response.headers_mut().reserve(16);
        let count =
            allocations_while(|| compiled.apply_to_response_for(&mut response, None, Some(host)));
        assert_eq!(count, 0, "{host}");
    }

    let with_nonce =
        SecurityHeaders::new().content_security_policy(csp! { script-src: nonce strict-dynamic });
    let nonce = secure_http::CspNonce::generate();
    map.clear();
    let count = allocations_while(|| with_nonce.apply_with_nonce(&mut map, &nonce));
    assert_eq!(count, 1, "the nonce path builds one string per response");
}
