package peering

import (
	"strconv"
	"testing"
)

func TestIDSet(t *testing.T) {
	for _, n := range []int{0, 1, 63, 64, 65, 5000, 100_000} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			s := newIDSet()
			for i := range n {
				if !s.add("pcc-" + strconv.Itoa(i)) {
					t.Fatalf("ID %d reported as seen before it was added", i)
				}
			}
			for i := range n {
				if s.add("pcc-" + strconv.Itoa(i)) {
					t.Fatalf("ID %d reported as new the second time", i)
				}
			}
			if s.len() != n {
				t.Errorf("len = %d; want %d", s.len(), n)
			}
			if !s.add("") || s.add("") {
				t.Errorf("the empty ID is not remembered like any other")
			}
		})
	}
}

// BenchmarkIDSet reports the bytes the set holds per ID at a million IDs.
func BenchmarkIDSet(b *testing.B) {
	ids := make([]string, 1_000_000)
	for i := range ids {
		ids[i] = "peerconn-" + strconv.Itoa(i)
	}
	b.ResetTimer()
	var s *idSet
	for i := 0; i < b.N; i++ {
		if s != nil {
			s.release()
		}
		s = newIDSet()
		for _, id := range ids {
			s.add(id)
		}
	}
	slots := 0
	for i := range s.t.shards {
		slots += len(s.t.shards[i].slots)
	}
	s.release()
	b.ReportMetric(float64(slots*16)/float64(len(ids)), "B/ID")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ids)), "ns/add")
}
