#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| secure_fuzz::isolation_parse(data));
