// A thin C layer over libedit's readline-compatible API (<editline/readline.h>).
//
// Swift 6 cannot write libedit's C globals (rl_attempted_completion_function and friends), and an
// async Swift program needs Ctrl-C handled by a self-pipe and a poll loop rather than by libedit's
// own signal handling. Both live here, so the Swift side sees a few plain functions.
#ifndef CLINEEDIT_H
#define CLINEEDIT_H

#ifdef __cplusplus
extern "C" {
#endif

/// Returns a malloc'd, NULL-terminated array of malloc'd candidate strings for the word being
/// completed, given the whole line and the cursor (byte offset). libedit frees nothing of it:
/// the C side frees the array after use.
typedef char **(*clineedit_candidates_fn)(const char *line, int cursor, const char *word);

/// Sets up libedit: program name, word break characters, completion callback, and turns off
/// libedit's own signal handling. Call once, and only when stdin is a terminal.
void clineedit_setup(const char *name, clineedit_candidates_fn candidates);

/// Installs the SIGINT handler (a flag plus a byte on a self-pipe). Returns 0 on success.
int clineedit_install_sigint(void);

/// Returns 1 when Ctrl-C was pressed since the last call (and clears it), else 0.
int clineedit_take_interrupt(void);

/// Reads one line with editing. Returns 0 with *line set (malloc'd, caller frees), 1 when Ctrl-C
/// cleared the line, 2 at end of input (Ctrl-D on an empty line).
int clineedit_read(const char *prompt, char **line);

/// Adds a line to the in-memory history.
void clineedit_add_history(const char *line);

/// Loads the history file; returns 0 on success.
int clineedit_read_history(const char *path);

/// Writes the history file; returns 0 on success.
int clineedit_write_history(const char *path);

/// Keeps at most `count` history entries.
void clineedit_stifle_history(int count);

/// Empties the in-memory history.
void clineedit_clear_history(void);

#ifdef __cplusplus
}
#endif

#endif
