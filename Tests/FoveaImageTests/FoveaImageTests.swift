import Testing

/// Every suite of this module, run one test at a time: the leak check reads
/// libvips's process-wide counters, which other decodes would disturb.
/// (ConcurrencyTests starts its own threads.)
@Suite(.serialized)
enum FoveaImageTests {}
