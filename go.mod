module github.com/starmap-go/starmap

go 1.23

require (
	github.com/google/go-cmp v0.7.0
	github.com/shopspring/decimal v1.6.0
)

require pgregory.net/rapid v1.3.0
