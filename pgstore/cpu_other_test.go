//go:build !linux

package pgstore

import "time"

// Elsewhere than Linux the benchmark reports no CPU columns.
func clientCPU() time.Duration { return -1 }
func serverCPU() time.Duration { return -1 }
