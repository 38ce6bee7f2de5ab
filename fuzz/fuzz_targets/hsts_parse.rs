#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| secure_fuzz::hsts_parse(data));
