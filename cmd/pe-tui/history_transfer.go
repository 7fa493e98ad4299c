package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/safefile"
)

func newHistoryExportCmd(g *globalFlags) *cobra.Command {
	var filter historyFilter
	var force bool
	cmd := &cobra.Command{
		Use:   "export [flags] [FILE]",
		Short: "Write recorded sends as JSON lines",
		Long: `export writes the records (all, or those the filters select) to FILE, or to
standard output when FILE is missing or "-": one JSON record per line, oldest
first, request and response bodies base64-encoded so they are kept byte for
byte. 'pe-tui history import' reads it back. The file is written whole or not
at all, with mode 0600.

FILE may not be the history database (or its -wal or -shm file, or a link
to them). An existing FILE is replaced only when it is an earlier export
(or empty); any other file needs --force.`,
		Example: `  pe-tui history export backup.jsonl
  pe-tui history export --status 4xx > rejected.jsonl
  pe-tui history export --force notes.txt`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			q, err := filter.query(time.Now())
			if err != nil {
				return err
			}
			toStdout := len(args) == 0 || args[0] == "-"
			if toStdout {
				if err := historyStdoutNotHistory(g, cmd.OutOrStdout()); err != nil {
					return err
				}
			}
			st, err := historyOpen(g)
			if err != nil {
				return err
			}
			defer st.Close()
			if toStdout {
				if _, err := st.Export(cmd.Context(), cmd.OutOrStdout(), q); err != nil {
					return exitWith(exitUsage, err.Error())
				}
				return nil
			}
			file := args[0]
			if err := historyExportTarget(file, st, force); err != nil {
				return exitWith(exitUsage, err.Error())
			}
			var n int
			err = historyWriteFile(file, func(w io.Writer) error {
				var err error
				n, err = st.Export(cmd.Context(), w, q)
				return err
			})
			if err != nil {
				return exitWith(exitUsage, err.Error())
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "Exported %d records to %s.\n", n, file)
			return nil
		},
	}
	filter.add(cmd)
	cmd.Flags().BoolVar(&force, "force", false, "replace FILE even when it is not an earlier export")
	return cmd
}

// historyExportTarget refuses an export file that is the history database,
// one of its companion files or a link to them, and (without force) an
// existing file that is not an earlier export.
func historyExportTarget(file string, st *history.Store, force bool) error {
	out := historyFinalPath(file)
	db := historyFinalPath(st.Path())
	outInfo, statErr := os.Stat(file)
	for _, suffix := range []string{"", "-wal", "-shm", "-journal", history.SpoolSuffix} {
		own := db + suffix
		same := out == own
		if fi, err := os.Stat(own); !same && err == nil && statErr == nil {
			same = os.SameFile(fi, outInfo)
		}
		if same {
			return fmt.Errorf("%s is the history database's own file (%s): exporting onto it would destroy the history; give another file name", file, own)
		}
	}
	if statErr != nil || force {
		return nil // a new file (a write error is reported by the write)
	}
	if !outInfo.Mode().IsRegular() {
		return fmt.Errorf("%s exists and is not a regular file; give another file name", file)
	}
	if outInfo.Size() == 0 {
		return nil
	}
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("cannot read %s to check it is an earlier export: %w; give another file name", file, err)
	}
	defer f.Close()
	if !history.IsExport(f) {
		return fmt.Errorf("%s exists and is not a pe-tui history export: pass --force to replace it, or give another file name", file)
	}
	return nil
}

// historyStdoutNotHistory refuses an export whose standard output is the
// history database itself ('history export > history.db'): the shell has
// already emptied the file, and opening it would start a new history over
// what its write-ahead log still holds.
func historyStdoutNotHistory(g *globalFlags, out io.Writer) error {
	f, ok := out.(*os.File)
	if !ok {
		return nil
	}
	outInfo, err := f.Stat()
	if err != nil || !outInfo.Mode().IsRegular() {
		return nil
	}
	path, err := historyPath(g)
	if err != nil {
		return err
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if fi, err := os.Stat(path + suffix); err == nil && os.SameFile(fi, outInfo) {
			return exitWith(exitUsage, fmt.Sprintf("standard output is the history database's own file %s: the redirection has already emptied it; nothing was exported. Restore it from a backup if you have one, and export to another file", path+suffix))
		}
	}
	return nil
}

// historyFinalPath is the absolute path that path names once every symbolic
// link is followed, also when the last link dangles (its target may appear
// later, e.g. a -wal file).
func historyFinalPath(path string) string {
	p, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	for range 40 {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return r
		}
		target, err := os.Readlink(p)
		if err != nil {
			break // p does not exist: resolve its directory
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(p), target)
		}
		p = filepath.Clean(target)
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(p)); err == nil {
		return filepath.Join(dir, filepath.Base(p))
	}
	return p
}

// historyWriteFile writes a file (0600) through a temporary file in the same
// directory and renames it into place, so a failure leaves no partial file.
func historyWriteFile(path string, write func(io.Writer) error) error {
	var werr error
	err := safefile.Stream(path, 0o600, func(w io.Writer) error { werr = write(w); return werr })
	if err != nil && err != werr {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return err
}

func newHistoryImportCmd(g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Add recorded sends from a 'pe-tui history export' file",
		Long: `import reads JSON lines as 'pe-tui history export' writes them (FILE, or "-"
for standard input) and adds the records to the history. It is all or
nothing: a bad line stops the import, names the line, and adds no record.
Records already present (same time and request) are skipped, so importing
the same file twice adds nothing the second time. Imported records get new
ids; credential headers are dropped as on every send.`,
		Example: `  pe-tui history import backup.jsonl
  pe-tui --history other.db history export | pe-tui history import -`,
		Args: exactlyOneArg("file that 'pe-tui history export' wrote (or - for standard input)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			var in io.Reader = cmd.InOrStdin()
			name := "standard input"
			if args[0] != "-" {
				f, _, err := safefile.Open(args[0])
				if err != nil {
					return exitWith(exitUsage, eventArgFileError(args[0], err).Error())
				}
				defer f.Close()
				in, name = f, args[0]
			}
			st, err := historyOpen(g)
			if err != nil {
				return err
			}
			defer st.Close()
			res, err := st.Import(cmd.Context(), in)
			if err != nil {
				return exitWith(exitUsage, fmt.Sprintf("%s: %v (nothing was imported)", name, err))
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Imported %d records from %s (%d already present) into %s.\n", res.Added, name, res.Skipped, st.Path())
			return nil
		},
	}
	return cmd
}
