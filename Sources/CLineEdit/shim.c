#include "CLineEdit.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// Always libedit's header: GNU readline's headers are also installed on Debian images.
#include <editline/readline.h>

static clineedit_candidates_fn swift_candidates = NULL;
static char **current = NULL;
static int current_index = 0;

static volatile sig_atomic_t interrupted = 0;
static int pipe_fds[2] = {-1, -1};

static void free_current(void) {
  if (current) {
    for (int i = 0; current[i]; i++) free(current[i]);
    free(current);
  }
  current = NULL;
  current_index = 0;
}

static char *generator(const char *text, int state) {
  if (state == 0) {
    free_current();
    if (swift_candidates) current = swift_candidates(rl_line_buffer, rl_point, text);
  }
  if (!current || !current[current_index]) return NULL;
  return strdup(current[current_index++]);
}

static char **attempted_completion(const char *text, int start, int end) {
  (void)start;
  (void)end;
  rl_attempted_completion_over = 1;  // never fall back to file names for every word
  char **matches = rl_completion_matches(text, generator);
  // A space after `key=`, `$name`, `folder/` or a query's `"name":` would break what is typed next (the value,
  // `.field`, the file; the value of the name, typed after its own space).
  rl_completion_append_character = ' ';
  // One candidate: matches[0] is the text put in place of the word, and matches[1] the candidate itself.
  if (matches && matches[0] && (!matches[1] || !matches[2])) {
    size_t length = strlen(matches[0]);
    char last = length ? matches[0][length - 1] : 0;
    if (last == '=' || last == '/' || last == '.' || last == ':' || matches[0][0] == '$') {
      rl_completion_append_character = '\0';
    }
  }
  return matches;
}

void clineedit_setup(const char *name, clineedit_candidates_fn candidates) {
  swift_candidates = candidates;
  rl_readline_name = (char *)name;
  rl_catch_signals = 0;
  // `$`, `=` and `.` are part of the words we complete ($integration._id, status=running).
  // libedit reads rl_basic_word_break_characters; GNU readline reads the completer one. Set both.
  rl_basic_word_break_characters = (char *)" \t\n;{}[](),\"'";
  rl_completer_word_break_characters = (char *)" \t\n;{}[](),\"'";
  rl_attempted_completion_function = attempted_completion;
}

static void on_sigint(int signal_number) {
  (void)signal_number;
  interrupted = 1;
  if (pipe_fds[1] >= 0) {
    int saved = errno;
    ssize_t ignored = write(pipe_fds[1], "x", 1);
    (void)ignored;
    errno = saved;
  }
}

int clineedit_install_sigint(void) {
  if (pipe_fds[0] < 0) {
    if (pipe(pipe_fds) != 0) return -1;
    for (int i = 0; i < 2; i++) fcntl(pipe_fds[i], F_SETFL, fcntl(pipe_fds[i], F_GETFL) | O_NONBLOCK);
  }
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = on_sigint;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  return sigaction(SIGINT, &action, NULL);
}

int clineedit_take_interrupt(void) {
  if (!interrupted) return 0;
  interrupted = 0;
  return 1;
}

static void drain_pipe(void) {
  char buffer[64];
  while (pipe_fds[0] >= 0 && read(pipe_fds[0], buffer, sizeof buffer) > 0) {
  }
}

static char *completed_line = NULL;
static int line_done = 0;

static void on_line(char *line) {
  completed_line = line;
  line_done = 1;
  rl_callback_handler_remove();
}

int clineedit_read(const char *prompt, char **line) {
  drain_pipe();
  interrupted = 0;
  completed_line = NULL;
  line_done = 0;
  rl_callback_handler_install(prompt, on_line);
  while (!line_done) {
    struct pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {pipe_fds[0], POLLIN, 0}};
    int ready = poll(fds, pipe_fds[0] >= 0 ? 2 : 1, -1);
    if (ready < 0) {
      if (errno == EINTR) continue;
      rl_callback_handler_remove();
      return 2;
    }
    if (pipe_fds[0] >= 0 && (fds[1].revents & POLLIN)) {
      drain_pipe();
      interrupted = 0;
      rl_callback_handler_remove();
      fputs("^C\n", stdout);
      fflush(stdout);
      return 1;
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) rl_callback_read_char();
  }
  if (!completed_line) return 2;
  *line = completed_line;
  return 0;
}

void clineedit_add_history(const char *line) { add_history(line); }

int clineedit_read_history(const char *path) { return read_history(path); }

int clineedit_write_history(const char *path) { return write_history(path); }

void clineedit_stifle_history(int count) { stifle_history(count); }

void clineedit_clear_history(void) { clear_history(); }
