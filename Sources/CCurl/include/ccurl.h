#ifndef CCURL_H
#define CCURL_H

#include <stddef.h>

/// What one HTTP exchange gave: the final answer of one request (no redirect is followed).
typedef struct ccurl_result {
    /// The HTTP status, 0 when no answer came.
    long status;
    /// The body, as read (at most the limit asked for).
    unsigned char *body;
    size_t body_length;
    /// The answer's header lines, as received, CRLF-separated (the status line first).
    char *head;
    size_t head_length;
    /// libcurl's result code (0: the exchange completed, whatever the status).
    int code;
    /// 1 when the body went over the limit (the exchange was stopped there).
    int too_large;
    /// libcurl's message for `code`.
    char error[256];
} ccurl_result;

/// Loads libcurl (once, thread-safe). Returns 0 when it is there, -1 with a message in
/// `message` (at most `size` bytes) when it is not.
int ccurl_load(char *message, size_t size);

/// One request. `headers`: `count` lines "Name: value". `body` may be NULL (no body).
/// `timeout_ms`: the whole exchange; `stall_seconds`: at most this long without a byte;
/// `max_bytes` < 0: no limit. Fills `out` (free it with ccurl_free); returns `out->code`.
int ccurl_perform(const char *method, const char *url, const char *const *headers, size_t count,
                  const unsigned char *body, size_t body_length, long timeout_ms, long stall_seconds,
                  long long max_bytes, int accept_compressed, ccurl_result *out);

void ccurl_free(ccurl_result *result);

#endif
