//go:build !unix

package star_test

import "time"

// cpuTime is not measured off unix; the benchmarks then report 0.
func cpuTime() time.Duration { return 0 }
