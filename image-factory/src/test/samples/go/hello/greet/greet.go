// Package greet is the sample's dependency, replaced by a directory of the app.
package greet

// Hello is what the sample answers.
func Hello(runtime string) string {
	return "hello from " + runtime
}
