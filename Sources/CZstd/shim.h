#ifndef KOPPEL_CZSTD_SHIM_H
#define KOPPEL_CZSTD_SHIM_H

#include <zstd.h>

// ZSTD_CONTENTSIZE_UNKNOWN and ZSTD_CONTENTSIZE_ERROR are macros of an expression
// ((0ULL - 1), (0ULL - 2)) that Swift does not import: these functions tell them apart.

static inline int koppel_zstd_content_size_known(unsigned long long size) {
    return size != ZSTD_CONTENTSIZE_UNKNOWN && size != ZSTD_CONTENTSIZE_ERROR;
}

#endif
