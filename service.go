package starmap

import (
	"context"
	"reflect"
)

// What every package's Service shares: construction, options, readiness.
//
// Every package has one constructor, NewService(store, clock, opts...)
// (*Service, error). A nil store or clock is ErrServiceDependency, a nil
// option ErrServiceOption: coded errors from the constructor, never a later
// panic. A Service that was not made by NewService (its zero value, or a
// nil pointer) answers every method with ErrServiceNotReady.

// CheckContext is the first check of every Service method: a nil ctx is
// ErrContextMissing, a done one its own error (context.Canceled or
// DeadlineExceeded), so that nothing is read or written for a caller that
// has gone.
func CheckContext(ctx context.Context) error {
	if ctx == nil {
		return ErrContextMissing.New()
	}
	return ctx.Err()
}

// RequireDependency returns ErrServiceDependency naming what when v is nil
// (a nil interface or a typed nil pointer, map or func inside one).
func RequireDependency(whatZH, what string, v any) error {
	if isNil(v) {
		return ErrServiceDependency.New(LabeledArg("what", whatZH, what))
	}
	return nil
}

// ApplyOptions applies opts to c in order; a nil option, or one that
// fails, is ErrServiceOption with its 1-based index (and the option's own
// error as the cause).
func ApplyOptions[C any, O ~func(*C) error](c *C, opts []O) error {
	for i, o := range opts {
		if o == nil {
			return ErrServiceOption.New(Arg("index", i+1), LabeledArg("problem", "为空", "nil"))
		}
		if err := o(c); err != nil {
			return ErrServiceOption.Wrap(err, Arg("index", i+1), LabeledArg("problem", Message(err, ZH), Message(err, EN)))
		}
	}
	return nil
}

func isNil(v any) bool {
	if v == nil {
		return true
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Func, reflect.Chan, reflect.Slice, reflect.Interface:
		return rv.IsNil()
	}
	return false
}
