// Package bench holds side-by-side benchmarks of starmap against the
// libraries a host would otherwise reach for (issue 17), in its own module
// so that none of the peers enters the core module's go.mod.
//
// Every comparison has two halves, both in _test.go files: a Test that
// runs the same inputs through starmap and through each peer and fails
// on the first answer that differs, and a Benchmark that times the same
// work. A benchmark only means something while its Test passes; README.md
// has the command, the medians and how each peer models the rules.
//
//   - task_test.go: the task state machine (TSK-1, TSK-2, TSK-8) against
//     github.com/looplab/fsm and github.com/qmuntal/stateless.
//   - access_test.go: the data-authorization access check (AUZ-10) against
//     github.com/casbin/casbin/v2, github.com/cedar-policy/cedar-go and
//     github.com/open-policy-agent/opa (rego).
//   - market_test.go: the marketplace search (star) against a naive scan.
package bench
