package ratelimit

import (
	"context"
	"testing"
	"time"
)

func TestRegistrySharesBuckets(t *testing.T) {
	r := NewRegistry()
	l := Limit{Calls: 1, Per: 3600, Burst: 2} // two at once, then one an hour
	key := Key("alibaba-vpc", "LTAI", "cn-hangzhou", "ListVpcPeerConnections")
	for i := 0; i < 2; i++ {
		if err := r.Wait(context.Background(), key, l); err != nil {
			t.Fatalf("call %d within the burst waited: %v", i, err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if err := r.Wait(ctx, key, l); err == nil {
		t.Fatal("a third call went through a spent bucket")
	}
	// Another API has its own bucket.
	if err := r.Wait(context.Background(), Key("alibaba-vpc", "LTAI", "cn-hangzhou", "GetVpcPeerConnectionAttribute"), l); err != nil {
		t.Fatalf("another key was limited: %v", err)
	}
}

func TestUnlimited(t *testing.T) {
	r := NewRegistry()
	for i := 0; i < 1000; i++ {
		if err := r.Wait(context.Background(), "k", Limit{}); err != nil {
			t.Fatal(err)
		}
	}
	if len(r.buckets) != 0 {
		t.Errorf("an unlimited key made a bucket")
	}
	if PerMinute(360, 5) != (Limit{Calls: 360, Per: 60, Burst: 5}) {
		t.Error("PerMinute")
	}
}
