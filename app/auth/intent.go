package auth

import "context"

// Intent is an audit entry that must commit in the transaction of the change it
// records: the caller attaches it to the context of the store call that makes the
// change (WithIntent), and the store appends it, chained to the log's head, inside that
// same write transaction. A change and its entry are then both durable or both absent,
// even if the process dies between them.
type Intent struct {
	Actor   string
	Action  Action
	Subject string
	Detail  string
}

type intentKey struct{}

// WithIntent returns ctx carrying the intents after any already carried.
func WithIntent(ctx context.Context, in ...Intent) context.Context {
	prev := IntentsOf(ctx)
	all := make([]Intent, 0, len(prev)+len(in))
	all = append(append(all, prev...), in...)
	return context.WithValue(ctx, intentKey{}, all)
}

// IntentsOf returns the intents ctx carries, in order.
func IntentsOf(ctx context.Context) []Intent {
	in, _ := ctx.Value(intentKey{}).([]Intent)
	return in
}
