// Non-variadic C functions over libvips for FoveaImage.
//
// Pure C with no libvips types, so Swift imports it without seeing GLib.
// Every function that can fail returns a FoveaVipsStatus; on failure the text
// of the error is kept per thread and read with fovea_vips_last_error().
#ifndef FOVEA_CVIPS_H
#define FOVEA_CVIPS_H

#include <stddef.h>
#include <stdint.h>

// Nullability annotations shape the Swift import; other compilers ignore them.
#ifndef __clang__
#define _Nullable
#define _Nonnull
#endif

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __clang__
#pragma clang assume_nonnull begin
#endif

typedef enum {
    FOVEA_VIPS_OK = 0,
    /// libvips could not start (vips_init failed).
    FOVEA_VIPS_ERROR_STARTUP = 1,
    /// No loader recognises the bytes.
    FOVEA_VIPS_ERROR_NOT_AN_IMAGE = 2,
    /// A loader recognised the format but could not read the header.
    FOVEA_VIPS_ERROR_HEADER = 3,
    /// The header declares more pixels than the caller allows.
    FOVEA_VIPS_ERROR_TOO_MANY_PIXELS = 4,
    /// Decoding, resizing or colour conversion failed.
    FOVEA_VIPS_ERROR_DECODE = 5,
    /// The image has a layout that cannot become 8-bit gray, RGB or RGBA.
    FOVEA_VIPS_ERROR_UNSUPPORTED = 6,
    /// Encoding to PNG or JPEG failed.
    FOVEA_VIPS_ERROR_ENCODE = 7,
    /// A caller passed an invalid argument (null pointer, bad size).
    FOVEA_VIPS_ERROR_ARGUMENT = 8,
} FoveaVipsStatus;

typedef enum {
    /// Keep the stored size.
    FOVEA_VIPS_RESIZE_NONE = 0,
    /// Scale (up or down) to fit inside target_width x target_height, keeping aspect.
    FOVEA_VIPS_RESIZE_FIT_INSIDE = 1,
    /// Scale to cover target_width x target_height, then crop the centre to exactly that.
    FOVEA_VIPS_RESIZE_COVER_CROP = 2,
    /// Scale to exactly target_width x target_height, ignoring aspect.
    FOVEA_VIPS_RESIZE_EXACT = 3,
} FoveaVipsResize;

typedef enum {
    /// Three channels; alpha is flattened onto the background.
    FOVEA_VIPS_COLOR_RGB = 0,
    /// Four channels; an opaque alpha channel is added when the image has none.
    FOVEA_VIPS_COLOR_RGBA = 1,
    /// One channel, ITU-R 601 luma as PIL computes it; alpha flattened first.
    FOVEA_VIPS_COLOR_GRAY = 2,
    /// One channel for grayscale sources, three for colour ones; alpha flattened.
    FOVEA_VIPS_COLOR_RGB_OR_GRAY = 3,
} FoveaVipsColor;

typedef enum {
    FOVEA_VIPS_ENCODING_PNG = 0,
    FOVEA_VIPS_ENCODING_JPEG = 1,
} FoveaVipsEncoding;

typedef struct {
    FoveaVipsResize resize;
    int target_width;
    int target_height;
    FoveaVipsColor color;
    /// sRGB background for flattening alpha, each 0...255.
    uint8_t background[3];
    /// Non-zero: reject truncated or corrupt data instead of decoding what is there.
    int strict;
    /// Non-zero: apply the EXIF orientation so the result is upright.
    int autorotate;
    /// Largest width * height accepted from the header.
    uint64_t max_pixels;
} FoveaVipsDecodeOptions;

/// What the header of an image declares, read without decoding pixels.
typedef struct {
    int width;
    int height;
    int bands;
    /// EXIF orientation, 1 (upright) to 8.
    int orientation;
    int has_alpha;
    /// Sample format nickname: "uchar", "ushort", "float", ...
    char format[16];
    /// Loader nickname: "jpegload", "pngload", ...
    char loader[32];
} FoveaVipsHeader;

/// A decoded, not yet rendered image: 8-bit, 1, 3 or 4 channels.
typedef struct FoveaVipsImage FoveaVipsImage;

/// Starts libvips once per process (later calls return the first result).
/// Every other function calls it, so callers need not.
FoveaVipsStatus fovea_vips_start(void);

/// The error text of this thread's last failed call; empty if none.
const char *fovea_vips_last_error(void);

/// Reads the header of a file.
FoveaVipsStatus fovea_vips_probe_file(const char *path, FoveaVipsHeader *header);

/// Reads the header of an encoded image in memory.
FoveaVipsStatus fovea_vips_probe_buffer(const void *_Nullable data, size_t length, FoveaVipsHeader *header);

/// Reads the header, checks max_pixels, and builds the decode pipeline
/// (shrink-on-load when resizing). `header` is filled whenever the header
/// could be read, also on FOVEA_VIPS_ERROR_TOO_MANY_PIXELS.
FoveaVipsStatus fovea_vips_open_file(const char *path, const FoveaVipsDecodeOptions *options,
                                     FoveaVipsHeader *header, FoveaVipsImage *_Nullable *_Nonnull image);

/// As fovea_vips_open_file, from memory. `data` must stay valid and unchanged
/// until the image is freed: libvips reads it lazily without copying.
FoveaVipsStatus fovea_vips_open_buffer(const void *_Nullable data, size_t length, const FoveaVipsDecodeOptions *options,
                                       FoveaVipsHeader *header, FoveaVipsImage *_Nullable *_Nonnull image);

int fovea_vips_image_width(const FoveaVipsImage *image);
int fovea_vips_image_height(const FoveaVipsImage *image);
int fovea_vips_image_channels(const FoveaVipsImage *image);

/// Runs the pipeline, writing rows of interleaved 8-bit samples into `pixels`,
/// which must hold exactly width * height * channels bytes. Decoding errors
/// (a truncated file in strict mode) are reported here.
FoveaVipsStatus fovea_vips_image_read(FoveaVipsImage *image, uint8_t *_Nullable pixels, size_t length);

/// Releases an image from fovea_vips_open_*; null is ignored.
void fovea_vips_image_free(FoveaVipsImage *_Nullable image);

/// Encodes interleaved 8-bit pixels (1 to 4 channels). On success `*data`
/// holds `*length` bytes to release with fovea_vips_free. `quality` (1...100)
/// is used by JPEG only; JPEG drops an alpha channel.
FoveaVipsStatus fovea_vips_encode(const uint8_t *_Nullable pixels, int width, int height, int channels,
                                  FoveaVipsEncoding encoding, int quality, void *_Nullable *_Nonnull data,
                                  size_t *length);

/// Releases memory returned by fovea_vips_encode; null is ignored.
void fovea_vips_free(void *_Nullable data);

/// libvips's own accounting of what it holds now: tracked bytes, tracked
/// allocations and open files. Lets tests show that decoding leaks nothing.
void fovea_vips_resources(size_t *_Nullable bytes, int *_Nullable allocations, int *_Nullable files);

#ifdef __clang__
#pragma clang assume_nonnull end
#endif

#ifdef __cplusplus
}
#endif

#endif
