// Building the decode pipeline (with shrink-on-load) and rendering it.
#include <string.h>

#include "Shim.h"

int fovea_vips_advance(VipsImage **image, VipsImage *next, int failed)
{
    VIPS_UNREF(*image);
    if (failed) {
        VIPS_UNREF(next);
        return -1;
    }
    *image = next;
    return 0;
}

static VipsFailOn fail_on(const FoveaVipsDecodeOptions *options)
{
    // "error" also rejects truncation; plain libjpeg warnings (such as stray
    // bytes before a marker, common in real datasets) still pass.
    return options->strict ? VIPS_FAIL_ON_ERROR : VIPS_FAIL_ON_NONE;
}

/// Full-size load: reuses the header image, rotating upright when asked.
static FoveaVipsStatus load_full_size(VipsImage **image, const FoveaVipsDecodeOptions *options)
{
    if (!options->autorotate || vips_image_get_orientation(*image) == 1) {
        return FOVEA_VIPS_OK;
    }
    // Rotation reads pixels out of order, which a sequential loader cannot
    // serve, so decode into memory first.
    VipsImage *next = vips_image_copy_memory(*image);
    if (fovea_vips_advance(image, next, next == NULL)) {
        return fovea_vips_fail(FOVEA_VIPS_ERROR_DECODE, "cannot decode the image");
    }
    next = NULL;
    int failed = vips_autorot(*image, &next, NULL);
    if (fovea_vips_advance(image, next, failed)) {
        return fovea_vips_fail(FOVEA_VIPS_ERROR_DECODE, "cannot rotate the image upright");
    }
    return FOVEA_VIPS_OK;
}

/// Resized load through vips_thumbnail, which lets JPEG (and WebP, HEIF, ...)
/// decode at a fraction of full size instead of decoding and then shrinking.
static FoveaVipsStatus load_resized(const FoveaVipsOrigin *origin, const FoveaVipsDecodeOptions *options,
                                    VipsImage **out)
{
    VipsSource *source = fovea_vips_source(origin);
    if (!source) {
        return FOVEA_VIPS_ERROR_DECODE;
    }
    VipsSize size = options->resize == FOVEA_VIPS_RESIZE_EXACT ? VIPS_SIZE_FORCE : VIPS_SIZE_BOTH;
    VipsInteresting crop =
        options->resize == FOVEA_VIPS_RESIZE_COVER_CROP ? VIPS_INTERESTING_CENTRE : VIPS_INTERESTING_NONE;
    int failed = vips_thumbnail_source(source, out, options->target_width, "height", options->target_height,
                                       "size", size, "crop", crop, "no_rotate", !options->autorotate, "fail_on",
                                       fail_on(options), NULL);
    g_object_unref(source);
    if (failed) {
        *out = NULL;
        return fovea_vips_fail(FOVEA_VIPS_ERROR_DECODE, "cannot decode and resize the image");
    }
    return FOVEA_VIPS_OK;
}

static FoveaVipsStatus check_options(const FoveaVipsDecodeOptions *options)
{
    if (options->resize != FOVEA_VIPS_RESIZE_NONE &&
        (options->target_width < 1 || options->target_height < 1 || options->target_width > VIPS_MAX_COORD ||
         options->target_height > VIPS_MAX_COORD)) {
        return fovea_vips_refuse(FOVEA_VIPS_ERROR_ARGUMENT, "target size out of range");
    }
    if (options->color < FOVEA_VIPS_COLOR_RGB || options->color > FOVEA_VIPS_COLOR_RGB_OR_GRAY ||
        options->resize < FOVEA_VIPS_RESIZE_NONE || options->resize > FOVEA_VIPS_RESIZE_EXACT) {
        return fovea_vips_refuse(FOVEA_VIPS_ERROR_ARGUMENT, "unknown resize or colour mode");
    }
    return FOVEA_VIPS_OK;
}

static FoveaVipsStatus open_image(const FoveaVipsOrigin *origin, const FoveaVipsDecodeOptions *options,
                                  FoveaVipsHeader *header, FoveaVipsImage **result)
{
    FoveaVipsStatus status = check_options(options);
    if (status != FOVEA_VIPS_OK) {
        return status;
    }
    VipsSource *source = fovea_vips_source(origin);
    if (!source) {
        return FOVEA_VIPS_ERROR_HEADER;
    }
    const char *loader = vips_foreign_find_load_source(source);
    if (!loader) {
        g_object_unref(source);
        return fovea_vips_fail(FOVEA_VIPS_ERROR_NOT_AN_IMAGE, "not a known image format");
    }
    // Only the header is read here: pixels are decoded when the image is read.
    VipsImage *image = vips_image_new_from_source(source, "", "access", VIPS_ACCESS_SEQUENTIAL, "fail_on",
                                                  fail_on(options), NULL);
    g_object_unref(source);
    if (!image) {
        return fovea_vips_fail(FOVEA_VIPS_ERROR_HEADER, "cannot read the image header");
    }
    fovea_vips_fill_header(image, loader, header);
    // The decompression-bomb check, before any pixel is decoded.
    uint64_t pixels = (uint64_t)header->width * (uint64_t)header->height;
    if (pixels > options->max_pixels) {
        g_object_unref(image);
        return fovea_vips_refuse(FOVEA_VIPS_ERROR_TOO_MANY_PIXELS, "the header declares too many pixels");
    }
    if (options->resize == FOVEA_VIPS_RESIZE_NONE) {
        status = load_full_size(&image, options);
    } else {
        VIPS_UNREF(image);
        status = load_resized(origin, options, &image);
    }
    if (status != FOVEA_VIPS_OK) {
        return status;
    }
    VipsImage *converted = NULL;
    status = fovea_vips_convert_colour(image, options, &converted);
    if (status != FOVEA_VIPS_OK) {
        return status;
    }
    *result = g_new0(FoveaVipsImage, 1);
    (*result)->image = converted;
    return FOVEA_VIPS_OK;
}

FoveaVipsStatus fovea_vips_open_file(const char *path, const FoveaVipsDecodeOptions *options,
                                     FoveaVipsHeader *header, FoveaVipsImage **image)
{
    FoveaVipsStatus status = fovea_vips_begin();
    if (status != FOVEA_VIPS_OK) {
        return status;
    }
    if (!path || !options || !header || !image) {
        return fovea_vips_refuse(FOVEA_VIPS_ERROR_ARGUMENT, "missing path, options, header or result");
    }
    *image = NULL;
    memset(header, 0, sizeof *header);
    FoveaVipsOrigin origin = { .path = path };
    return open_image(&origin, options, header, image);
}

FoveaVipsStatus fovea_vips_open_buffer(const void *data, size_t length, const FoveaVipsDecodeOptions *options,
                                       FoveaVipsHeader *header, FoveaVipsImage **image)
{
    FoveaVipsStatus status = fovea_vips_begin();
    if (status != FOVEA_VIPS_OK) {
        return status;
    }
    if (!data || length == 0 || !options || !header || !image) {
        return fovea_vips_refuse(FOVEA_VIPS_ERROR_ARGUMENT, "missing data, options, header or result");
    }
    *image = NULL;
    memset(header, 0, sizeof *header);
    FoveaVipsOrigin origin = { .data = data, .length = length };
    return open_image(&origin, options, header, image);
}

int fovea_vips_image_width(const FoveaVipsImage *image)
{
    return image ? vips_image_get_width(image->image) : 0;
}

int fovea_vips_image_height(const FoveaVipsImage *image)
{
    return image ? vips_image_get_height(image->image) : 0;
}

int fovea_vips_image_channels(const FoveaVipsImage *image)
{
    return image ? vips_image_get_bands(image->image) : 0;
}

typedef struct {
    uint8_t *pixels;
    size_t row_bytes;
    size_t pixel_bytes;
} Destination;

/// Called by vips_sink_disc with finished strips, one at a time, top to bottom.
static int copy_rows(VipsRegion *region, VipsRect *area, void *context)
{
    Destination *destination = context;
    size_t bytes = (size_t)area->width * destination->pixel_bytes;
    for (int y = area->top; y < VIPS_RECT_BOTTOM(area); y++) {
        uint8_t *row = destination->pixels + (size_t)y * destination->row_bytes;
        memcpy(row + (size_t)area->left * destination->pixel_bytes, VIPS_REGION_ADDR(region, area->left, y), bytes);
    }
    return 0;
}

FoveaVipsStatus fovea_vips_image_read(FoveaVipsImage *image, uint8_t *pixels, size_t length)
{
    FoveaVipsStatus status = fovea_vips_begin();
    if (status != FOVEA_VIPS_OK) {
        return status;
    }
    if (!image || !pixels) {
        return fovea_vips_refuse(FOVEA_VIPS_ERROR_ARGUMENT, "missing image or pixel buffer");
    }
    VipsImage *in = image->image;
    Destination destination = {
        .pixels = pixels,
        .row_bytes = VIPS_IMAGE_SIZEOF_LINE(in),
        .pixel_bytes = VIPS_IMAGE_SIZEOF_PEL(in),
    };
    if (in->BandFmt != VIPS_FORMAT_UCHAR || length != destination.row_bytes * (size_t)in->Ysize) {
        return fovea_vips_refuse(FOVEA_VIPS_ERROR_ARGUMENT, "pixel buffer does not match the image");
    }
    // Rendering writes strips straight into the caller's buffer: no
    // intermediate copy of the whole image.
    if (vips_sink_disc(in, copy_rows, &destination) != 0) {
        return fovea_vips_fail(FOVEA_VIPS_ERROR_DECODE, "cannot decode the image");
    }
    return FOVEA_VIPS_OK;
}

void fovea_vips_image_free(FoveaVipsImage *image)
{
    if (image) {
        VIPS_UNREF(image->image);
        g_free(image);
    }
}
