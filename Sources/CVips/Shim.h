// Declarations shared by the CVips source files (not part of the public header).
#ifndef FOVEA_CVIPS_SHIM_H
#define FOVEA_CVIPS_SHIM_H

#include <vips/vips.h>

#include "CVips.h"

struct FoveaVipsImage {
    VipsImage *image;
};

/// Where encoded bytes come from: a file path, or memory when path is NULL.
typedef struct {
    const char *path;
    const void *data;
    size_t length;
} FoveaVipsOrigin;

/// Starts libvips if needed and forgets error text left by earlier calls
/// (a lenient decode succeeds but leaves its warnings behind). Every public
/// entry point calls it first.
FoveaVipsStatus fovea_vips_begin(void);

/// Records libvips's error text (or `fallback` when it has none) as this
/// thread's last error and returns `status`.
FoveaVipsStatus fovea_vips_fail(FoveaVipsStatus status, const char *fallback);

/// Records `message` (a problem this shim found itself, not libvips) as this
/// thread's last error and returns `status`.
FoveaVipsStatus fovea_vips_refuse(FoveaVipsStatus status, const char *message);

/// A new source reading from the origin, or NULL with the error recorded.
VipsSource *fovea_vips_source(const FoveaVipsOrigin *origin);

/// Fills `header` from a loaded (lazy) image and the loader's operation name.
void fovea_vips_fill_header(VipsImage *image, const char *loader, FoveaVipsHeader *header);

/// Replaces `*image` by `next`, the result of one processing step whose return
/// value was `failed`; the previous image is released. Returns non-zero (and
/// leaves `*image` NULL) when the step failed.
int fovea_vips_advance(VipsImage **image, VipsImage *next, int failed);

/// Turns a decoded image into 8-bit gray, RGB or RGBA as `options` ask.
/// Consumes `image`; on success `*out` holds the result.
FoveaVipsStatus fovea_vips_convert_colour(VipsImage *image, const FoveaVipsDecodeOptions *options, VipsImage **out);

#endif
