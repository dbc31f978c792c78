"""The competency passbook: a hash-chained evidence log, and the levels ruled from it."""
