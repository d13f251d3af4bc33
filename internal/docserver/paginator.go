package docserver

import (
	"context"

	"github.com/peeringkit/peering"
)

// CollectPages walks a Paginator to its end and returns the IDs of every
// page, in order (those of a page returned with an error included), how
// many times NextPage was called, and the error that ended the walk (nil
// when HasMorePages turned false). It gives up after
// limit pages (an error naming the limit), so that a paginator that never
// ends fails its test instead of hanging it.
func CollectPages(ctx context.Context, pg *peering.Paginator, limit int) (ids []string, pages int, err error) {
	for pg.HasMorePages() {
		if pages >= limit {
			return ids, pages, &peering.Error{Code: peering.Unknown, Op: "CollectPages", Message: "the paginator still has pages after the test's limit"}
		}
		conns, err := pg.NextPage(ctx)
		pages++
		for _, c := range conns { // a page may come with the error that ends the walk
			ids = append(ids, c.ID)
		}
		if err != nil {
			return ids, pages, err
		}
	}
	return ids, pages, nil
}
