// Package peeringtest is test support for the adapters in providers/: the
// fuzz harness (canned HTTP answers, the statuses a fuzzed byte picks, the
// contract every answer is held to), emulator set-up, listing helpers that
// fail on a repeated or missing connection, concurrent creates, fixtures
// and field-by-field comparison. It is imported only from _test files;
// what is particular to one cloud stays in that adapter's tests.
//
// Every helper takes a testing.TB and fails the test itself, so that a
// test reads as its assertions.
package peeringtest
