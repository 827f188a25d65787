#ifndef KOPPEL_CCURL_SHIM_H
#define KOPPEL_CCURL_SHIM_H

#include <curl/curl.h>

// curl_easy_setopt and curl_easy_getinfo are variadic: Swift cannot call them. These typed
// wrappers are the only way in, one per argument type.

static inline CURLcode koppel_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode koppel_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode koppel_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode koppel_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

// Write, header and read callbacks share this signature.
typedef size_t (*koppel_curl_data_callback)(char *data, size_t size, size_t count, void *user_data);

static inline CURLcode koppel_curl_setopt_data_callback(CURL *handle, CURLoption option,
                                                        koppel_curl_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

// The debug callback sees the protocol conversation: commands sent, replies received.
typedef int (*koppel_curl_debug_callback)(CURL *handle, curl_infotype type, char *data, size_t size, void *user_data);

static inline CURLcode koppel_curl_setopt_debug_callback(CURL *handle, CURLoption option,
                                                         koppel_curl_debug_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

static inline CURLcode koppel_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode koppel_curl_getinfo_double(CURL *handle, CURLINFO info, double *value) {
    return curl_easy_getinfo(handle, info, value);
}

#endif
