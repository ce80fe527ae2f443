package main

import (
	"context"
	"fmt"
	"io"
)

func runSandbox(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	fmt.Fprintln(stderr, "sandbox: not ready")
	return exitFailed
}
