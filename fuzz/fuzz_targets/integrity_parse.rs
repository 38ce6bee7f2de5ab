#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| secure_fuzz::integrity_parse(data));
