//! Property tests of the macro pipeline (filled in by the property-test work).
