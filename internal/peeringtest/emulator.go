package peeringtest

import (
	"strconv"
	"testing"

	"github.com/peeringkit/peering/emulator"
)

// Emulator starts an emulator with o over loopback and closes it when the
// test ends.
func Emulator(t testing.TB, o emulator.Options) *emulator.Server {
	t.Helper()
	srv, err := emulator.Start(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

// FrozenEmulator is Emulator with the clock frozen: only Advance moves
// time, so that a slow machine cannot settle a status under a test.
func FrozenEmulator(t testing.TB, o emulator.Options) *emulator.Server {
	t.Helper()
	srv := Emulator(t, o)
	srv.Clock.Freeze()
	return srv
}

// Account returns the emulator's sandbox account name, failing the test
// when there is none.
func Account(t testing.TB, srv *emulator.Server, name string) emulator.Account {
	t.Helper()
	a, ok := srv.Account(name)
	if !ok {
		t.Fatalf("no sandbox account %q", name)
	}
	return a
}

// UID returns an Alibaba account's ID as the number the emulator keys it by.
func UID(t testing.TB, a emulator.Account) int64 {
	t.Helper()
	uid, err := strconv.ParseInt(a.ID, 10, 64)
	if err != nil {
		t.Fatalf("account %s: ID %q is not a UID: %v", a.Name, a.ID, err)
	}
	return uid
}

// Client returns newClient(o) after each of opts has changed o, failing
// the test on an error: the one way the adapters' tests build a client.
func Client[O, C any](t testing.TB, newClient func(O) (C, error), o O, opts ...func(*O)) C {
	t.Helper()
	for _, f := range opts {
		f(&o)
	}
	c, err := newClient(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
