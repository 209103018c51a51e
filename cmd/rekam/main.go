// Command rekam is the Rekam enrollment station. With no arguments it opens the station's
// window; with a subcommand it is a command-line tool that needs no display
// (`rekam help` lists the subcommands).
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches to the GUI or a subcommand and returns the process exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		return runGUI(stdout, stderr)
	}
	for _, c := range commands() {
		if c.name == args[0] {
			if err := c.run(args[1:], stdout); err != nil {
				fmt.Fprintf(stderr, "rekam %s: %v\n", c.name, err)
				return exitCode(err)
			}
			return 0
		}
	}
	fmt.Fprintf(stderr, "rekam: unknown command %q (try `rekam help`)\n", args[0])
	return 2
}
