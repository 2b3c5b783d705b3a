// Command quickstart walks through the starmap SDK on its embedded default,
// the in-memory stores, and prints a readable transcript. The tour itself
// is the package tour, so that pgstore/examples/quickstart runs the same
// one on PostgreSQL. It grows as the domain packages land.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/starmap-go/starmap/examples/quickstart/tour"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// run prints the tour on new in-memory stores.
func run(w io.Writer) error {
	return tour.Run(context.Background(), w, tour.MemStores())
}
