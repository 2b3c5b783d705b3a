module github.com/starmap-go/starmap/bench

go 1.26.0

replace github.com/starmap-go/starmap => ../

require (
	github.com/looplab/fsm v1.0.3
	github.com/qmuntal/stateless v1.7.2
	github.com/shopspring/decimal v1.6.0
	github.com/starmap-go/starmap v0.0.0-00010101000000-000000000000
)
