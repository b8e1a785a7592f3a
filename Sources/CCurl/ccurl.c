// libcurl, loaded when the first HTTP request is made rather than linked: linked, libcurl and the
// two dozen libraries it needs (TLS, Kerberos, LDAP, SSH, IDN, compression) were mapped and
// relocated at every start of every command. Only the stable easy API is used; the option and
// information numbers below are those of curl/curl.h, fixed since libcurl 7.x.
#include "ccurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void CURL;
struct curl_slist;

enum {
    OPT_WRITEDATA = 10001, OPT_URL = 10002, OPT_ERRORBUFFER = 10010, OPT_POSTFIELDS = 10015,
    OPT_LOW_SPEED_LIMIT = 19, OPT_LOW_SPEED_TIME = 20, OPT_HTTPHEADER = 10023, OPT_HEADERDATA = 10029,
    OPT_CUSTOMREQUEST = 10036, OPT_NOBODY = 44, OPT_FOLLOWLOCATION = 52, OPT_HTTPGET = 80, OPT_NOSIGNAL = 99,
    OPT_ACCEPT_ENCODING = 10102, OPT_TIMEOUT_MS = 155, OPT_WRITEFUNCTION = 20011, OPT_HEADERFUNCTION = 20079,
    OPT_MAXFILESIZE_LARGE = 30117, OPT_POSTFIELDSIZE_LARGE = 30120, OPT_PROTOCOLS_STR = 10318,
    INFO_RESPONSE_CODE = 0x200002,
    GLOBAL_ALL = 3,
    E_WRITE_ERROR = 23,
};

static struct {
    int (*global_init)(long);
    CURL *(*easy_init)(void);
    int (*easy_setopt)(CURL *, int, ...);
    int (*easy_perform)(CURL *);
    int (*easy_getinfo)(CURL *, int, ...);
    void (*easy_cleanup)(CURL *);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    const char *(*easy_strerror)(int);
} curl;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char load_error[256];

static void load(void) {
    const char *names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so"};
    void *lib = NULL;
    for (size_t i = 0; i < sizeof names / sizeof *names && !lib; i++) lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        snprintf(load_error, sizeof load_error, "libcurl is not installed (%s): apt-get install libcurl4", dlerror());
        return;
    }
#define SYM(field, name) \
    if (!(*(void **)(&curl.field) = dlsym(lib, name))) { \
        snprintf(load_error, sizeof load_error, "libcurl has no %s: it is too old", name); return; }
    SYM(global_init, "curl_global_init")
    SYM(easy_init, "curl_easy_init")
    SYM(easy_setopt, "curl_easy_setopt")
    SYM(easy_perform, "curl_easy_perform")
    SYM(easy_getinfo, "curl_easy_getinfo")
    SYM(easy_cleanup, "curl_easy_cleanup")
    SYM(slist_append, "curl_slist_append")
    SYM(slist_free_all, "curl_slist_free_all")
    SYM(easy_strerror, "curl_easy_strerror")
#undef SYM
    if (curl.global_init(GLOBAL_ALL) != 0) snprintf(load_error, sizeof load_error, "libcurl could not start");
}

int ccurl_load(char *message, size_t size) {
    pthread_once(&once, load);
    if (load_error[0]) {
        if (message && size) snprintf(message, size, "%s", load_error);
        return -1;
    }
    return 0;
}

typedef struct {
    unsigned char *data;
    size_t length, capacity;
    long long limit;
    int over;
} buffer;

static int append(buffer *b, const void *bytes, size_t n) {
    if (b->length + n + 1 > b->capacity) {
        size_t capacity = b->capacity ? b->capacity : 4096;
        while (capacity < b->length + n + 1) capacity *= 2;
        unsigned char *grown = realloc(b->data, capacity);
        if (!grown) return -1;
        b->data = grown;
        b->capacity = capacity;
    }
    memcpy(b->data + b->length, bytes, n);
    b->length += n;
    b->data[b->length] = 0;
    return 0;
}

static size_t on_body(char *bytes, size_t size, size_t count, void *context) {
    buffer *b = context;
    size_t n = size * count;
    if (b->limit >= 0 && (long long)(b->length + n) > b->limit) { b->over = 1; return 0; }
    return append(b, bytes, n) == 0 ? n : 0;
}

static size_t on_header(char *bytes, size_t size, size_t count, void *context) {
    buffer *b = context;
    size_t n = size * count;
    // A new status line (after a 100 Continue) starts the answer's headers again.
    if (n >= 5 && memcmp(bytes, "HTTP/", 5) == 0) b->length = 0;
    return append(b, bytes, n) == 0 ? n : 0;
}

int ccurl_perform(const char *method, const char *url, const char *const *headers, size_t count,
                  const unsigned char *body, size_t body_length, long timeout_ms, long stall_seconds,
                  long long max_bytes, int accept_compressed, ccurl_result *out) {
    memset(out, 0, sizeof *out);
    if (ccurl_load(out->error, sizeof out->error) != 0) { out->code = -1; return -1; }
    CURL *h = curl.easy_init();
    if (!h) { out->code = -1; snprintf(out->error, sizeof out->error, "libcurl could not start a request"); return -1; }
    buffer content = {0}, head = {0};
    content.limit = max_bytes;
    head.limit = -1;
    struct curl_slist *list = NULL;
    for (size_t i = 0; i < count; i++) list = curl.slist_append(list, headers[i]);
    // No "Expect: 100-continue" round trip before a body.
    list = curl.slist_append(list, "Expect:");

    curl.easy_setopt(h, OPT_URL, url);
    curl.easy_setopt(h, OPT_PROTOCOLS_STR, "http,https");
    curl.easy_setopt(h, OPT_NOSIGNAL, 1L);
    curl.easy_setopt(h, OPT_FOLLOWLOCATION, 0L);
    curl.easy_setopt(h, OPT_ERRORBUFFER, out->error);
    curl.easy_setopt(h, OPT_TIMEOUT_MS, timeout_ms);
    curl.easy_setopt(h, OPT_LOW_SPEED_LIMIT, 1L);
    curl.easy_setopt(h, OPT_LOW_SPEED_TIME, stall_seconds);
    if (max_bytes >= 0) curl.easy_setopt(h, OPT_MAXFILESIZE_LARGE, (long long)max_bytes);
    if (accept_compressed) curl.easy_setopt(h, OPT_ACCEPT_ENCODING, "");
    curl.easy_setopt(h, OPT_WRITEFUNCTION, on_body);
    curl.easy_setopt(h, OPT_WRITEDATA, &content);
    curl.easy_setopt(h, OPT_HEADERFUNCTION, on_header);
    curl.easy_setopt(h, OPT_HEADERDATA, &head);
    if (strcmp(method, "HEAD") == 0) {
        curl.easy_setopt(h, OPT_NOBODY, 1L);
    } else if (body) {
        curl.easy_setopt(h, OPT_POSTFIELDSIZE_LARGE, (long long)body_length);
        curl.easy_setopt(h, OPT_POSTFIELDS, body_length ? (const char *)body : "");
        curl.easy_setopt(h, OPT_CUSTOMREQUEST, method);
    } else if (strcmp(method, "GET") == 0) {
        curl.easy_setopt(h, OPT_HTTPGET, 1L);
    } else {
        curl.easy_setopt(h, OPT_CUSTOMREQUEST, method);
    }
    curl.easy_setopt(h, OPT_HTTPHEADER, list);

    int code = curl.easy_perform(h);
    long status = 0;
    curl.easy_getinfo(h, INFO_RESPONSE_CODE, &status);
    out->status = status;
    out->code = code;
    out->too_large = content.over;
    if (code != 0 && !out->error[0]) snprintf(out->error, sizeof out->error, "%s", curl.easy_strerror(code));
    if (code == E_WRITE_ERROR && content.over) out->error[0] = 0;
    out->body = content.data;
    out->body_length = content.length;
    out->head = (char *)head.data;
    out->head_length = head.length;
    curl.slist_free_all(list);
    curl.easy_cleanup(h);
    return code;
}

void ccurl_free(ccurl_result *result) {
    free(result->body);
    free(result->head);
    result->body = NULL;
    result->head = NULL;
}
