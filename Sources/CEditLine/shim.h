#ifndef SCRY_CEDITLINE_SHIM_H
#define SCRY_CEDITLINE_SHIM_H

// libedit's el_set, el_get and history are variadic, which Swift cannot call.
// These wrappers give each use scry makes of them a fixed signature.

#include <stdio.h>
#include <histedit.h>

typedef char *(*scry_prompt_function)(EditLine *);
typedef unsigned char (*scry_editline_command)(EditLine *, int);

static inline int scry_el_set_prompt(EditLine *el, scry_prompt_function prompt) {
    return el_set(el, EL_PROMPT, prompt);
}

static inline int scry_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}

static inline int scry_el_set_signal(EditLine *el, int on) {
    return el_set(el, EL_SIGNAL, on);
}

// EL_HIST takes libedit's history function, then the list it works on.
static inline int scry_el_set_history(EditLine *el, History *list) {
    return el_set(el, EL_HIST, history, list);
}

static inline int scry_el_add_function(EditLine *el, const char *name, const char *help,
                                       scry_editline_command function) {
    return el_set(el, EL_ADDFN, name, help, function);
}

static inline int scry_el_bind(EditLine *el, const char *key, const char *command) {
    return el_set(el, EL_BIND, key, command, NULL);
}

static inline int scry_el_set_client_data(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}

static inline void *scry_el_get_client_data(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}

static inline int scry_history_set_size(History *list, HistEvent *event, int size) {
    return history(list, event, H_SETSIZE, size);
}

static inline int scry_history_set_unique(History *list, HistEvent *event, int unique) {
    return history(list, event, H_SETUNIQUE, unique);
}

static inline int scry_history_enter(History *list, HistEvent *event, const char *line) {
    return history(list, event, H_ENTER, line);
}

static inline int scry_history_load(History *list, HistEvent *event, const char *path) {
    return history(list, event, H_LOAD, path);
}

// Walking the list: H_LAST is the oldest entry, H_PREV the next newer one, H_FIRST the newest.
static inline int scry_history_last(History *list, HistEvent *event) {
    return history(list, event, H_LAST);
}

static inline int scry_history_previous(History *list, HistEvent *event) {
    return history(list, event, H_PREV);
}

static inline int scry_history_first(History *list, HistEvent *event) {
    return history(list, event, H_FIRST);
}

// Raw mode for editing (1), or the terminal as it was (0): around a suspension by Ctrl-Z.
static inline int scry_el_prepare_terminal(EditLine *el, int editing) {
    return el_set(el, EL_PREP_TERM, editing);
}

// Ctrl-C arrives as a key while a line is edited (bound to scry's cancel), not as SIGINT.
static inline int scry_el_set_edit_mode_without_signals(EditLine *el) {
    return el_set(el, EL_SETTY, "-d", "-isig", NULL);
}

#endif
