//go:build linux

package pgstore

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// CPU time is what the noisy, shared machine disturbs least: wall-clock
// rates move ±2× from run to run with the other load, while the CPU
// seconds an operation costs the server and the client stay put, and on
// two cores they bound what 16 workers can do.

// clientCPU is the benchmark process's CPU time so far.
func clientCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// serverCPU is the CPU time so far of the test server's processes (the
// postmaster of STARMAP_TEST_PGDATA, which scripts/with-postgres sets, and
// its children, the backends among them), read from /proc; -1 when it
// cannot be read. Backends that have exited are not counted: the pools
// keep theirs for the whole benchmark.
func serverCPU() time.Duration {
	pidFile, err := os.ReadFile(filepath.Join(os.Getenv("STARMAP_TEST_PGDATA"), "postmaster.pid"))
	if err != nil {
		return -1
	}
	master, _, _ := strings.Cut(string(pidFile), "\n")
	procs, err := os.ReadDir("/proc")
	if err != nil {
		return -1
	}
	var ticks int64
	for _, p := range procs {
		stat, err := os.ReadFile("/proc/" + p.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid … utime stime: fields after the comm.
		_, rest, ok := strings.Cut(string(stat), ") ")
		f := strings.Fields(rest)
		if !ok || len(f) < 13 || (p.Name() != master && f[1] != master) {
			continue
		}
		u, _ := strconv.ParseInt(f[11], 10, 64)
		s, _ := strconv.ParseInt(f[12], 10, 64)
		ticks += u + s
	}
	return time.Duration(ticks) * 10 * time.Millisecond // USER_HZ = 100
}
